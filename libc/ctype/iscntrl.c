#include <ctype.h>

int(iscntrl)(int c)
{
	return __isctype(c, _IScntrl);
}
