#include <stdlib.h>

/* Three steps of the POSIX example generator, 11 + 10 + 10 bits. */
int rand_r(unsigned int *seed)
{
	unsigned int next = *seed;
	int result = 0;
	for (int i = 0; i < 3; i++) {
		next = next * 1103515245 + 12345;
		unsigned bits = i ? 10 : 11;
		result =
		    (result << bits) ^ (int)((next >> 16) & ((1u << bits) - 1));
	}
	*seed = next;
	return result;
}
