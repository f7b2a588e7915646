#include <stdlib.h>

lldiv_t lldiv(long long num, long long den)
{
	return (lldiv_t){.quot = num / den, .rem = num % den};
}
