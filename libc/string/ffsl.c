#include <string.h>

int ffsl(long i)
{
	return __builtin_ffsl(i);
}
