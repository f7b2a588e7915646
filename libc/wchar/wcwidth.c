#include <stdint.h>
#include <wchar.h>

#include "locale_impl.h"

struct wcwidth_range {
	uint32_t first;
	uint32_t last : 24;
	uint32_t width : 8; /* the width plus one */
};

#include "wcwidth_table.h"

#define RANGES (sizeof(wcwidth_ranges) / sizeof(wcwidth_ranges[0]))

/* Binary search in the ranges whose width is not 1. */
static int unicode_width(uint32_t c)
{
	size_t lo = 0, hi = RANGES;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < wcwidth_ranges[mid].first)
			hi = mid;
		else if (c > wcwidth_ranges[mid].last)
			lo = mid + 1;
		else
			return (int)wcwidth_ranges[mid].width - 1;
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
