#include <string.h>

#include "rand48.h"

/* The previous state is kept in data->__old_x, where seed48 points. */
int seed48_r(unsigned short seed16v[3], struct drand48_data *data)
{
	memcpy(data->__old_x, data->__x, sizeof(data->__x));
	memcpy(data->__x, seed16v, sizeof(data->__x));
	data->__a = RAND48_A;
	data->__c = RAND48_C;
	data->__init = 1;
	return 0;
}
