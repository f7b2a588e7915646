#include <stdlib.h>

#include "random_impl.h"

void osv_random_save(struct random_data *buf)
{
	int32_t *state = buf->state;
	if (!state)
		return;
	if (buf->rand_type == 0)
		state[-1] = 0;
	else
		state[-1] = (int32_t)(RANDOM_TYPES * (buf->rptr - state) +
				      buf->rand_type);
}
