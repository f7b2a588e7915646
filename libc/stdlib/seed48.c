#include "rand48.h"

unsigned short *seed48(unsigned short seed16v[3])
{
	seed48_r(seed16v, &osv_rand48_data);
	return osv_rand48_data.__old_x;
}
