#include <ctype.h>

int(isprint)(int c)
{
	return __isctype(c, _ISprint);
}
