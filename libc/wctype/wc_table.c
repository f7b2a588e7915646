/*
 * Lookups in the Unicode tables of the wide-character functions, a
 * class's ranges or the case runs: a binary search in the table's
 * index and a walk of one of its blocks.
 */
#include <stddef.h>
#include <stdint.h>

#include "leb128.h"
#include "wctype_impl.h"

/* A class's ranges, and the case runs, are LEB128 bytes with an index
 * word per WC_BLOCK of them: see gen-wctype.c. */
#define WC_BLOCK 16
#define WC_OFFSET_BITS 11
#define WC_OFFSET_MASK ((1u << WC_OFFSET_BITS) - 1)

#include "wctype_table.h"

struct wc_ranges {
	const uint32_t *index;
	const uint8_t *bytes;
	size_t n; /* ranges */
};

#define TABLE(name)                                                            \
	{                                                                      \
		wc_##name##_index, wc_##name##_bytes, wc_##name##_ranges       \
	}

static const struct wc_ranges class_tables[WC_CLASSES] = {
    [WC_ALPHA] = TABLE(alpha),	 [WC_BLANK] = TABLE(blank),
    [WC_CNTRL] = TABLE(cntrl),	 [WC_DIGIT] = TABLE(digit),
    [WC_GRAPH] = TABLE(graph),	 [WC_LOWER] = TABLE(lower),
    [WC_SPACE] = TABLE(space),	 [WC_UPPER] = TABLE(upper),
    [WC_XDIGIT] = TABLE(xdigit),
};

static const struct wc_ranges to_lower = TABLE(tolower),
			      to_upper = TABLE(toupper);

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

/*
 * The block of t's ranges where wc would be (a binary search in the
 * index): its bytes, with *end its first code point and *left how many
 * ranges it has; NULL when wc is before every range.
 */
static const uint8_t *block_of(const struct wc_ranges *t, wint_t wc,
			       uint32_t *end, size_t *left)
{
	size_t blocks = (t->n + WC_BLOCK - 1) / WC_BLOCK;
	size_t b = last_at_most(t->index, blocks, 1, WC_OFFSET_BITS, wc);
	if (b == blocks)
		return NULL;
	*end = t->index[b] >> WC_OFFSET_BITS;
	*left = t->n - b * WC_BLOCK < WC_BLOCK ? t->n - b * WC_BLOCK : WC_BLOCK;
	return t->bytes + (t->index[b] & WC_OFFSET_MASK);
}

static int in_table(wint_t wc, enum wc_class cls)
{
	uint32_t end;
	size_t left;
	const uint8_t *p = block_of(&class_tables[cls], wc, &end, &left);
	for (; p && left; left--) {
		uint32_t first = end + osv_leb128(&p);
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
	uint32_t end;
	size_t left;
	const uint8_t *p =
	    block_of(upper ? &to_upper : &to_lower, wc, &end, &left);
	for (; p && left; left--) {
		uint32_t first = end + osv_leb128(&p);
		uint32_t span = osv_leb128(&p), zigzag = osv_leb128(&p);
		end = first + (span >> 1);
		if (wc < first)
			return wc;
		if (wc <= end) {
			if ((wc - first) % ((span & 1) + 1))
				return wc;
			int32_t delta =
			    (int32_t)(zigzag >> 1) ^ -(int32_t)(zigzag & 1);
			return (wint_t)((int32_t)wc + delta);
		}
		end++;
	}
	return wc;
}
