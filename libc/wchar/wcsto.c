/*
 * wcstol, wcstod and their family: the number syntax is ASCII in both
 * locales, so after the leading wide white space (iswspace: Unicode's
 * in C.UTF-8) the run of ASCII characters is converted with the narrow
 * functions (strtol, strtod: correctly rounded) and the end pointer
 * mapped back, one wide character a byte.  A run longer than the stack
 * buffer (a decimal of thousands of digits) is copied to the heap; if
 * that fails the conversion fails with ENOMEM and no characters used.
 */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdlib.h>
#include <wchar.h>
#include <wctype.h>

#include "libc.h"

struct narrow {
	char buf[128];
	char *s;     /* buf or a heap copy */
	size_t skip; /* wide characters of leading white space */
};

/* Fills n from s; false (errno ENOMEM) if no memory. */
static int narrow_copy(struct narrow *n, const wchar_t *s)
{
	size_t skip = 0, len = 0;
	while (iswspace((wint_t)s[skip]))
		skip++;
	while (s[skip + len] > 0 && s[skip + len] < 0x80)
		len++;
	n->skip = skip;
	n->s = len < sizeof(n->buf) ? n->buf : malloc(len + 1);
	if (!n->s) {
		errno = ENOMEM;
		return 0;
	}
	for (size_t i = 0; i < len; i++)
		n->s[i] = (char)s[skip + i];
	n->s[len] = '\0';
	return 1;
}

/* The wide end pointer for the narrow one; s itself if nothing was
 * converted, as the narrow functions do. */
static void narrow_done(struct narrow *n, const wchar_t *s, char *nend,
			wchar_t **end)
{
	if (end)
		*end = (wchar_t *)(nend == n->s
				       ? s
				       : s + n->skip + (size_t)(nend - n->s));
	if (n->s != n->buf)
		free(n->s);
}

#define WCSTO_INT(name, narrowfn, T)                                           \
	T name(const wchar_t *restrict s, wchar_t **restrict end, int base)    \
	{                                                                      \
		struct narrow n;                                               \
		if (!narrow_copy(&n, s)) {                                     \
			if (end)                                               \
				*end = (wchar_t *)s;                           \
			return 0;                                              \
		}                                                              \
		char *nend;                                                    \
		T v = narrowfn(n.s, &nend, base);                              \
		narrow_done(&n, s, nend, end);                                 \
		return v;                                                      \
	}                                                                      \
	T name##_l(const wchar_t *restrict s, wchar_t **restrict end,          \
		   int base, locale_t l)                                       \
	{                                                                      \
		(void)l;                                                       \
		return name(s, end, base);                                     \
	}

#define WCSTO_FP(name, narrowfn, T)                                            \
	T name(const wchar_t *restrict s, wchar_t **restrict end)              \
	{                                                                      \
		struct narrow n;                                               \
		if (!narrow_copy(&n, s)) {                                     \
			if (end)                                               \
				*end = (wchar_t *)s;                           \
			return 0;                                              \
		}                                                              \
		char *nend;                                                    \
		T v = narrowfn(n.s, &nend);                                    \
		narrow_done(&n, s, nend, end);                                 \
		return v;                                                      \
	}                                                                      \
	T name##_l(const wchar_t *restrict s, wchar_t **restrict end,          \
		   locale_t l)                                                 \
	{                                                                      \
		(void)l;                                                       \
		return name(s, end);                                           \
	}

WCSTO_INT(wcstol, strtol, long)
WCSTO_INT(wcstoul, strtoul, unsigned long)
WCSTO_INT(wcstoll, strtoll, long long)
WCSTO_INT(wcstoull, strtoull, unsigned long long)
WCSTO_FP(wcstod, strtod, double)
WCSTO_FP(wcstof, strtof, float)
WCSTO_FP(wcstold, strtold, long double)

intmax_t wcstoimax(const wchar_t *restrict s, wchar_t **restrict end, int base)
{
	return wcstoll(s, end, base);
}

uintmax_t wcstoumax(const wchar_t *restrict s, wchar_t **restrict end, int base)
{
	return wcstoull(s, end, base);
}

/* glibc's other names: BSD's q forms and the internal _l ones. */
LIBC_ALIAS(wcstoll, wcstoq);
LIBC_ALIAS(wcstoull, wcstouq);
LIBC_ALIAS(wcstol_l, __wcstol_l);
LIBC_ALIAS(wcstoul_l, __wcstoul_l);
LIBC_ALIAS(wcstoll_l, __wcstoll_l);
LIBC_ALIAS(wcstoull_l, __wcstoull_l);
LIBC_ALIAS(wcstod_l, __wcstod_l);
LIBC_ALIAS(wcstof_l, __wcstof_l);
LIBC_ALIAS(wcstold_l, __wcstold_l);
