/*
 * Lookups in the Unicode tables of the wide-character functions: a
 * binary search in a class's ranges, or in the case runs.
 */
#include <stddef.h>
#include <stdint.h>

#include "wctype_impl.h"

struct wc_range {
	uint32_t first, last;
};

struct wc_case {
	uint32_t first, last;
	int32_t delta;
	uint32_t step;
};

#include "wctype_table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const struct wc_range *r;
	size_t n;
} class_tables[WC_CLASSES] = {
    [WC_ALNUM] = {wc_alnum, N(wc_alnum)},
    [WC_ALPHA] = {wc_alpha, N(wc_alpha)},
    [WC_BLANK] = {wc_blank, N(wc_blank)},
    [WC_CNTRL] = {wc_cntrl, N(wc_cntrl)},
    [WC_DIGIT] = {wc_digit, N(wc_digit)},
    [WC_GRAPH] = {wc_graph, N(wc_graph)},
    [WC_LOWER] = {wc_lower, N(wc_lower)},
    [WC_PRINT] = {wc_print, N(wc_print)},
    [WC_PUNCT] = {wc_punct, N(wc_punct)},
    [WC_SPACE] = {wc_space, N(wc_space)},
    [WC_UPPER] = {wc_upper, N(wc_upper)},
    [WC_XDIGIT] = {wc_xdigit, N(wc_xdigit)},
};

int osv_wc_is(wint_t wc, enum wc_class cls, bool utf8)
{
	if ((unsigned)cls >= WC_CLASSES || wc >= (utf8 ? 0x110000u : 0x80u))
		return 0;
	const struct wc_range *r = class_tables[cls].r;
	size_t lo = 0, hi = class_tables[cls].n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (wc < r[mid].first)
			hi = mid;
		else if (wc > r[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

wint_t osv_wc_map(wint_t wc, bool upper, bool utf8)
{
	if (wc >= (utf8 ? 0x110000u : 0x80u))
		return wc;
	const struct wc_case *r = upper ? wc_toupper : wc_tolower;
	size_t lo = 0, hi = upper ? N(wc_toupper) : N(wc_tolower);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (wc < r[mid].first)
			hi = mid;
		else if (wc > r[mid].last)
			lo = mid + 1;
		else
			return (wc - r[mid].first) % r[mid].step
				   ? wc
				   : (wint_t)((int32_t)wc + r[mid].delta);
	}
	return wc;
}
