#include "rand48.h"

long lrand48(void)
{
	long r;
	lrand48_r(&osv_rand48_data, &r);
	return r;
}
