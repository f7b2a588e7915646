/* zfs/lz4.c and zfs/lzjb.c: hand-made streams, round trips, and
 * malformed input (which must fail, never overrun). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"

/* A plain greedy LZJB encoder, for round trips of the decoder only. */
static size_t lzjb_encode(const uint8_t *s, size_t n, uint8_t *d)
{
	size_t ip = 0, op = 0, mapp = 0;
	unsigned mask = 1u << 7;
	while (ip < n) {
		if ((mask <<= 1) == 1u << 8) {
			mapp = op++;
			d[mapp] = 0;
			mask = 1;
		}
		size_t best = 0, boff = 0;
		for (size_t off = 1; off <= 1023 && off <= ip; off++) {
			size_t l = 0;
			while (l < 66 && ip + l < n &&
			       s[ip + l] == s[ip + l - off])
				l++;
			if (l > best)
				best = l, boff = off;
		}
		if (best >= 3) {
			d[mapp] |= mask;
			d[op++] = (uint8_t)((best - 3) << 2 | boff >> 8);
			d[op++] = (uint8_t)boff;
			ip += best;
		} else {
			d[op++] = s[ip++];
		}
	}
	return op;
}

static void fill(uint8_t *b, size_t n, int kind)
{
	for (size_t i = 0; i < n; i++)
		b[i] = kind == 0   ? 0
		       : kind == 1 ? (uint8_t)rand()
		       : kind == 2 ? "the quick brown fox "[i % 20]
				   : (uint8_t)(i / 100 + (rand() % 8 == 0));
}

int main(void)
{
	/* LZ4 by hand: "abcd", a match of 8 at offset 4, then "xyz12". */
	static const uint8_t lz[] = {0, 0, 0,	 13,  0x44, 'a', 'b', 'c', 'd',
				     4, 0, 0x50, 'x', 'y',  'z', '1', '2'};
	uint8_t out[64];
	TAP_OK(zfs_lz4_decompress(lz, sizeof(lz), out, 17) == 0 &&
		   memcmp(out, "abcdabcdabcdxyz12", 17) == 0,
	       "LZ4: a hand-made block decodes");
	uint8_t bad[sizeof(lz)];
	memcpy(bad, lz, sizeof(lz));
	bad[9] = 9; /* offset past the start of the output */
	TAP_OK(zfs_lz4_decompress(bad, sizeof(bad), out, 17) < 0,
	       "LZ4: an offset before the output is refused");
	memcpy(bad, lz, sizeof(lz));
	bad[9] = 0;
	TAP_OK(zfs_lz4_decompress(bad, sizeof(bad), out, 17) < 0,
	       "LZ4: offset 0 is refused");
	TAP_OK(zfs_lz4_decompress(lz, sizeof(lz), out, 12) < 0,
	       "LZ4: output longer than the buffer is refused");
	memcpy(bad, lz, sizeof(lz));
	bad[3] = 200;
	TAP_OK(zfs_lz4_decompress(bad, sizeof(bad), out, 17) < 0,
	       "LZ4: a length prefix past the input is refused");
	TAP_OK(zfs_lz4_decompress(lz, 13, out, 17) < 0,
	       "LZ4: truncated input is refused");

	size_t n = 128 * 1024;
	uint8_t *src = malloc(n), *cmp = malloc(n + 1024), *dec = malloc(n);
	int ok = 1, shrunk = 0;
	srand(7);
	for (int kind = 0; kind < 4; kind++) {
		static const size_t sizes[] = {0, 1, 12, 13, 100, 4096, 131072};
		for (size_t k = 0; k < 7; k++) {
			size_t len = sizes[k];
			fill(src, len, kind);
			size_t c = zfs_lz4_compress(src, len, cmp, n + 1024);
			ok &= c > 0 &&
			      zfs_lz4_decompress(cmp, c, dec, len) == 0 &&
			      memcmp(src, dec, len) == 0;
			shrunk += (kind == 0 || kind == 2) && len >= 4096 &&
				  c < len / 4;
		}
	}
	TAP_OK(ok, "LZ4: 28 round trips (zeros, random, text, runs)");
	TAP_OK(shrunk == 4, "LZ4: zeros and text of 4K and 128K shrink 4x");
	fill(src, n, 1);
	TAP_OK(zfs_lz4_compress(src, n, cmp, n / 2) == 0,
	       "LZ4: random data does not fit in half");

	/* Truncations and corruption of a real stream. */
	fill(src, 8192, 2);
	size_t c = zfs_lz4_compress(src, 8192, cmp, n);
	int failed = 0;
	for (size_t cut = 4; cut < c; cut++) {
		cmp[0] = (cut - 4) >> 24, cmp[1] = (cut - 4) >> 16;
		cmp[2] = (cut - 4) >> 8, cmp[3] = cut - 4;
		/* A cut after literals is a valid, shorter stream. */
		failed += zfs_lz4_decompress(cmp, cut, dec, 8192) < 0 ||
			  memcmp(dec, src, 8192) != 0;
	}
	TAP_OK(failed == (int)(c - 4),
	       "LZ4: no truncation of %zu bytes decodes to the original",
	       c - 4);
	srand(3);
	for (int i = 0; i < 5000; i++) {
		uint8_t g[300];
		for (size_t k = 0; k < sizeof(g); k++)
			g[k] = rand();
		g[0] = g[1] = 0;
		zfs_lz4_decompress(g, sizeof(g), dec, 1 + rand() % 8192);
	}
	TAP_OK(1, "LZ4: 5000 random inputs, no crash");

	/* LZJB by hand: "abc" then a 6-byte match at offset 3. */
	static const uint8_t lj[] = {0x08, 'a', 'b', 'c', 0x0c, 0x03};
	TAP_OK(zfs_lzjb_decompress(lj, sizeof(lj), out, 9) == 0 &&
		   memcmp(out, "abcabcabc", 9) == 0,
	       "LZJB: a hand-made stream decodes");
	static const uint8_t lj0[] = {0x01, 0x0c, 0x00};
	TAP_OK(zfs_lzjb_decompress(lj0, sizeof(lj0), out, 9) < 0,
	       "LZJB: a match before the start is refused");
	TAP_OK(zfs_lzjb_decompress(lj, 4, out, 9) < 0,
	       "LZJB: truncated input is refused");
	ok = 1;
	for (int kind = 0; kind < 4; kind++) {
		fill(src, 20000, kind);
		size_t cl = lzjb_encode(src, 20000, cmp);
		ok &= zfs_decompress(ZIO_COMPRESS_LZJB, cmp, cl, dec, 20000) ==
			  0 &&
		      memcmp(src, dec, 20000) == 0;
	}
	TAP_OK(ok, "LZJB: round trips through a test encoder");
	for (int i = 0; i < 5000; i++) {
		uint8_t g[300];
		for (size_t k = 0; k < sizeof(g); k++)
			g[k] = rand();
		zfs_lzjb_decompress(g, sizeof(g), dec, 1 + rand() % 8192);
	}
	TAP_OK(1, "LZJB: 5000 random inputs, no crash");
	TAP_OK(zfs_decompress(ZIO_COMPRESS_LZ4, lz, sizeof(lz), out, 17) == 0 &&
		   zfs_decompress(ZIO_COMPRESS_ZSTD, lz, sizeof(lz), out, 17) ==
		       -ZFS_EINVAL,
	       "dispatch: lz4 yes, zstd not implemented");
	free(src);
	free(cmp);
	free(dec);
	return tap_done();
}
