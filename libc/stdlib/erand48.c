#include "rand48.h"

double erand48(unsigned short xsubi[3])
{
	double r;
	erand48_r(xsubi, &osv_rand48_data, &r);
	return r;
}
