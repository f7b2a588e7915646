#include "rand48.h"

int mrand48_r(struct drand48_data *restrict data, long *restrict result)
{
	return jrand48_r(data->__x, data, result);
}
