#include <ctype.h>

int(isalpha)(int c)
{
	return __isctype(c, _ISalpha);
}
