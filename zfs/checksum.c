/*
 * Fletcher-4 and the checksum dispatch.  Fletcher-4 runs four 64-bit
 * running sums over the block's 32-bit words: a += w, b += a, c += b,
 * d += c.  The words are read in the writer's byte order, so a block
 * written by a big-endian host is checked with the byte-swapped variant.
 */
#include <string.h>

#include "zfs.h"

void zfs_fletcher4(const void *buf, size_t size, zio_cksum_t *zc)
{
	const uint8_t *p = buf;
	uint64_t a = 0, b = 0, c = 0, d = 0;
	for (size_t i = 0; i + 4 <= size; i += 4) {
		uint32_t w;
		memcpy(&w, p + i, 4);
		a += w;
		b += a;
		c += b;
		d += c;
	}
	zc->word[0] = a;
	zc->word[1] = b;
	zc->word[2] = c;
	zc->word[3] = d;
}

void zfs_fletcher4_byteswap(const void *buf, size_t size, zio_cksum_t *zc)
{
	const uint8_t *p = buf;
	uint64_t a = 0, b = 0, c = 0, d = 0;
	for (size_t i = 0; i + 4 <= size; i += 4) {
		uint32_t w = (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 |
			     (uint32_t)p[i + 2] << 8 | p[i + 3];
		a += w;
		b += a;
		c += b;
		d += c;
	}
	zc->word[0] = a;
	zc->word[1] = b;
	zc->word[2] = c;
	zc->word[3] = d;
}

/* Fletcher-2, the default of early pools: two interleaved pairs of
 * running sums over 64-bit words. */
void zfs_fletcher2(const void *buf, size_t size, zio_cksum_t *zc)
{
	const uint8_t *p = buf;
	uint64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
	for (size_t i = 0; i + 16 <= size; i += 16) {
		uint64_t w[2];
		memcpy(w, p + i, 16);
		a0 += w[0];
		a1 += w[1];
		b0 += a0;
		b1 += a1;
	}
	zc->word[0] = a0;
	zc->word[1] = a1;
	zc->word[2] = b0;
	zc->word[3] = b1;
}

int zfs_checksum(int type, const void *buf, size_t size, zio_cksum_t *zc)
{
	switch (type) {
	case ZIO_CHECKSUM_FLETCHER_2:
		zfs_fletcher2(buf, size, zc);
		return 0;
	case ZIO_CHECKSUM_ON:
	case ZIO_CHECKSUM_FLETCHER_4:
		zfs_fletcher4(buf, size, zc);
		return 0;
	case ZIO_CHECKSUM_SHA256:
		zfs_sha256_cksum(buf, size, zc);
		return 0;
	case ZIO_CHECKSUM_OFF:
		memset(zc, 0, sizeof(*zc));
		return 0;
	}
	return -ZFS_EINVAL;
}

bool zfs_cksum_equal(const zio_cksum_t *a, const zio_cksum_t *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/*
 * A label's nvlist and each uberblock end with a zio_eck_t.  Its checksum
 * is SHA-256 of the whole block taken while zec_cksum holds the verifier
 * {offset, 0, 0, 0}, so a block copied to the wrong place fails.
 */
void zfs_eck_set(void *block, size_t size, uint64_t offset)
{
	zio_eck_t eck = {.zec_magic = ZEC_MAGIC};
	eck.zec_cksum.word[0] = offset;
	memcpy((uint8_t *)block + size - sizeof(eck), &eck, sizeof(eck));
	zfs_sha256_cksum(block, size, &eck.zec_cksum);
	memcpy((uint8_t *)block + size - sizeof(eck), &eck, sizeof(eck));
}

int zfs_eck_verify(const void *block, size_t size, uint64_t offset)
{
	const uint8_t *b = block;
	zio_eck_t eck, want = {.zec_magic = ZEC_MAGIC};
	struct zfs_sha256_ctx ctx;
	uint8_t digest[32];
	zio_cksum_t got;

	if (size < sizeof(eck))
		return -ZFS_EIO;
	memcpy(&eck, b + size - sizeof(eck), sizeof(eck));
	if (eck.zec_magic != ZEC_MAGIC)
		return -ZFS_EIO;
	/* The block as it was checksummed: the verifier in the tail. */
	want.zec_cksum.word[0] = offset;
	zfs_sha256_init(&ctx);
	zfs_sha256_update(&ctx, b, size - sizeof(eck));
	zfs_sha256_update(&ctx, &want, sizeof(want));
	zfs_sha256_final(&ctx, digest);
	zfs_sha256_digest_cksum(digest, &got);
	return zfs_cksum_equal(&got, &eck.zec_cksum) ? 0 : -ZFS_ECKSUM;
}
