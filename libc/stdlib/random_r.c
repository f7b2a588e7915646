#include <errno.h>
#include <stdlib.h>

int random_r(struct random_data *restrict buf, int32_t *restrict result)
{
	if (!buf || !result) {
		errno = EINVAL;
		return -1;
	}
	int32_t *state = buf->state;
	if (buf->rand_type == 0) {
		uint32_t v =
		    ((uint32_t)state[0] * 1103515245U + 12345U) & 0x7fffffff;
		state[0] = (int32_t)v;
		*result = (int32_t)v;
		return 0;
	}
	int32_t *f = buf->fptr, *r = buf->rptr;
	uint32_t v = (uint32_t)*f + (uint32_t)*r;
	*f = (int32_t)v;
	*result = (int32_t)(v >> 1);
	if (++f >= buf->end_ptr) {
		f = state;
		++r;
	} else if (++r >= buf->end_ptr) {
		r = state;
	}
	buf->fptr = f;
	buf->rptr = r;
	return 0;
}
