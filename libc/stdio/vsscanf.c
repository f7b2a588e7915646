/* The scanf family on strings. */
#include <stdio.h>

#include "libc.h"
#include "vscan.h"

struct string_source {
	struct scan_source src;
	const unsigned char *p;
};

static int string_get(struct scan_source *s)
{
	struct string_source *ss = (struct string_source *)s;
	return *ss->p ? *ss->p++ : EOF;
}

static void string_unget(struct scan_source *s, int c)
{
	(void)c;
	((struct string_source *)s)->p--;
}

int osv_vsscanf_flags(const char *str, const char *fmt, va_list ap, int flags)
{
	struct string_source ss = {{string_get, string_unget},
				   (const unsigned char *)str};
	return osv_scan_core(&ss.src, fmt, ap, flags);
}

/*
 * glibc's headers send C99 programs to __isoc99_vsscanf; the plain name
 * keeps the GNU reading of "%as" (allocation) for older binaries.
 */
int __isoc99_vsscanf(const char *restrict str, const char *restrict fmt,
		     va_list ap)
{
	return osv_vsscanf_flags(str, fmt, ap, 0);
}

int vsscanf(const char *restrict str, const char *restrict fmt, va_list ap)
{
	return osv_vsscanf_flags(str, fmt, ap, SCAN_GNU_ALLOC_A);
}
