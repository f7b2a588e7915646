#include <ctype.h>

int(isupper)(int c)
{
	return __isctype(c, _ISupper);
}
