/* What the resolver's files (libc/net/resolv_*.c) share. */
#ifndef OSV_LIBC_RESOLV_IMPL_H
#define OSV_LIBC_RESOLV_IMPL_H

#include <resolv.h>

#include "libc.h"

/* The configuration file res_ninit reads; the host tests point it
 * elsewhere. */
extern const char *osv_resolv_conf_path LIBC_HIDDEN;

/* _res, initialised on first use (the state of the calls without n). */
res_state osv_resolv_default(void) LIBC_HIDDEN;

/* A random 16-bit message id (glibc randomises each query's). */
unsigned osv_resolv_random_id(void) LIBC_HIDDEN;

/* Sets the state's h_errno and the program's. */
void osv_resolv_set_herrno(res_state s, int err) LIBC_HIDDEN;

#endif
