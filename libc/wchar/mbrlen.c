#include <wchar.h>

#include "libc.h"

size_t mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps)
{
	static mbstate_t internal;
	return mbrtowc(NULL, s, n, ps ? ps : &internal);
}

/* glibc's internal name, which readline calls directly. */
LIBC_ALIAS(mbrlen, __mbrlen);
