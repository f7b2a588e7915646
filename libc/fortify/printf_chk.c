/* The printf family's fortified entry points (see fortify.h). */
#include <string.h>

#include "fortify.h"
#include "program_vars.h"
#include "../stdio/vformat.h"

int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap)
{
	osv_fortify_format(flag, fmt, fmt, strlen(fmt));
	return vfprintf(f, fmt, ap);
}

int __vprintf_chk(int flag, const char *fmt, va_list ap)
{
	return __vfprintf_chk(STDOUT, flag, fmt, ap);
}

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vfprintf_chk(f, flag, fmt, ap);
	va_end(ap);
	return r;
}

int __printf_chk(int flag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vfprintf_chk(STDOUT, flag, fmt, ap);
	va_end(ap);
	return r;
}

/* sprintf into an object of slen bytes: output that does not fit fails. */
int __vsprintf_chk(char *s, int flag, size_t slen, const char *fmt, va_list ap)
{
	osv_fortify_format(flag, fmt, fmt, strlen(fmt));
	if (slen == 0)
		__chk_fail();
	int r = osv_vsnprintf(s, slen, fmt, ap);
	if (r >= 0 && (size_t)r >= slen)
		__chk_fail();
	return r;
}

int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vsprintf_chk(s, flag, slen, fmt, ap);
	va_end(ap);
	return r;
}

/* snprintf told it may write more than the object holds fails. */
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
		    const char *fmt, va_list ap)
{
	if (slen < maxlen)
		__chk_fail();
	osv_fortify_format(flag, fmt, fmt, strlen(fmt));
	return osv_vsnprintf(s, maxlen, fmt, ap);
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vsnprintf_chk(s, maxlen, flag, slen, fmt, ap);
	va_end(ap);
	return r;
}

int __vasprintf_chk(char **out, int flag, const char *fmt, va_list ap)
{
	osv_fortify_format(flag, fmt, fmt, strlen(fmt));
	return vasprintf(out, fmt, ap);
}

int __asprintf_chk(char **out, int flag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vasprintf_chk(out, flag, fmt, ap);
	va_end(ap);
	return r;
}

int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap)
{
	osv_fortify_format(flag, fmt, fmt, strlen(fmt));
	return vdprintf(fd, fmt, ap);
}

int __dprintf_chk(int fd, int flag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vdprintf_chk(fd, flag, fmt, ap);
	va_end(ap);
	return r;
}
