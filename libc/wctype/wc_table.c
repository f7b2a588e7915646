/*
 * Lookups in the Unicode tables of the wide-character functions: a
 * binary search in a class's ranges, or in the case runs.
 */
#include <stddef.h>
#include <stdint.h>

#include "wctype_impl.h"

/* A range is one word: its first code point above WC_SPAN_BITS bits of
 * how many code points follow it (gen-wctype.c splits longer ones). */
#define WC_SPAN_BITS 11
#define WC_SPAN_MASK ((1u << WC_SPAN_BITS) - 1)
/* A case run's span has a bit less: the one above it is the step - 1. */
#define WC_CASE_SPAN_BITS 10
#define WC_CASE_SPAN_MASK ((1u << WC_CASE_SPAN_BITS) - 1)

struct wc_case {
	uint32_t run;
	int32_t delta;
};

#include "wctype_table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const uint32_t *r;
	size_t n;
} class_tables[WC_CLASSES] = {
    [WC_ALPHA] = {wc_alpha, N(wc_alpha)},
    [WC_BLANK] = {wc_blank, N(wc_blank)},
    [WC_CNTRL] = {wc_cntrl, N(wc_cntrl)},
    [WC_DIGIT] = {wc_digit, N(wc_digit)},
    [WC_GRAPH] = {wc_graph, N(wc_graph)},
    [WC_LOWER] = {wc_lower, N(wc_lower)},
    [WC_SPACE] = {wc_space, N(wc_space)},
    [WC_UPPER] = {wc_upper, N(wc_upper)},
    [WC_XDIGIT] = {wc_xdigit, N(wc_xdigit)},
};

/* The index of the last of the n words whose code point (above shift
 * bits) is at most wc, or n if none is. */
static size_t last_at_most(const uint32_t *w, size_t n, size_t stride,
			   unsigned shift, wint_t wc)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w[mid * stride] >> shift > wc)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo ? lo - 1 : n;
}

static int in_table(wint_t wc, enum wc_class cls)
{
	const uint32_t *r = class_tables[cls].r;
	size_t n = class_tables[cls].n;
	size_t i = last_at_most(r, n, 1, WC_SPAN_BITS, wc);
	return i < n && wc - (r[i] >> WC_SPAN_BITS) <= (r[i] & WC_SPAN_MASK);
}

/*
 * glibc's alnum, punct and print follow from other classes, and a code
 * point with an uppercase is lower, one with a lowercase upper: the
 * lower and upper tables hold the others (gen-wctype.c checks it).
 */
int osv_wc_is(wint_t wc, enum wc_class cls, bool utf8)
{
	if ((unsigned)cls >= WC_CLASSES || wc >= (utf8 ? 0x110000u : 0x80u))
		return 0;
	switch (cls) {
	case WC_LOWER:
		return osv_wc_map(wc, true, utf8) != wc ||
		       in_table(wc, WC_LOWER);
	case WC_UPPER:
		return osv_wc_map(wc, false, utf8) != wc ||
		       in_table(wc, WC_UPPER);
	case WC_ALNUM:
		return in_table(wc, WC_ALPHA) || in_table(wc, WC_DIGIT);
	case WC_PUNCT:
		return in_table(wc, WC_GRAPH) && !in_table(wc, WC_ALPHA) &&
		       !in_table(wc, WC_DIGIT);
	case WC_PRINT:
		return in_table(wc, WC_GRAPH) ||
		       (in_table(wc, WC_SPACE) && !in_table(wc, WC_CNTRL));
	default:
		return in_table(wc, cls);
	}
}

wint_t osv_wc_map(wint_t wc, bool upper, bool utf8)
{
	if (wc >= (utf8 ? 0x110000u : 0x80u))
		return wc;
	const struct wc_case *r = upper ? wc_toupper : wc_tolower;
	size_t n = upper ? N(wc_toupper) : N(wc_tolower);
	size_t i = last_at_most(&r[0].run, n, sizeof(*r) / sizeof(uint32_t),
				WC_SPAN_BITS, wc);
	if (i == n)
		return wc;
	uint32_t first = r[i].run >> WC_SPAN_BITS;
	uint32_t step = (r[i].run >> WC_CASE_SPAN_BITS & 1) + 1;
	uint32_t off = wc - first;
	if (off > (r[i].run & WC_CASE_SPAN_MASK) || off % step)
		return wc;
	return (wint_t)((int32_t)wc + r[i].delta);
}
