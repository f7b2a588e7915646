#include "rand48.h"

long jrand48(unsigned short xsubi[3])
{
	long r;
	jrand48_r(xsubi, &osv_rand48_data, &r);
	return r;
}
