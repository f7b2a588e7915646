/*
 * random() and friends over one state (no threads yet, so no lock): a
 * TYPE_3 generator seeded with 1 until the program chooses otherwise.
 */
#include <stdlib.h>

#include "libc.h"

static int32_t default_table[32];
static struct random_data data;

static struct random_data *state(void)
{
	if (!data.state)
		initstate_r(1, (char *)default_table, sizeof(default_table),
			    &data);
	return &data;
}

long random(void)
{
	int32_t r;
	random_r(state(), &r);
	return r;
}

void srandom(unsigned int seed)
{
	srandom_r(seed, state());
}

/* Both return the previous state buffer, as the caller passed it. */
char *initstate(unsigned int seed, char *buf, size_t n)
{
	char *old = (char *)(state()->state - 1);
	return initstate_r(seed, buf, n, &data) ? NULL : old;
}

char *setstate(char *buf)
{
	char *old = (char *)(state()->state - 1);
	return setstate_r(buf, &data) ? NULL : old;
}
