/* The engine of the getopt family (libc/getopt). */
#ifndef OSV_LIBC_INTERNAL_GETOPT_IMPL_H
#define OSV_LIBC_INTERNAL_GETOPT_IMPL_H

#include <getopt.h>

#include "libc.h"

/*
 * glibc's getopt: argv is permuted so that options come first (unless
 * optstring starts with '+', or POSIXLY_CORRECT is set, or posix is
 * set); a leading '-' returns non-options as option 1; ':' after that
 * silences the messages and reports a missing argument as ':'.  Long
 * options when longopts is set, also after a single '-' when long_only.
 */
int osv_getopt_engine(int argc, char *const *argv, const char *optstring,
		      const struct option *longopts, int *longind,
		      int long_only, int posix) LIBC_HIDDEN;

#endif
