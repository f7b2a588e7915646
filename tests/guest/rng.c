/*
 * Entropy test kernel (tests/guest/virtio_rng.test): reads 64 KiB
 * through entropy_read() in pieces of odd sizes and prints the source
 * and how many of the 256 byte values appeared (all, for random data).
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "entropy.h"
#include "mm.h"

#define TOTAL 65536

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	uint8_t *buf = heap_alloc(TOTAL);
	size_t done = 0, sizes[] = {1, 7, 300, 4096, 33};
	for (unsigned i = 0; done < TOTAL; i++) {
		size_t n = sizes[i % 5];
		if (n > TOTAL - done)
			n = TOTAL - done;
		if (entropy_read(buf + done, n) != n)
			break;
		done += n;
	}
	unsigned seen[256] = {0}, distinct = 0;
	for (size_t i = 0; i < done; i++)
		seen[buf[i]]++;
	for (unsigned v = 0; v < 256; v++)
		distinct += seen[v] != 0;
	printf("entropy: source %s, %zu bytes, %u distinct values\n",
	       entropy_source_name(), done, distinct);
	heap_free(buf);
	return done == TOTAL && distinct == 256 ? 0 : 1;
}
