#include "rand48.h"

/* The high 32 bits, as a signed number. */
int jrand48_r(unsigned short xsubi[3], struct drand48_data *restrict data,
	      long *restrict result)
{
	*result = (int32_t)(uint32_t)(osv_rand48_step(xsubi, data) >> 16);
	return 0;
}
