#include "rand48.h"

/* The high 32 bits of the state from the seed's low 32, then 0x330e. */
int srand48_r(long seed, struct drand48_data *data)
{
	data->__x[2] = (unsigned short)(seed >> 16);
	data->__x[1] = (unsigned short)seed;
	data->__x[0] = 0x330e;
	data->__a = RAND48_A;
	data->__c = RAND48_C;
	data->__init = 1;
	return 0;
}
