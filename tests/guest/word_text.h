/*
 * Text-like data for the compression programs (libz/zlib_app.c,
 * reallibs/compress_app.c), the same in the guest and on the host: words
 * of an eight-word vocabulary in an order a seeded generator picks, and
 * with noise, now and then eight bytes of the generator's state, so that
 * the text is compressible but not trivially.
 */
#ifndef TESTS_GUEST_WORD_TEXT_H
#define TESTS_GUEST_WORD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static void word_text(unsigned char *buf, size_t size,
		      const char *const words[8], unsigned long seed,
		      bool noise)
{
	unsigned long x = seed;
	size_t n = 0;
	while (n < size) {
		x = x * 6364136223846793005ul + 1442695040888963407ul;
		const char *w = words[(x >> 33) & 7];
		size_t len = strlen(w);
		if (len > size - n)
			len = size - n;
		memcpy(buf + n, w, len);
		n += len;
		if (noise && (x >> 20 & 63) == 0 && n + 8 <= size) {
			memcpy(buf + n, &x, 8);
			n += 8;
		}
	}
}

#endif
