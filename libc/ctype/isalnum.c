#include <ctype.h>

int(isalnum)(int c)
{
	return __isctype(c, _ISalnum);
}
