#include <stdio.h>

int __isoc99_sscanf(const char *restrict str, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __isoc99_vsscanf(str, fmt, ap);
	va_end(ap);
	return r;
}

int sscanf(const char *restrict str, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsscanf(str, fmt, ap);
	va_end(ap);
	return r;
}
