/*
 * Formatted-input core of the kernel C library: the engine behind the
 * scanf family, reading from a source one byte at a time with one byte of
 * push-back, as a stdio stream offers.  It consumes exactly the bytes
 * glibc 2.36 consumes (so %n and the following directives agree), stores
 * what glibc stores, and returns what glibc returns; numbers go through
 * the libc's strtol, strtoul, strtof, strtod and strtold.
 *
 * Deviations from glibc:
 *  - %l[ matches the bytes of the input against the bytes of the set,
 *    then converts the bytes it took to wide characters (glibc compares
 *    wide characters); the two agree for sets of ASCII characters.
 *  - the ' (grouping) and I flags are accepted and have no effect, as in
 *    the C locale.
 */
#ifndef OSV_LIBC_STDIO_VSCAN_H
#define OSV_LIBC_STDIO_VSCAN_H

#include <stdarg.h>

#include "libc.h"

/*
 * Where the input comes from.  A source embeds this structure as its
 * first member.  get() returns the next byte (0..255) or EOF (-1);
 * unget() pushes the last byte back (only ever one).
 */
struct scan_source {
	int (*get)(struct scan_source *s);
	void (*unget)(struct scan_source *s, int c);
};

/* How old binaries' scanf reads "%as": allocation, not a float. */
#define SCAN_GNU_ALLOC_A 1
/*
 * The wscanf family: the source and the format give wide characters in
 * the encoding of format_wide.h; %c, %s and %[ store them converted to
 * the locale's multibyte form, %lc, %ls and %l[ as they are.  White
 * space is ASCII's, and a scanset is matched on the first byte of each
 * character's encoding (exact for sets of ASCII characters).
 */
#define SCAN_WIDE 2

/*
 * Scans like vfscanf.  Returns the number of assignments, or EOF when the
 * input ran out before the first of them.
 */
int osv_scan_core(struct scan_source *src, const char *fmt, va_list ap,
	       int flags) LIBC_HIDDEN;

/* osv_scan_core over a string (libc/stdio/vsscanf.c). */
int osv_vsscanf_flags(const char *str, const char *fmt, va_list ap,
		      int flags) LIBC_HIDDEN;

#endif
