/*
 * The _l functions of POSIX.1-2008 and glibc (and glibc's __ names for
 * them, which libstdc++ calls).  In both locales that exist, C and
 * C.UTF-8, numbers, collation, messages, times and the byte classes are
 * those of C; only the codeset differs, so these are the plain
 * functions except where LC_CTYPE's codeset shows (nl_langinfo_l's
 * CODESET; the wide functions are in libc/wctype).
 */
#include <ctype.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "locale_impl.h"

/* (name)(c): the function, a jump, not ctype.h's macro's table
 * lookup compiled once more in each. */
#define CTYPE_L(name)                                                          \
	int name##_l(int c, locale_t l)                                        \
	{                                                                      \
		(void)l;                                                       \
		return (name)(c);                                              \
	}                                                                      \
	LIBC_ALIAS(name##_l, __##name##_l);

CTYPE_L(isalnum)
CTYPE_L(isalpha)
CTYPE_L(isblank)
CTYPE_L(iscntrl)
CTYPE_L(isdigit)
CTYPE_L(isgraph)
CTYPE_L(islower)
CTYPE_L(isprint)
CTYPE_L(ispunct)
CTYPE_L(isspace)
CTYPE_L(isupper)
CTYPE_L(isxdigit)
CTYPE_L(tolower)
CTYPE_L(toupper)

double strtod_l(const char *restrict s, char **restrict end, locale_t l)
{
	(void)l;
	return strtod(s, end);
}

float strtof_l(const char *restrict s, char **restrict end, locale_t l)
{
	(void)l;
	return strtof(s, end);
}

long double strtold_l(const char *restrict s, char **restrict end, locale_t l)
{
	(void)l;
	return strtold(s, end);
}

long strtol_l(const char *restrict s, char **restrict end, int base, locale_t l)
{
	(void)l;
	return strtol(s, end, base);
}

unsigned long strtoul_l(const char *restrict s, char **restrict end, int base,
			locale_t l)
{
	(void)l;
	return strtoul(s, end, base);
}

long long strtoll_l(const char *restrict s, char **restrict end, int base,
		    locale_t l)
{
	(void)l;
	return strtoll(s, end, base);
}

unsigned long long strtoull_l(const char *restrict s, char **restrict end,
			      int base, locale_t l)
{
	(void)l;
	return strtoull(s, end, base);
}

LIBC_ALIAS(strtod_l, __strtod_l);
LIBC_ALIAS(strtof_l, __strtof_l);
LIBC_ALIAS(strtold_l, __strtold_l);
LIBC_ALIAS(strtol_l, __strtol_l);
LIBC_ALIAS(strtoul_l, __strtoul_l);
LIBC_ALIAS(strtoll_l, __strtoll_l);
LIBC_ALIAS(strtoull_l, __strtoull_l);

int strcoll_l(const char *a, const char *b, locale_t l)
{
	(void)l;
	return strcoll(a, b);
}

size_t strxfrm_l(char *restrict dst, const char *restrict src, size_t n,
		 locale_t l)
{
	(void)l;
	return strxfrm(dst, src, n);
}

int wcscoll_l(const wchar_t *a, const wchar_t *b, locale_t l)
{
	(void)l;
	return wcscoll(a, b);
}

size_t wcsxfrm_l(wchar_t *restrict dst, const wchar_t *restrict src, size_t n,
		 locale_t l)
{
	(void)l;
	return wcsxfrm(dst, src, n);
}

LIBC_ALIAS(strcoll_l, __strcoll_l);
LIBC_ALIAS(strxfrm_l, __strxfrm_l);
LIBC_ALIAS(wcscoll_l, __wcscoll_l);
LIBC_ALIAS(wcsxfrm_l, __wcsxfrm_l);

char *strerror_l(int e, locale_t l)
{
	(void)l;
	return strerror(e);
}

size_t strftime_l(char *restrict s, size_t max, const char *restrict fmt,
		  const struct tm *restrict tm, locale_t l)
{
	(void)l;
	return strftime(s, max, fmt, tm);
}

LIBC_ALIAS(strftime_l, __strftime_l);

char *nl_langinfo_l(nl_item item, locale_t l)
{
	if (item == CODESET)
		return osv_locale_obj_utf8(l) ? (char *)"UTF-8"
					      : (char *)"ANSI_X3.4-1968";
	return nl_langinfo(item);
}

LIBC_ALIAS(nl_langinfo_l, __nl_langinfo_l);
