#include "rand48.h"

/* The high 31 bits: nonnegative. */
int nrand48_r(unsigned short xsubi[3], struct drand48_data *restrict data,
	      long *restrict result)
{
	*result = (long)(osv_rand48_step(xsubi, data) >> 17);
	return 0;
}
