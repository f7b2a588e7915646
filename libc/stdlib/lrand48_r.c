#include "rand48.h"

int lrand48_r(struct drand48_data *restrict data, long *restrict result)
{
	return nrand48_r(data->__x, data, result);
}
