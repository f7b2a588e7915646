/*
 * Lookups in the Unicode tables of the wide-character functions: a
 * binary search in a class's index and a walk of one of its blocks,
 * or a binary search in the case runs.
 */
#include <stddef.h>
#include <stdint.h>

#include "leb128.h"
#include "wctype_impl.h"

/*
 * A class's ranges are LEB128 bytes, with an index word per WC_BLOCK of
 * them: see gen-wctype.c.  A case run is a word: its first code point
 * above WC_SPAN_BITS bits; of these, the one above WC_CASE_SPAN_BITS is
 * the step - 1, the others how many code points follow it.
 */
#define WC_BLOCK 16
#define WC_OFFSET_BITS 11
#define WC_OFFSET_MASK ((1u << WC_OFFSET_BITS) - 1)
#define WC_SPAN_BITS 11
#define WC_CASE_SPAN_BITS 10
#define WC_CASE_SPAN_MASK ((1u << WC_CASE_SPAN_BITS) - 1)

struct wc_case {
	uint32_t run;
	int32_t delta;
};

#include "wctype_table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct wc_ranges {
	const uint32_t *index;
	const uint8_t *bytes;
	size_t n; /* ranges */
};

#define CLASS(name)                                                            \
	{                                                                      \
		wc_##name##_index, wc_##name##_bytes, wc_##name##_ranges       \
	}

static const struct wc_ranges class_tables[WC_CLASSES] = {
    [WC_ALPHA] = CLASS(alpha),	 [WC_BLANK] = CLASS(blank),
    [WC_CNTRL] = CLASS(cntrl),	 [WC_DIGIT] = CLASS(digit),
    [WC_GRAPH] = CLASS(graph),	 [WC_LOWER] = CLASS(lower),
    [WC_SPACE] = CLASS(space),	 [WC_UPPER] = CLASS(upper),
    [WC_XDIGIT] = CLASS(xdigit),
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

/* A binary search in the class's index, then a walk of one block. */
static int in_table(wint_t wc, enum wc_class cls)
{
	const struct wc_ranges *t = &class_tables[cls];
	size_t blocks = (t->n + WC_BLOCK - 1) / WC_BLOCK;
	size_t b = last_at_most(t->index, blocks, 1, WC_OFFSET_BITS, wc);
	if (b == blocks)
		return 0;
	const uint8_t *p = t->bytes + (t->index[b] & WC_OFFSET_MASK);
	uint32_t first = t->index[b] >> WC_OFFSET_BITS, end = first;
	size_t left = t->n - b * WC_BLOCK;
	for (size_t i = 0; i < left && i < WC_BLOCK; i++) {
		first = end + osv_leb128(&p);
		end = first + osv_leb128(&p);
		if (wc < first)
			return 0;
		if (wc <= end)
			return 1;
		end++;
	}
	return 0;
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
