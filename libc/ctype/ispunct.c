#include <ctype.h>

int(ispunct)(int c)
{
	return __isctype(c, _ISpunct);
}
