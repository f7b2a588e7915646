#include "rand48.h"

double drand48(void)
{
	double r;
	drand48_r(&osv_rand48_data, &r);
	return r;
}
