#include <stdlib.h>

int rand(void)
{
	return (int)random();
}

void srand(unsigned int seed)
{
	srandom(seed);
}
