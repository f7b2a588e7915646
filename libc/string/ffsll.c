#include <string.h>

int ffsll(long long i)
{
	return __builtin_ffsll(i);
}
