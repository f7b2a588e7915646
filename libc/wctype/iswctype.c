/*
 * wctype, iswctype and the isw* functions, in the current locale (the
 * calling thread's, see uselocale) and with a locale object (_l).
 */
#include <string.h>
#include <wctype.h>

#include "locale_impl.h"
#include "wctype_impl.h"

static const char *const class_names[WC_CLASSES] = {
    [WC_ALNUM] = "alnum", [WC_ALPHA] = "alpha", [WC_BLANK] = "blank",
    [WC_CNTRL] = "cntrl", [WC_DIGIT] = "digit", [WC_GRAPH] = "graph",
    [WC_LOWER] = "lower", [WC_PRINT] = "print", [WC_PUNCT] = "punct",
    [WC_SPACE] = "space", [WC_UPPER] = "upper", [WC_XDIGIT] = "xdigit",
};

wctype_t wctype(const char *name)
{
	for (int i = 0; i < WC_CLASSES; i++)
		if (!strcmp(name, class_names[i]))
			return (wctype_t)i + 1;
	return 0;
}

wctype_t wctype_l(const char *name, locale_t l)
{
	(void)l;
	return wctype(name);
}

int iswctype(wint_t wc, wctype_t desc)
{
	return desc ? osv_wc_is(wc, (enum wc_class)(desc - 1), locale_utf8())
		    : 0;
}

int iswctype_l(wint_t wc, wctype_t desc, locale_t l)
{
	return desc ? osv_wc_is(wc, (enum wc_class)(desc - 1),
				osv_locale_obj_utf8(l))
		    : 0;
}

#define CLASS(name, cls)                                                       \
	int isw##name(wint_t wc)                                               \
	{                                                                      \
		return osv_wc_is(wc, cls, locale_utf8());                      \
	}                                                                      \
	int isw##name##_l(wint_t wc, locale_t l)                               \
	{                                                                      \
		return osv_wc_is(wc, cls, osv_locale_obj_utf8(l));             \
	}

CLASS(alnum, WC_ALNUM)
CLASS(alpha, WC_ALPHA)
CLASS(blank, WC_BLANK)
CLASS(cntrl, WC_CNTRL)
CLASS(digit, WC_DIGIT)
CLASS(graph, WC_GRAPH)
CLASS(lower, WC_LOWER)
CLASS(print, WC_PRINT)
CLASS(punct, WC_PUNCT)
CLASS(space, WC_SPACE)
CLASS(upper, WC_UPPER)
CLASS(xdigit, WC_XDIGIT)

/* glibc's internal names, which libstdc++ calls. */
LIBC_ALIAS(iswctype_l, __iswctype_l);
LIBC_ALIAS(wctype_l, __wctype_l);
LIBC_ALIAS(iswalnum_l, __iswalnum_l);
LIBC_ALIAS(iswalpha_l, __iswalpha_l);
LIBC_ALIAS(iswblank_l, __iswblank_l);
LIBC_ALIAS(iswcntrl_l, __iswcntrl_l);
LIBC_ALIAS(iswdigit_l, __iswdigit_l);
LIBC_ALIAS(iswgraph_l, __iswgraph_l);
LIBC_ALIAS(iswlower_l, __iswlower_l);
LIBC_ALIAS(iswprint_l, __iswprint_l);
LIBC_ALIAS(iswpunct_l, __iswpunct_l);
LIBC_ALIAS(iswspace_l, __iswspace_l);
LIBC_ALIAS(iswupper_l, __iswupper_l);
LIBC_ALIAS(iswxdigit_l, __iswxdigit_l);
