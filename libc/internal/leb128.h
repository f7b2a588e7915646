/*
 * LEB128 numbers, as the generated Unicode tables (wctype_table.h,
 * wcwidth_table.h) pack their ranges: 7 bits a byte, the lowest first,
 * the top bit set on every byte but the last.
 */
#ifndef OSV_LIBC_INTERNAL_LEB128_H
#define OSV_LIBC_INTERNAL_LEB128_H

#include <stdint.h>

/* The number at *p; moves *p past it. */
static inline uint32_t osv_leb128(const uint8_t **p)
{
	uint32_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		uint8_t byte = *(*p)++;
		v |= (uint32_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
}

#endif
