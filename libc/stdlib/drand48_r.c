#include "rand48.h"

int drand48_r(struct drand48_data *restrict data, double *restrict result)
{
	return erand48_r(data->__x, data, result);
}
