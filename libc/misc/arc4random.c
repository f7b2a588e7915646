/*
 * arc4random, arc4random_buf, arc4random_uniform (glibc 2.36; Debian's
 * libstdc++ and libexpat import them): random bytes straight from
 * getrandom, the kernel's entropy sources, which never fail (the
 * kernel's generator stands in for a missing device or instruction); a
 * failure would end the program, as glibc's does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

#include "libc.h"

void arc4random_buf(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		long got = getrandom(p, n, 0);
		if (got <= 0) {
			static const char msg[] =
			    "Fatal glibc error: cannot get entropy for "
			    "arc4random\n";
			osv_stderr_write(msg, sizeof(msg) - 1);
			abort();
		}
		p += got;
		n -= (size_t)got;
	}
}

uint32_t arc4random(void)
{
	uint32_t v;

	arc4random_buf(&v, sizeof(v));
	return v;
}

/*
 * Uniform in [0, bound): values in the incomplete last block of the
 * 2^32 range are drawn again, so that no result is favoured.  0 for a
 * bound below 2.
 */
uint32_t arc4random_uniform(uint32_t bound)
{
	if (bound < 2)
		return 0;
	uint32_t reject_below = -bound % bound; /* 2^32 mod bound */
	for (;;) {
		uint32_t v = arc4random();
		if (v >= reject_below)
			return v % bound;
	}
}
