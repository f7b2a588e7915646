#include <ctype.h>

int(isgraph)(int c)
{
	return __isctype(c, _ISgraph);
}
