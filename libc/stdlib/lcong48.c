#include "rand48.h"

void lcong48(unsigned short param[7])
{
	lcong48_r(param, &osv_rand48_data);
}
