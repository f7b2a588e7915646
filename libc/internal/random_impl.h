/*
 * The generator behind random() and random_r(): glibc's additive feedback
 * generator r[i] = r[i - deg] + r[i - sep] over deg 32-bit words (TYPE_1..
 * TYPE_4), or a linear congruential one (TYPE_0) for state buffers under
 * 32 bytes.  The word before a state buffer records its type and rear
 * position, so that setstate() can resume it.
 */
#ifndef OSV_LIBC_INTERNAL_RANDOM_IMPL_H
#define OSV_LIBC_INTERNAL_RANDOM_IMPL_H

#include <stdlib.h>

#include "libc.h"

#define RANDOM_TYPES 5

static const int random_degree[RANDOM_TYPES] = {0, 7, 15, 31, 63};
static const int random_separation[RANDOM_TYPES] = {0, 3, 1, 3, 1};

/* Records type and rear position in the word before the state. */
void osv_random_save(struct random_data *buf) LIBC_HIDDEN;

#endif
