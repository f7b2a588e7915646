/* zfs/sha256.c and zfs/checksum.c: FIPS 180-4 test vectors, Fletcher-4
 * by hand, and the embedded checksums of labels. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"

static int hex_equal(const uint8_t *d, const char *hex)
{
	for (int i = 0; i < 32; i++) {
		unsigned b;
		if (sscanf(hex + 2 * i, "%2x", &b) != 1 || b != d[i])
			return 0;
	}
	return 1;
}

int main(void)
{
	uint8_t d[32];
	static const struct {
		const char *msg, *hex;
	} v[] = {
	    {"abc", "ba7816bf8f01cfea414140de5dae2223"
		    "b00361a396177a9cb410ff61f20015ad"},
	    {"", "e3b0c44298fc1c149afbf4c8996fb924"
		 "27ae41e4649b934ca495991b7852b855"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "248d6a61d20638b8e5c026930c3e6039"
	     "a33ce45964ff2167f6ecedd419db06c1"},
	    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	     "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	     "cf5b16a778af8380036ce59e7b049237"
	     "0b249b11e8f07a51afac45037afee9d1"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		zfs_sha256(v[i].msg, strlen(v[i].msg), d);
		TAP_OK(hex_equal(d, v[i].hex), "SHA-256 of a %zu-byte message",
		       strlen(v[i].msg));
	}
	size_t mlen = 1000000;
	char *m = malloc(mlen);
	memset(m, 'a', mlen);
	zfs_sha256(m, mlen, d);
	TAP_OK(hex_equal(d, "cdc76e5c9914fb9281a1c7e284d73e67"
			    "f1809a48a497200e046d39ccc7112cd0"),
	       "SHA-256 of a million 'a'");
	struct zfs_sha256_ctx c;
	uint8_t d2[32];
	zfs_sha256_init(&c);
	for (size_t off = 0, step = 1; off < mlen;
	     off += step, step = step * 3 % 127 + 1)
		zfs_sha256_update(&c, m + off,
				  off + step > mlen ? mlen - off : step);
	zfs_sha256_final(&c, d2);
	TAP_OK(memcmp(d, d2, 32) == 0, "SHA-256 fed in uneven pieces agrees");

	zio_cksum_t zc;
	zfs_sha256_cksum("abc", 3, &zc);
	TAP_OK(zc.word[0] == 0xba7816bf8f01cfeaull &&
		   zc.word[3] == 0xb410ff61f20015adull,
	       "ZFS keeps the digest as big-endian words");

	/* Fletcher-4 over the words 1, 2, 3, 4. */
	uint32_t w[4] = {1, 2, 3, 4};
	zfs_fletcher4(w, sizeof(w), &zc);
	TAP_OK(zc.word[0] == 10 && zc.word[1] == 20 && zc.word[2] == 35 &&
		   zc.word[3] == 56,
	       "Fletcher-4 by hand: 10 20 35 56");
	/* The sums wrap modulo 2^64. */
	uint32_t *big = malloc(1 << 20);
	for (int i = 0; i < (1 << 18); i++)
		big[i] = 0xffffffffu - i;
	uint64_t a = 0, b = 0, cc = 0, dd = 0;
	for (int i = 0; i < (1 << 18); i++)
		a += big[i], b += a, cc += b, dd += cc;
	zfs_fletcher4(big, 1 << 20, &zc);
	TAP_OK(zc.word[0] == a && zc.word[1] == b && zc.word[2] == cc &&
		   zc.word[3] == dd,
	       "Fletcher-4 of 1 MiB matches the definition");
	/* A big-endian writer's checksum: byteswapped words. */
	uint8_t *sw = malloc(1 << 20);
	for (int i = 0; i < (1 << 18); i++) {
		uint32_t x = big[i];
		sw[4 * i] = x >> 24, sw[4 * i + 1] = x >> 16;
		sw[4 * i + 2] = x >> 8, sw[4 * i + 3] = x;
	}
	zio_cksum_t zs;
	zfs_fletcher4_byteswap(sw, 1 << 20, &zs);
	TAP_OK(zfs_cksum_equal(&zc, &zs), "byteswapped Fletcher-4 agrees");
	TAP_OK(zfs_checksum(ZIO_CHECKSUM_FLETCHER_4, big, 1 << 20, &zs) == 0 &&
		   zfs_cksum_equal(&zc, &zs) &&
		   zfs_checksum(ZIO_CHECKSUM_SHA512, big, 16, &zs) < 0,
	       "checksum dispatch: fletcher4 yes, sha512 not implemented");

	/* Embedded checksum: bound to the block's offset. */
	uint8_t *blk = calloc(1, 4096);
	memcpy(blk, "uberblock", 9);
	zfs_eck_set(blk, 4096, 0x21000);
	TAP_OK(zfs_eck_verify(blk, 4096, 0x21000) == 0,
	       "embedded checksum verifies");
	TAP_OK(zfs_eck_verify(blk, 4096, 0x22000) == -ZFS_ECKSUM,
	       "at another offset it does not");
	blk[100] ^= 1;
	TAP_OK(zfs_eck_verify(blk, 4096, 0x21000) == -ZFS_ECKSUM,
	       "a flipped bit is detected");
	memset(blk, 0, 4096);
	TAP_OK(zfs_eck_verify(blk, 4096, 0) == -ZFS_EIO,
	       "a block without the magic is not a checksummed block");
	free(blk);
	free(big);
	free(sw);
	free(m);
	return tap_done();
}
