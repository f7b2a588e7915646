/*
 * Private interfaces shared by the files of the formatted-input core
 * (vscan.h).  Nothing here is visible outside libc/stdio.
 */
#ifndef OSV_LIBC_STDIO_SCAN_IMPL_H
#define OSV_LIBC_STDIO_SCAN_IMPL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "libc.h"
#include "vscan.h"

/*
 * The source and the bytes taken from it so far (for %n).  End of input
 * is sticky, and so is errno there, the way glibc's scanf leaves it: the
 * value errno had when the end was first read comes back each time a
 * directive reads at the end again.
 */
struct scanner {
	struct scan_source *src;
	long count;
	bool at_eof;
	int eof_errno;
	bool wide; /* SCAN_WIDE */
};

/*
 * The next byte of the source, or EOF.  An inline definition: a caller
 * compiled for size calls the one external definition (vscan.c) instead
 * of a copy of its own.
 */
inline int scan_get(struct scanner *s) LIBC_HIDDEN;
inline int scan_get(struct scanner *s)
{
	if (s->at_eof) {
		errno = s->eof_errno;
		return EOF;
	}
	int c = s->src->get(s->src);
	if (c == EOF) {
		s->at_eof = true;
		s->eof_errno = errno;
	} else if (!s->wide || (c & 0xc0) != 0x80) {
		s->count++; /* wide input counts characters, not bytes */
	}
	return c;
}

/* Gives c (not EOF) back to the source.  Inline, as scan_get. */
inline void scan_unget(struct scanner *s, int c) LIBC_HIDDEN;
inline void scan_unget(struct scanner *s, int c)
{
	if (c == EOF)
		return;
	s->src->unget(s->src, c);
	if (!s->wide || (c & 0xc0) != 0x80)
		s->count--;
}

enum scan_len {
	SLEN_NONE,
	SLEN_HH,
	SLEN_H,
	SLEN_L,
	SLEN_LL, /* also L and q */
	SLEN_J,
	SLEN_Z,
	SLEN_T,
};

/* One conversion of the format. */
struct scan_spec {
	bool suppress; /* '*' */
	bool alloc;    /* 'm' (or GNU 'a'): the libc allocates the string */
	long width;    /* LONG_MAX when absent */
	enum scan_len len;
	char conv;
	const char *set;     /* %[: the set, after '[' and '^' */
	const char *set_end; /* its closing ']' */
	bool set_negated;
};

enum scan_status { SCAN_OK, SCAN_MATCH_FAIL, SCAN_INPUT_FAIL };

/*
 * The conversions.  Each reads from the scanner (white space already
 * skipped where the conversion skips it) and, unless the spec suppresses
 * the assignment, stores through dest.
 */
enum scan_status osv_scan_int(struct scanner *s, const struct scan_spec *sp,
			      void *dest) LIBC_HIDDEN;
enum scan_status osv_scan_float(struct scanner *s, const struct scan_spec *sp,
				void *dest) LIBC_HIDDEN;
enum scan_status osv_scan_text(struct scanner *s, const struct scan_spec *sp,
			       void *dest) LIBC_HIDDEN;

/* A growing byte buffer: starts in place, moves to the heap. */
struct scan_buf {
	char *p;
	size_t len, cap;
	bool failed; /* out of memory */
	char small[64];
};

void osv_scan_buf_init(struct scan_buf *b) LIBC_HIDDEN;
void osv_scan_buf_add(struct scan_buf *b, char c) LIBC_HIDDEN;
/* The contents as a string (NUL added). */
const char *osv_scan_buf_str(struct scan_buf *b) LIBC_HIDDEN;
void osv_scan_buf_free(struct scan_buf *b) LIBC_HIDDEN;

#endif
