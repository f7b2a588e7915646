#include "rand48.h"

void srand48(long seed)
{
	srand48_r(seed, &osv_rand48_data);
}
