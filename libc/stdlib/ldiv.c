#include <stdlib.h>

ldiv_t ldiv(long num, long den)
{
	return (ldiv_t){.quot = num / den, .rem = num % den};
}
