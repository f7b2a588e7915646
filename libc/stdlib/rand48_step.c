#include "rand48.h"

struct drand48_data osv_rand48_data;

uint64_t osv_rand48_step(unsigned short xsubi[3], struct drand48_data *data)
{
	if (!data->__init) {
		data->__a = RAND48_A;
		data->__c = RAND48_C;
		data->__init = 1;
	}
	uint64_t x =
	    (uint64_t)xsubi[2] << 32 | (uint64_t)xsubi[1] << 16 | xsubi[0];
	x = (x * data->__a + data->__c) & 0xffffffffffffULL;
	xsubi[0] = (unsigned short)x;
	xsubi[1] = (unsigned short)(x >> 16);
	xsubi[2] = (unsigned short)(x >> 32);
	return x;
}
