#include <stdint.h>
#include <wchar.h>

#include "locale_impl.h"

/* A short range: its first code point, width + 1 in 2 bits, the span. */
#define WCW_SPAN_BITS 9
#define WCW_FIRST_SHIFT (WCW_SPAN_BITS + 2)

struct wcwidth_range {
	uint32_t first;
	uint32_t last : 24;
	uint32_t width : 8; /* the width plus one */
};

#include "wcwidth_table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Binary search in the ranges whose width is not 1. */
static int unicode_width(uint32_t c)
{
	size_t lo = 0, hi = N(wcwidth_short);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (wcwidth_short[mid] >> WCW_FIRST_SHIFT > c)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo) {
		uint32_t r = wcwidth_short[lo - 1];
		if (c - (r >> WCW_FIRST_SHIFT) <=
		    (r & ((1u << WCW_SPAN_BITS) - 1)))
			return (int)(r >> WCW_SPAN_BITS & 3) - 1;
	}
	for (size_t i = 0; i < N(wcwidth_long); i++)
		if (c >= wcwidth_long[i].first && c <= wcwidth_long[i].last)
			return (int)wcwidth_long[i].width - 1;
	return 1;
}

int wcwidth(wchar_t wc)
{
	uint32_t c = (uint32_t)wc;
	if (c < 0x80 || !locale_utf8()) {
		if (!c)
			return 0;
		return c >= 0x20 && c < 0x7f ? 1 : -1;
	}
	return c <= 0x10ffff ? unicode_width(c) : -1;
}
