/*
 * The wide-character classes and case mappings (libc/wctype): in the
 * C locale only ASCII has a class and a case, in C.UTF-8 all of
 * Unicode, from the tables gen-wctype.c made of glibc's C.UTF-8.
 */
#ifndef OSV_LIBC_WCTYPE_IMPL_H
#define OSV_LIBC_WCTYPE_IMPL_H

#include <stdbool.h>
#include <wctype.h>

#include "libc.h"

/* Class numbers; a wctype_t is the number plus one (0: no class). */
enum wc_class {
	WC_ALNUM,
	WC_ALPHA,
	WC_BLANK,
	WC_CNTRL,
	WC_DIGIT,
	WC_GRAPH,
	WC_LOWER,
	WC_PRINT,
	WC_PUNCT,
	WC_SPACE,
	WC_UPPER,
	WC_XDIGIT,
	WC_CLASSES
};

int osv_wc_is(wint_t wc, enum wc_class cls, bool utf8) LIBC_HIDDEN;
wint_t osv_wc_map(wint_t wc, bool upper, bool utf8) LIBC_HIDDEN;

#endif
