#include "rand48.h"

long nrand48(unsigned short xsubi[3])
{
	long r;
	nrand48_r(xsubi, &osv_rand48_data, &r);
	return r;
}
