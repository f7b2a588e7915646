/*
 * The global locale (libc/locale): only "C" (also "POSIX") and "C.UTF-8"
 * exist, so a category is its name, and only LC_CTYPE changes behaviour:
 * the multibyte functions use UTF-8 or ASCII.
 */
#ifndef OSV_LIBC_INTERNAL_LOCALE_IMPL_H
#define OSV_LIBC_INTERNAL_LOCALE_IMPL_H

#include <stdbool.h>

#include "libc.h"

#define LOCALE_CATEGORIES 13 /* LC_CTYPE .. LC_IDENTIFICATION, LC_ALL */
#define LOCALE_NAME_MAX 32

struct osv_locale {
	char names[LOCALE_CATEGORIES][LOCALE_NAME_MAX];
	bool ctype_utf8;
};

extern struct osv_locale osv_locale LIBC_HIDDEN;

/* Whether the multibyte functions use UTF-8 (else ASCII). */
static inline bool locale_utf8(void)
{
	return osv_locale.ctype_utf8;
}

/* The names of the C locale's days and months, for strftime too. */
extern const char *const osv_c_days[7] LIBC_HIDDEN;
extern const char *const osv_c_abdays[7] LIBC_HIDDEN;
extern const char *const osv_c_months[12] LIBC_HIDDEN;
extern const char *const osv_c_abmonths[12] LIBC_HIDDEN;

#endif
