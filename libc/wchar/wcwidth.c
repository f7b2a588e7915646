#include <stdint.h>
#include <wchar.h>

#include "leb128.h"
#include "locale_impl.h"

#define WCW_BLOCK 16 /* ranges a block, as in gen-wcwidth.py */

#include "wcwidth_table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A binary search in the blocks, then a walk of one. */
static int unicode_width(uint32_t c)
{
	size_t lo = 0, hi = N(wcwidth_first);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (wcwidth_first[mid] > c)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (!lo)
		return 1;
	size_t b = lo - 1, left = wcwidth_ranges - b * WCW_BLOCK;
	const uint8_t *p = wcwidth_bytes + wcwidth_offset[b];
	uint32_t end = wcwidth_first[b];
	for (size_t i = 0; i < left && i < WCW_BLOCK; i++) {
		uint32_t head = osv_leb128(&p);
		uint32_t first = end + (head >> 2),
			 last = first + osv_leb128(&p);
		if (c < first)
			return 1;
		if (c <= last)
			return (int)(head & 3) - 1;
		end = last + 1;
	}
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
