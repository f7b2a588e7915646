/*
 * LZJB decompression, and the decompression dispatch.
 *
 * LZJB groups items by eight behind a "copy map" byte whose bits, from
 * the lowest, say whether each item is a literal byte or a two-byte
 * match: 6 bits of length - 3, then a 10-bit offset back into the
 * output.  Pools written by older implementations use it for metadata.
 */
#include <string.h>

#include "zfs.h"

#define MATCH_BITS 6
#define MATCH_MIN 3
#define OFFSET_MASK ((1 << (16 - MATCH_BITS)) - 1)

int zfs_lzjb_decompress(const void *src, size_t slen, void *dst, size_t dlen)
{
	const uint8_t *s = src, *send = s + slen;
	uint8_t *d = dst, *dend = d + dlen;
	unsigned copymap = 0, mask = 1u << 7;

	while (d < dend) {
		if ((mask <<= 1) == 1u << 8) {
			if (s == send)
				return -ZFS_EIO;
			copymap = *s++;
			mask = 1;
		}
		if (copymap & mask) {
			if (send - s < 2)
				return -ZFS_EIO;
			int mlen = (s[0] >> (8 - MATCH_BITS)) + MATCH_MIN;
			size_t off = ((size_t)s[0] << 8 | s[1]) & OFFSET_MASK;
			s += 2;
			if (off == 0 || off > (size_t)(d - (uint8_t *)dst))
				return -ZFS_EIO;
			const uint8_t *cpy = d - off;
			while (mlen-- > 0 && d < dend)
				*d++ = *cpy++;
		} else {
			if (s == send)
				return -ZFS_EIO;
			*d++ = *s++;
		}
	}
	return 0;
}

int zfs_decompress(int comp, const void *src, size_t slen, void *dst,
		   size_t dlen)
{
	switch (comp) {
	case ZIO_COMPRESS_OFF:
		if (slen < dlen)
			return -ZFS_EIO;
		memcpy(dst, src, dlen);
		return 0;
	case ZIO_COMPRESS_ON:
	case ZIO_COMPRESS_LZJB:
		return zfs_lzjb_decompress(src, slen, dst, dlen);
	case ZIO_COMPRESS_LZ4:
		return zfs_lz4_decompress(src, slen, dst, dlen);
	case ZIO_COMPRESS_EMPTY:
		memset(dst, 0, dlen);
		return 0;
	}
	return -ZFS_EINVAL;
}
