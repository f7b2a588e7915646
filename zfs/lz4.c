/*
 * LZ4 block format, with the framing ZFS puts around it: a 4-byte
 * big-endian count of compressed bytes, then one LZ4 block.
 *
 * A block is a run of sequences.  A sequence is a token (high nibble:
 * literal count, low nibble: match length - 4; 15 means more length
 * bytes follow, each adding up to 255), the literals, a 2-byte
 * little-endian offset back into the output, and the match's extra
 * length bytes.  The last sequence has literals only.  Encoders keep
 * the last 5 bytes literal and start no match in the last 12, which the
 * decoder here does not rely on: it checks every length and offset.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define MINMATCH 4
#define LASTLITERALS 5
#define MFLIMIT 12
#define HASH_LOG 12
#define MAX_DISTANCE 65535
#define SKIP_SHIFT 6

struct out {
	uint8_t *p, *end;
};

static uint32_t read32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static unsigned hash4(uint32_t v)
{
	return (v * 2654435761u) >> (32 - HASH_LOG);
}

static int put_len(struct out *o, size_t n)
{
	for (; n >= 255; n -= 255) {
		if (o->p == o->end)
			return -1;
		*o->p++ = 255;
	}
	if (o->p == o->end)
		return -1;
	*o->p++ = (uint8_t)n;
	return 0;
}

/* One sequence: literals [lit, lit + nlit), then a match (mlen 0: none). */
static int put_seq(struct out *o, const uint8_t *lit, size_t nlit,
		   size_t offset, size_t mlen)
{
	size_t ml = mlen ? mlen - MINMATCH : 0;
	if (o->p == o->end)
		return -1;
	*o->p++ = (uint8_t)((nlit < 15 ? nlit : 15) << 4 | (ml < 15 ? ml : 15));
	if (nlit >= 15 && put_len(o, nlit - 15))
		return -1;
	if ((size_t)(o->end - o->p) < nlit)
		return -1;
	memcpy(o->p, lit, nlit);
	o->p += nlit;
	if (!mlen)
		return 0;
	if (o->end - o->p < 2)
		return -1;
	*o->p++ = (uint8_t)offset;
	*o->p++ = (uint8_t)(offset >> 8);
	if (ml >= 15 && put_len(o, ml - 15))
		return -1;
	return 0;
}

size_t zfs_lz4_compress(const void *src, size_t slen, void *dst, size_t dlen)
{
	const uint8_t *s = src;
	struct out o = {(uint8_t *)dst + 4, (uint8_t *)dst + dlen};
	size_t ip = 0, anchor = 0, misses = 0;
	uint32_t *table;

	if (dlen < 4 || slen > 0x7fffffff)
		return 0;
	table = calloc(1u << HASH_LOG, sizeof(*table));
	if (!table)
		return 0;
	if (slen > MFLIMIT) {
		size_t limit = slen - MFLIMIT, mlimit = slen - LASTLITERALS;
		while (ip < limit) {
			unsigned h = hash4(read32(s + ip));
			size_t ref = table[h];
			table[h] = (uint32_t)ip + 1; /* 0 means empty */
			if (ref-- == 0 || ip - ref > MAX_DISTANCE ||
			    read32(s + ref) != read32(s + ip)) {
				/* Data that does not repeat is skipped
				 * faster and faster: one more byte per step
				 * every 64 misses. */
				ip += 1 + (misses++ >> SKIP_SHIFT);
				/* the pending literals alone no longer fit */
				if (ip - anchor > (size_t)(o.end - o.p))
					goto full;
				continue;
			}
			misses = 0;
			size_t mlen = MINMATCH;
			while (ip + mlen < mlimit &&
			       s[ref + mlen] == s[ip + mlen])
				mlen++;
			if (put_seq(&o, s + anchor, ip - anchor, ip - ref,
				    mlen))
				goto full;
			ip += mlen;
			anchor = ip;
		}
	}
	if (put_seq(&o, s + anchor, slen - anchor, 0, 0))
		goto full;
	free(table);
	size_t n = o.p - ((uint8_t *)dst + 4);
	uint8_t *d = dst;
	d[0] = n >> 24, d[1] = n >> 16, d[2] = n >> 8, d[3] = n;
	return n + 4;
full:
	free(table);
	return 0;
}

/* A length continued in 255-steps; false when input ends or it grows
 * past limit (which no valid stream needs). */
static bool get_len(const uint8_t **ip, const uint8_t *end, size_t *n,
		    size_t limit)
{
	uint8_t b;
	do {
		if (*ip == end)
			return false;
		b = *(*ip)++;
		*n += b;
		if (*n > limit)
			return false;
	} while (b == 255);
	return true;
}

int zfs_lz4_decompress(const void *src, size_t slen, void *dst, size_t dlen)
{
	const uint8_t *s = src;
	uint8_t *op = dst, *oend = op + dlen;

	if (slen < 4)
		return -ZFS_EIO;
	size_t n =
	    (size_t)s[0] << 24 | (size_t)s[1] << 16 | (size_t)s[2] << 8 | s[3];
	if (n > slen - 4 || n == 0)
		return -ZFS_EIO;
	const uint8_t *ip = s + 4, *iend = ip + n;
	for (;;) {
		uint8_t token = *ip++;
		size_t nlit = token >> 4;
		if (nlit == 15 && !get_len(&ip, iend, &nlit, dlen))
			return -ZFS_EIO;
		if ((size_t)(iend - ip) < nlit || (size_t)(oend - op) < nlit)
			return -ZFS_EIO;
		memcpy(op, ip, nlit);
		ip += nlit;
		op += nlit;
		if (ip == iend)
			break;
		if (iend - ip < 2)
			return -ZFS_EIO;
		size_t off = ip[0] | (size_t)ip[1] << 8;
		ip += 2;
		if (off == 0 || off > (size_t)(op - (uint8_t *)dst))
			return -ZFS_EIO;
		size_t mlen = token & 15;
		if (mlen == 15 && !get_len(&ip, iend, &mlen, dlen))
			return -ZFS_EIO;
		mlen += MINMATCH;
		if ((size_t)(oend - op) < mlen)
			return -ZFS_EIO;
		/* byte by byte: the match may overlap what it writes */
		for (const uint8_t *m = op - off; mlen--;)
			*op++ = *m++;
		if (ip == iend)
			return -ZFS_EIO; /* a block ends with literals */
	}
	memset(op, 0, oend - op);
	return 0;
}
