/*
 * The _FORTIFY_SOURCE entry points (libc/fortify/): what glibc's headers
 * call at -D_FORTIFY_SOURCE=1/2 when the compiler knows the size of a
 * destination (bits/stdio2.h, bits/string_fortified.h, bits/wchar2.h,
 * bits/unistd.h ...).  Each checks the size, then does the plain
 * function's work; a check that fails ends the program in __chk_fail.
 *
 * The printf family's flag (> 0 at level 2) refuses %n in a writable
 * format and gaps in numbered arguments (osv_fortify_format).
 */
#ifndef OSV_LIBC_FORTIFY_FORTIFY_H
#define OSV_LIBC_FORTIFY_FORTIFY_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>

_Noreturn void __chk_fail(void);

/* "*** what ***: terminated" on descriptor 2, then abort(). */
_Noreturn void osv_fortify_fail(const char *what)
    __attribute__((visibility("hidden")));

/*
 * The checks of the printf family's flag on the format fmt (a wide one
 * in the encoding of libc/stdio/format_wide.h), whose text lies at
 * [text, text + len) (format_chk.c).
 */
void osv_fortify_format(int flag, const char *fmt, const void *text,
			size_t len) __attribute__((visibility("hidden")));

int __printf_chk(int flag, const char *fmt, ...);
int __fprintf_chk(FILE *f, int flag, const char *fmt, ...);
int __vprintf_chk(int flag, const char *fmt, va_list ap);
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap);
int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...);
int __vsprintf_chk(char *s, int flag, size_t slen, const char *fmt, va_list ap);
int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
		   const char *fmt, ...);
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
		    const char *fmt, va_list ap);
int __asprintf_chk(char **out, int flag, const char *fmt, ...);
int __vasprintf_chk(char **out, int flag, const char *fmt, va_list ap);
int __dprintf_chk(int fd, int flag, const char *fmt, ...);
int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap);
char *__fgets_chk(char *buf, size_t size, int n, FILE *f);
char *__fgets_unlocked_chk(char *buf, size_t size, int n, FILE *f);
size_t __fread_chk(void *p, size_t plen, size_t size, size_t n, FILE *f);
size_t __fread_unlocked_chk(void *p, size_t plen, size_t size, size_t n,
			    FILE *f);

void *__memcpy_chk(void *d, const void *s, size_t n, size_t dlen);
void *__memmove_chk(void *d, const void *s, size_t n, size_t dlen);
void *__mempcpy_chk(void *d, const void *s, size_t n, size_t dlen);
void *__memset_chk(void *d, int c, size_t n, size_t dlen);
void __explicit_bzero_chk(void *d, size_t n, size_t dlen);
char *__strcpy_chk(char *d, const char *s, size_t dlen);
char *__stpcpy_chk(char *d, const char *s, size_t dlen);
char *__strncpy_chk(char *d, const char *s, size_t n, size_t dlen);
char *__stpncpy_chk(char *d, const char *s, size_t n, size_t dlen);
char *__strcat_chk(char *d, const char *s, size_t dlen);
char *__strncat_chk(char *d, const char *s, size_t n, size_t dlen);

wchar_t *__wmemcpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);
wchar_t *__wmemmove_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);
wchar_t *__wmempcpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);
wchar_t *__wmemset_chk(wchar_t *d, wchar_t c, size_t n, size_t dlen);
wchar_t *__wcscpy_chk(wchar_t *d, const wchar_t *s, size_t dlen);
wchar_t *__wcpcpy_chk(wchar_t *d, const wchar_t *s, size_t dlen);
wchar_t *__wcsncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);
wchar_t *__wcpncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);
wchar_t *__wcscat_chk(wchar_t *d, const wchar_t *s, size_t dlen);
wchar_t *__wcsncat_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen);
size_t __mbstowcs_chk(wchar_t *d, const char *s, size_t n, size_t dlen);
size_t __wcstombs_chk(char *d, const wchar_t *s, size_t n, size_t dlen);
size_t __mbsrtowcs_chk(wchar_t *d, const char **s, size_t n, mbstate_t *ps,
		       size_t dlen);
size_t __mbsnrtowcs_chk(wchar_t *d, const char **s, size_t nms, size_t n,
			mbstate_t *ps, size_t dlen);
size_t __wcsrtombs_chk(char *d, const wchar_t **s, size_t n, mbstate_t *ps,
		       size_t dlen);
size_t __wcsnrtombs_chk(char *d, const wchar_t **s, size_t nwc, size_t n,
			mbstate_t *ps, size_t dlen);
size_t __wcrtomb_chk(char *s, wchar_t wc, mbstate_t *ps, size_t buflen);
int __wctomb_chk(char *s, wchar_t wc, size_t buflen);

int __fwprintf_chk(FILE *f, int flag, const wchar_t *fmt, ...);
int __wprintf_chk(int flag, const wchar_t *fmt, ...);
int __vfwprintf_chk(FILE *f, int flag, const wchar_t *fmt, va_list ap);
int __vwprintf_chk(int flag, const wchar_t *fmt, va_list ap);
int __swprintf_chk(wchar_t *s, size_t maxlen, int flag, size_t slen,
		   const wchar_t *fmt, ...);
int __vswprintf_chk(wchar_t *s, size_t maxlen, int flag, size_t slen,
		    const wchar_t *fmt, va_list ap);
wchar_t *__fgetws_chk(wchar_t *buf, size_t size, int n, FILE *f);
wchar_t *__fgetws_unlocked_chk(wchar_t *buf, size_t size, int n, FILE *f);

long __fdelt_chk(long d);

#endif
