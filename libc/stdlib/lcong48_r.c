#include "rand48.h"

int lcong48_r(unsigned short param[7], struct drand48_data *data)
{
	for (int i = 0; i < 3; i++)
		data->__x[i] = param[i];
	data->__a = (unsigned long long)param[5] << 32 |
		    (unsigned long long)param[4] << 16 | param[3];
	data->__c = param[6];
	data->__init = 1;
	return 0;
}
