/*
 * Compresses and decompresses 1 MiB with Debian's own libz.so.1, found
 * through DT_NEEDED.  Built twice by tests/guest/libz.test: as an osv
 * application and as a host program linked to the same libz, whose
 * output the guest's must match.  zlib.h (zlib1g-dev) is not needed: the
 * few calls are declared here with zlib's documented signatures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../word_text.h"

typedef unsigned long uLong;
typedef unsigned long uLongf;
typedef unsigned char Bytef;

const char *zlibVersion(void);
uLong compressBound(uLong source_len);
int compress2(Bytef *dest, uLongf *dest_len, const Bytef *source,
	      uLong source_len, int level);
int uncompress(Bytef *dest, uLongf *dest_len, const Bytef *source,
	       uLong source_len);
uLong crc32(uLong crc, const Bytef *buf, unsigned len);

#define SIZE (1u << 20)

static const char *const words[8] = {"osv ",	 "unikernel ", "zlib ",
				     "deflate ", "block ",     "stream ",
				     "a ",	 "the "};

int main(void)
{
	unsigned char *in = malloc(SIZE), *back = malloc(SIZE);
	uLongf zlen = compressBound(SIZE), blen = SIZE;
	unsigned char *z = malloc(zlen);
	if (!in || !back || !z) {
		puts("no memory");
		return 1;
	}
	word_text(in, SIZE, words, 12345, false);
	printf("zlib version: %s\n", zlibVersion());
	int rc = compress2(z, &zlen, in, SIZE, 9);
	printf("compress2: %d, %lu bytes\n", rc, zlen);
	rc = uncompress(back, &blen, z, zlen);
	printf("uncompress: %d, %lu bytes, %s\n", rc, blen,
	       blen == SIZE && memcmp(in, back, SIZE) == 0 ? "identical"
							   : "DIFFERENT");
	printf("crc32 of the input: %08lx\n", crc32(0, in, SIZE));
	printf("crc32 of the output: %08lx\n", crc32(0, back, blen));
	return 0;
}
