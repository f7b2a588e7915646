#include "rand48.h"

long mrand48(void)
{
	long r;
	mrand48_r(&osv_rand48_data, &r);
	return r;
}
