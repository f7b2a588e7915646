#include <stdlib.h>

#include "locale_impl.h"

/* What MB_CUR_MAX expands to: glibc counts up to 6 bytes for UTF-8. */
size_t __ctype_get_mb_cur_max(void)
{
	return locale_utf8() ? 6 : 1;
}
