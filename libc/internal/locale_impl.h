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

/* BEGIN locale objects (libc/locale/newlocale.c) */
#include <locale.h>

/* A locale_t: glibc's public part first (its <ctype.h> macros read it),
 * then the category names and whether LC_CTYPE is UTF-8. */
struct osv_locale_obj {
	struct __locale_struct pub;
	char names[LOCALE_CATEGORIES][LOCALE_NAME_MAX];
	bool utf8;
};

/* The name setlocale records for a requested one (NULL: no such
 * locale), and what "" means for a category (libc/locale/setlocale.c). */
const char *osv_locale_canonical(const char *name) LIBC_HIDDEN;
const char *osv_locale_from_environment(int cat) LIBC_HIDDEN;

/* The calling thread's locale (uselocale), or NULL for the global one. */
locale_t osv_locale_thread(void) LIBC_HIDDEN;
extern bool osv_locale_threads_used LIBC_HIDDEN;
/* Whether LC_CTYPE of a locale object is UTF-8 (LC_GLOBAL_LOCALE: the
 * global locale's). */
bool osv_locale_obj_utf8(locale_t l) LIBC_HIDDEN;
/* END locale objects */

/* Whether the multibyte functions use UTF-8 (else ASCII), in the
 * calling thread's locale.  An inline definition: a caller compiled for
 * size calls the one external definition (libc/locale/locale_state.c). */
inline bool locale_utf8(void) LIBC_HIDDEN;
inline bool locale_utf8(void)
{
	if (osv_locale_threads_used) {
		locale_t l = osv_locale_thread();
		if (l)
			return ((const struct osv_locale_obj *)l)->utf8;
	}
	return osv_locale.ctype_utf8;
}

/* The names of the C locale's days and months, for strftime too. */
extern const char *const osv_c_days[7] LIBC_HIDDEN;
extern const char *const osv_c_abdays[7] LIBC_HIDDEN;
extern const char *const osv_c_months[12] LIBC_HIDDEN;
extern const char *const osv_c_abmonths[12] LIBC_HIDDEN;

#endif
