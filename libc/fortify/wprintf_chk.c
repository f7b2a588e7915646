/*
 * The wide printf family's and fgetws's fortified entry points
 * (bits/wchar2.h); sizes are in wide characters.
 */
#include <stdlib.h>

#include "../stdio/format_wide.h"
#include "fortify.h"
#include "program_vars.h"

/* osv_fortify_format on a wide format. */
static void check_format(int flag, const wchar_t *fmt)
{
	char small[256];
	char *enc;

	if (flag <= 0 || !(enc = osv_wenc_format(fmt, small, sizeof(small))))
		return; /* the formatter reports a format it cannot take */
	osv_fortify_format(flag, enc, fmt, wcslen(fmt) * sizeof(wchar_t));
	if (enc != small)
		free(enc);
}

int __vfwprintf_chk(FILE *f, int flag, const wchar_t *fmt, va_list ap)
{
	check_format(flag, fmt);
	return vfwprintf(f, fmt, ap);
}

int __vwprintf_chk(int flag, const wchar_t *fmt, va_list ap)
{
	return __vfwprintf_chk(STDOUT, flag, fmt, ap);
}

int __fwprintf_chk(FILE *f, int flag, const wchar_t *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vfwprintf_chk(f, flag, fmt, ap);
	va_end(ap);
	return r;
}

int __wprintf_chk(int flag, const wchar_t *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vfwprintf_chk(STDOUT, flag, fmt, ap);
	va_end(ap);
	return r;
}

/* swprintf told it may write more than the object holds fails. */
int __vswprintf_chk(wchar_t *s, size_t maxlen, int flag, size_t slen,
		    const wchar_t *fmt, va_list ap)
{
	if (slen < maxlen)
		__chk_fail();
	check_format(flag, fmt);
	return vswprintf(s, maxlen, fmt, ap);
}

int __swprintf_chk(wchar_t *s, size_t maxlen, int flag, size_t slen,
		   const wchar_t *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __vswprintf_chk(s, maxlen, flag, slen, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * fgetws into an object of size characters: a line that would not fit
 * fails, as in glibc, which reads at most size characters and fails
 * when it got that many.
 */
wchar_t *__fgetws_unlocked_chk(wchar_t *buf, size_t size, int n, FILE *f)
{
	if (n <= 0)
		return NULL;
	if ((size_t)n <= size)
		return fgetws_unlocked(buf, n, f);
	wchar_t *r = fgetws_unlocked(buf, (int)size, f);
	if (r && wcslen(buf) == size - 1 &&
	    (size < 2 || buf[size - 2] != L'\n')) {
		/* size - 1 characters fitted: one more would overflow. */
		wint_t c = fgetwc_unlocked(f);
		if (c != WEOF)
			__chk_fail();
	}
	return r;
}

wchar_t *__fgetws_chk(wchar_t *buf, size_t size, int n, FILE *f)
{
	flockfile(f);
	wchar_t *r = __fgetws_unlocked_chk(buf, size, n, f);
	funlockfile(f);
	return r;
}
