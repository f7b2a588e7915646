#include <ctype.h>

int(isblank)(int c)
{
	return __isctype(c, _ISblank);
}
