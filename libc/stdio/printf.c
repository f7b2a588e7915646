/*
 * The string-writing members of the printf family.  They are the libc
 * ABI symbols; everything else lives in the formatter core.
 */
#include <stdint.h>
#include <stdio.h>

#include "vformat.h"

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	return osv_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = osv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * sprintf trusts the buffer to be large enough; no more than INT_MAX
 * bytes can be reported anyway.
 */
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return osv_vsnprintf(buf, SIZE_MAX, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsprintf(buf, fmt, ap);
	va_end(ap);
	return r;
}
