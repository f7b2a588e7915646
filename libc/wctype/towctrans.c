/*
 * towlower, towupper, wctrans and towctrans.  A wctrans_t is a pointer
 * in glibc; here it points at one of two markers.
 */
#include <string.h>
#include <wctype.h>

#include "locale_impl.h"
#include "wctype_impl.h"

static const int trans_upper = 1, trans_lower = 2;

wint_t towlower(wint_t wc)
{
	return osv_wc_map(wc, false, locale_utf8());
}

wint_t towupper(wint_t wc)
{
	return osv_wc_map(wc, true, locale_utf8());
}

wint_t towlower_l(wint_t wc, locale_t l)
{
	return osv_wc_map(wc, false, osv_locale_obj_utf8(l));
}

wint_t towupper_l(wint_t wc, locale_t l)
{
	return osv_wc_map(wc, true, osv_locale_obj_utf8(l));
}

wctrans_t wctrans(const char *name)
{
	if (!strcmp(name, "toupper"))
		return &trans_upper;
	if (!strcmp(name, "tolower"))
		return &trans_lower;
	return NULL;
}

wctrans_t wctrans_l(const char *name, locale_t l)
{
	(void)l;
	return wctrans(name);
}

wint_t towctrans(wint_t wc, wctrans_t desc)
{
	if (desc == &trans_upper)
		return towupper(wc);
	if (desc == &trans_lower)
		return towlower(wc);
	return wc;
}

wint_t towctrans_l(wint_t wc, wctrans_t desc, locale_t l)
{
	if (desc == &trans_upper)
		return towupper_l(wc, l);
	if (desc == &trans_lower)
		return towlower_l(wc, l);
	return wc;
}

LIBC_ALIAS(towlower_l, __towlower_l);
LIBC_ALIAS(towupper_l, __towupper_l);
LIBC_ALIAS(towctrans_l, __towctrans_l);
LIBC_ALIAS(wctrans_l, __wctrans_l);
