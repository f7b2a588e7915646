#include <errno.h>
#include <stdlib.h>

#include "random_impl.h"

int setstate_r(char *restrict arg_state, struct random_data *restrict buf)
{
	if (!arg_state || !buf) {
		errno = EINVAL;
		return -1;
	}
	int32_t *state = (int32_t *)(void *)arg_state + 1;
	int type = state[-1] % RANDOM_TYPES;
	if (type < 0) {
		errno = EINVAL;
		return -1;
	}
	osv_random_save(buf);
	buf->rand_type = type;
	buf->rand_deg = random_degree[type];
	buf->rand_sep = random_separation[type];
	if (type != 0) {
		int rear = state[-1] / RANDOM_TYPES;
		buf->rptr = &state[rear];
		buf->fptr = &state[(rear + buf->rand_sep) % buf->rand_deg];
	}
	buf->state = state;
	buf->end_ptr = &state[buf->rand_deg];
	return 0;
}
