#include "rand48.h"

int erand48_r(unsigned short xsubi[3], struct drand48_data *restrict data,
	      double *restrict result)
{
	*result = rand48_to_double(osv_rand48_step(xsubi, data));
	return 0;
}
