/*
 * The drand48 family: the 48-bit linear congruential generator
 * x' = a x + c mod 2^48 that POSIX specifies, with its state in three
 * 16-bit words, least significant first.
 */
#ifndef OSV_LIBC_INTERNAL_RAND48_H
#define OSV_LIBC_INTERNAL_RAND48_H

#include <stdlib.h>

#include "libc.h"

#define RAND48_A 0x5deece66dULL
#define RAND48_C 0xb

/*
 * Steps the generator of xsubi with the multiplier and addend of data
 * (set to POSIX's defaults on first use); returns the new 48-bit value.
 */
uint64_t osv_rand48_step(unsigned short xsubi[3],
			 struct drand48_data *data) LIBC_HIDDEN;

/* The state of drand48() and the other functions without a buffer. */
extern struct drand48_data osv_rand48_data LIBC_HIDDEN;

/* x / 2^48, exactly: 48 bits fit a double's mantissa. */
static inline double rand48_to_double(uint64_t x)
{
	return (double)x * 0x1p-48;
}

#endif
