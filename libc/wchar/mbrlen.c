#include <wchar.h>

size_t mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps)
{
	static mbstate_t internal;
	return mbrtowc(NULL, s, n, ps ? ps : &internal);
}

/* glibc's internal name, which readline calls directly. */
extern __typeof(mbrlen) __mbrlen __attribute__((alias("mbrlen")));
