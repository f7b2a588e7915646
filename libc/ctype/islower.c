#include <ctype.h>

int(islower)(int c)
{
	return __isctype(c, _ISlower);
}
