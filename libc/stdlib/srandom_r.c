#include <errno.h>
#include <stdlib.h>

#include "random_impl.h"

/*
 * 16807 * x mod (2^31 - 1) without overflow (Schrage's method), the
 * generator that fills the state from the seed.
 */
static int32_t minstd_next(int32_t x)
{
	long hi = x / 127773, lo = x % 127773;
	long next = 16807 * lo - 2836 * hi;
	return (int32_t)(next < 0 ? next + 2147483647 : next);
}

int srandom_r(unsigned int seed, struct random_data *buf)
{
	if (!buf || buf->rand_type < 0 || buf->rand_type >= RANDOM_TYPES) {
		errno = EINVAL;
		return -1;
	}
	int32_t *state = buf->state;
	if (seed == 0)
		seed = 1;
	state[0] = (int32_t)seed;
	if (buf->rand_type == 0)
		return 0;
	/* A seed above INT32_MAX starts negative, as in glibc. */
	int32_t word = (int32_t)seed;
	for (int i = 1; i < buf->rand_deg; i++) {
		word = minstd_next(word);
		state[i] = (int32_t)word;
	}
	buf->fptr = &state[buf->rand_sep];
	buf->rptr = &state[0];
	/* The first outputs still show the seed's pattern: skip them. */
	for (int i = 0; i < 10 * buf->rand_deg; i++) {
		int32_t discard;
		random_r(buf, &discard);
	}
	return 0;
}
