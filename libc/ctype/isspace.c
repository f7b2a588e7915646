#include <ctype.h>

int(isspace)(int c)
{
	return __isctype(c, _ISspace);
}
