#include <ctype.h>

int(isxdigit)(int c)
{
	return __isctype(c, _ISxdigit);
}
