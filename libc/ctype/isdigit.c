#include <ctype.h>

int(isdigit)(int c)
{
	return __isctype(c, _ISdigit);
}
