#include <errno.h>
#include <stdlib.h>

#include "random_impl.h"

/* The largest generator whose state fits in n bytes (after the type word). */
static int type_for_size(size_t n)
{
	static const size_t min_size[RANDOM_TYPES] = {8, 32, 64, 128, 256};
	int type = RANDOM_TYPES - 1;
	while (type >= 0 && n < min_size[type])
		type--;
	return type;
}

int initstate_r(unsigned int seed, char *restrict arg_state, size_t n,
		struct random_data *restrict buf)
{
	int type = type_for_size(n);
	if (!buf || type < 0) {
		errno = EINVAL;
		return -1;
	}
	osv_random_save(buf);
	int32_t *state = (int32_t *)(void *)arg_state + 1;
	buf->state = state;
	buf->rand_type = type;
	buf->rand_deg = random_degree[type];
	buf->rand_sep = random_separation[type];
	buf->end_ptr = &state[buf->rand_deg];
	srandom_r(seed, buf);
	osv_random_save(buf);
	return 0;
}
