/*
 * The directive loop of the scanf core (vscan.h): white space, literal
 * bytes, and conversions with their positional argument, '*', width,
 * allocation flag and length, handed to scan_number.c and scan_text.c.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>

#include "scan_impl.h"

extern inline int scan_get(struct scanner *s);
extern inline void scan_unget(struct scanner *s, int c);

/* The n-th (1-based) argument: every scanf argument is a pointer. */
static void *nth_arg(va_list start, int n)
{
	va_list ap;
	va_copy(ap, start);
	void *p = NULL;
	while (n--)
		p = va_arg(ap, void *);
	va_end(ap);
	return p;
}

static long read_number(const char **fp)
{
	long v = 0;
	for (; isdigit((unsigned char)**fp); ++*fp)
		if (v < INT_MAX)
			v = v * 10 + (**fp - '0');
	return v;
}

static const char *parse_length(const char *f, enum scan_len *len)
{
	switch (*f) {
	case 'h':
		if (f[1] == 'h') {
			*len = SLEN_HH;
			return f + 2;
		}
		*len = SLEN_H;
		return f + 1;
	case 'l':
		if (f[1] == 'l') {
			*len = SLEN_LL;
			return f + 2;
		}
		*len = SLEN_L;
		return f + 1;
	case 'L':
	case 'q':
		*len = SLEN_LL;
		return f + 1;
	case 'j':
		*len = SLEN_J;
		return f + 1;
	case 'z':
		*len = SLEN_Z;
		return f + 1;
	case 't':
		*len = SLEN_T;
		return f + 1;
	default:
		*len = SLEN_NONE;
		return f;
	}
}

/* The set of %[ from after the '['; NULL if it has no closing ']'. */
static const char *parse_set(const char *f, struct scan_spec *sp)
{
	sp->set_negated = *f == '^';
	if (sp->set_negated)
		f++;
	sp->set = f;
	if (*f == ']')
		f++;
	while (*f && *f != ']')
		f++;
	if (!*f)
		return NULL;
	sp->set_end = f;
	return f + 1;
}

/*
 * Parses the conversion after '%' into sp; returns what follows it, or
 * NULL for a malformed one.  *argno gets the n of "n$", else 0.
 */
static const char *parse_spec(const char *f, struct scan_spec *sp, int *argno,
			      int flags)
{
	*argno = 0;
	if (isdigit((unsigned char)*f)) {
		const char *q = f;
		long n = read_number(&q);
		if (*q == '$') {
			*argno = (int)n;
			f = q + 1;
		}
	}
	sp->suppress = *f == '*';
	if (sp->suppress)
		f++;
	while (*f == '\'' || *f == 'I')
		f++;
	sp->width = LONG_MAX;
	if (isdigit((unsigned char)*f)) {
		sp->width = read_number(&f);
		if (!sp->width)
			sp->width = LONG_MAX;
	}
	sp->alloc = *f == 'm';
	if (sp->alloc)
		f++;
	else if ((flags & SCAN_GNU_ALLOC_A) && *f == 'a' &&
		 (f[1] == 's' || f[1] == 'S' || f[1] == '[')) {
		sp->alloc = true;
		f++;
	}
	f = parse_length(f, &sp->len);
	sp->conv = *f;
	if (!*f)
		return NULL;
	if (*f == '[')
		return parse_set(f + 1, sp);
	return f + 1;
}

/* Skips white space in the input; returns the next byte, taken back. */
static int skip_space(struct scanner *s)
{
	int c;
	do
		c = scan_get(s);
	while (isspace(c));
	scan_unget(s, c);
	return c;
}

/*
 * The white space before a conversion (or "%%"): glibc reads it with
 * errno at 0 and then restores errno, so an end of input first met here
 * records 0 as its errno (see struct scanner).
 */
static void skip_space_before(struct scanner *s)
{
	int saved = errno;
	errno = 0;
	if (!s->at_eof)
		skip_space(s);
	errno = saved;
}

static void store_count(void *dest, enum scan_len len, long count)
{
	switch (len) {
	case SLEN_HH:
		*(char *)dest = (char)count;
		break;
	case SLEN_H:
		*(short *)dest = (short)count;
		break;
	case SLEN_NONE:
		*(int *)dest = (int)count;
		break;
	default:
		*(long *)dest = count;
		break;
	}
}

/* One conversion, white space already skipped where it should be. */
static enum scan_status convert(struct scanner *s, const struct scan_spec *sp,
				void *dest)
{
	switch (sp->conv) {
	case 'd':
	case 'i':
	case 'o':
	case 'u':
	case 'x':
	case 'X':
	case 'p':
		return osv_scan_int(s, sp, dest);
	case 'a':
	case 'A':
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
		return osv_scan_float(s, sp, dest);
	case 'c':
	case 'C':
	case 's':
	case 'S':
	case '[':
		return osv_scan_text(s, sp, dest);
	default:
		return SCAN_MATCH_FAIL;
	}
}

/* A literal byte of the format (after "%" for "%%"). */
static enum scan_status match_byte(struct scanner *s, char want)
{
	int c = scan_get(s);
	if (c == (unsigned char)want)
		return SCAN_OK;
	scan_unget(s, c);
	return c == EOF ? SCAN_INPUT_FAIL : SCAN_MATCH_FAIL;
}

int osv_scan_core(struct scan_source *src, const char *fmt, va_list ap, int flags)
{
	struct scanner s = {src, 0, false, 0, (flags & SCAN_WIDE) != 0};
	enum scan_status st = SCAN_OK;
	int done = 0;
	va_list start;
	va_copy(start, ap);

	bool pending_space =
	    false; /* white space in the format, not read yet */
	for (const char *f = fmt; *f && st == SCAN_OK;) {
		if (isspace((unsigned char)*f)) {
			while (isspace((unsigned char)*f))
				f++;
			pending_space = true;
			continue;
		}
		if (*f != '%') {
			if (pending_space)
				skip_space(&s);
			pending_space = false;
			st = match_byte(&s, *f++);
			continue;
		}
		if (f[1] == '%') {
			skip_space_before(&s);
			pending_space = false;
			st = match_byte(&s, '%');
			f += 2;
			continue;
		}
		struct scan_spec sp;
		int argno;
		f = parse_spec(f + 1, &sp, &argno, flags);
		if (!f) {
			st = SCAN_MATCH_FAIL;
			break;
		}
		void *dest = NULL;
		if (!sp.suppress)
			dest =
			    argno ? nth_arg(start, argno) : va_arg(ap, void *);
		if (dest && sp.alloc)
			*(void **)dest = NULL; /* glibc's value on failure */
		bool skips = sp.conv != 'c' && sp.conv != 'C' &&
			     sp.conv != '[' && sp.conv != 'n';
		if (skips || pending_space)
			skip_space_before(&s);
		pending_space = false;
		if (sp.conv == 'n') {
			if (dest)
				store_count(dest, sp.len, s.count);
			continue;
		}
		st = convert(&s, &sp, dest);
		if (st == SCAN_OK && !sp.suppress)
			done++;
	}
	if (pending_space && st == SCAN_OK)
		skip_space(&s);
	va_end(start);
	if (done)
		return done;
	return st == SCAN_INPUT_FAIL ? EOF : 0;
}
