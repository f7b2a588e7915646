/*
 * Private interfaces shared by the files of the formatted-output core.
 * Nothing here is visible outside libc/stdio.
 */
#ifndef OSV_LIBC_STDIO_FORMAT_IMPL_H
#define OSV_LIBC_STDIO_FORMAT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vformat.h"

/*
 * gcc's <limits.h> needs the C library's own under -nostdinc, which the
 * kernel build does not have, so the limits come from the compiler.
 */
#define FMT_INT_MAX __INT_MAX__
#define FMT_INT_MIN (-__INT_MAX__ - 1)
#define FMT_LONG_MAX __LONG_MAX__
#define FMT_CHAR_BIT __CHAR_BIT__

/* Keeps the core's internal symbols out of the exported libc ABI. */
#define FMT_HIDDEN __attribute__((visibility("hidden")))

enum {
	FMT_MINUS = 1 << 0,
	FMT_PLUS = 1 << 1,
	FMT_SPACE = 1 << 2,
	FMT_ALT = 1 << 3,
	FMT_ZERO = 1 << 4,
	/* No effect in the "C" locale, but shown for unknown conversions. */
	FMT_GROUP = 1 << 5,
	FMT_I18N = 1 << 6,
};

enum fmt_length {
	LEN_NONE,
	LEN_HH,
	LEN_H,
	LEN_L,
	LEN_LL, /* also L and q, which glibc treats alike everywhere */
	LEN_J,
	LEN_Z,
	LEN_T,
};

/* One conversion, once '*' widths and precisions have been resolved. */
struct fmt_spec {
	unsigned flags;
	int width;
	int prec; /* -1 when absent */
	enum fmt_length len;
	char conv;
};

/*
 * How an argument is fetched from the va_list.  Unsigned and signed
 * arguments of one size share a class: they are passed identically.
 */
enum fmt_argtype {
	ARG_NONE,
	ARG_INT,
	ARG_LONG,
	ARG_LLONG,
	ARG_INTMAX,
	ARG_SIZE,
	ARG_PTRDIFF,
	ARG_PTR,
	ARG_DOUBLE,
	ARG_LDOUBLE,
};

union fmt_arg {
	int i;
	long l;
	long long ll;
	intmax_t j;
	size_t z;
	ptrdiff_t t;
	void *p;
	double d;
	long double ld;
};

/*
 * Output goes through a small buffer so that the sink is not called once
 * per character.  `count` is what printf would return.
 */
#define FMT_OUT_BUF 128

struct fmt_out {
	struct format_sink *sink;
	size_t count;
	bool overflow;
	unsigned used;
	char buf[FMT_OUT_BUF];
};

FMT_HIDDEN void osv_fmt_init(struct fmt_out *o, struct format_sink *sink);
FMT_HIDDEN void osv_fmt_flush(struct fmt_out *o);
FMT_HIDDEN void osv_fmt_putc(struct fmt_out *o, char c);
FMT_HIDDEN void osv_fmt_write(struct fmt_out *o, const char *p, size_t n);
FMT_HIDDEN void osv_fmt_repeat(struct fmt_out *o, char c, size_t n);
FMT_HIDDEN bool osv_fmt_reserve(struct fmt_out *o, size_t n);

/*
 * Writes the format's text up to its next '%' (or end), moving *p there:
 * both engines' loops start so.  false when the count would overflow.
 */
static inline bool osv_fmt_literal(struct fmt_out *o, const char **p)
{
	const char *lit = *p, *q = lit;
	while (*q && *q != '%')
		q++;
	*p = q;
	if (q == lit)
		return true;
	if (!osv_fmt_reserve(o, (size_t)(q - lit)))
		return false;
	osv_fmt_write(o, lit, (size_t)(q - lit));
	return true;
}
FMT_HIDDEN bool osv_fmt_pad_before(struct fmt_out *o, const struct fmt_spec *s,
				   size_t len, const char *prefix,
				   size_t prefix_len, bool zero_ok);
FMT_HIDDEN void osv_fmt_pad_after(struct fmt_out *o, const struct fmt_spec *s,
				  size_t len);

/* Parsed form of one directive, before its arguments are fetched. */
struct fmt_directive {
	struct fmt_spec spec;
	int argpos;	     /* 0: next argument; n: the n$ form */
	int width_arg;	     /* -1: none; 0: '*'; m: '*m$' */
	int prec_arg;	     /* same as width_arg */
	unsigned short user; /* registered modifiers (printf_hooks.h) */
};

enum fmt_parse {
	PARSE_OK,
	PARSE_ERROR,   /* the format ends inside the directive */
	PARSE_OVERFLOW /* a number in the directive exceeds INT_MAX */
};

FMT_HIDDEN enum fmt_parse osv_fmt_parse(const char **fmtp,
					struct fmt_directive *d);
FMT_HIDDEN enum fmt_argtype osv_fmt_argtype(char conv, enum fmt_length len);
/*
 * One conversion whose '*'s are resolved and whose argument is fetched
 * (none for %%, %m and unknown ones): false if the call has to fail.
 */
FMT_HIDDEN bool osv_fmt_convert(struct fmt_out *o, const struct fmt_spec *s,
				const union fmt_arg *v);

struct fmt_args {
	int count;
	union fmt_arg v[FORMAT_ARGMAX];
};

FMT_HIDDEN bool osv_fmt_collect(struct fmt_args *a, const char *fmt,
				va_list ap);

static inline void osv_fmt_fetch(va_list *ap, enum fmt_argtype t,
				 union fmt_arg *v)
{
	switch (t) {
	case ARG_LONG:
		v->l = va_arg(*ap, long);
		break;
	case ARG_LLONG:
		v->ll = va_arg(*ap, long long);
		break;
	case ARG_INTMAX:
		v->j = va_arg(*ap, intmax_t);
		break;
	case ARG_SIZE:
		v->z = va_arg(*ap, size_t);
		break;
	case ARG_PTRDIFF:
		v->t = va_arg(*ap, ptrdiff_t);
		break;
	case ARG_PTR:
		v->p = va_arg(*ap, void *);
		break;
	case ARG_DOUBLE:
		v->d = va_arg(*ap, double);
		break;
	case ARG_LDOUBLE:
		v->ld = va_arg(*ap, long double);
		break;
	case ARG_NONE:
	case ARG_INT:
	default:
		v->i = va_arg(*ap, int);
		break;
	}
}

/* The conversions return false when the call has to fail. */
FMT_HIDDEN void osv_fmt_integer(struct fmt_out *o, const struct fmt_spec *s,
				const union fmt_arg *a);
FMT_HIDDEN void osv_fmt_pointer(struct fmt_out *o, const struct fmt_spec *s,
				const void *p);
FMT_HIDDEN bool osv_fmt_char(struct fmt_out *o, const struct fmt_spec *s,
			     const union fmt_arg *a);
/* %m and %#m for errno value err (format_error.c). */
FMT_HIDDEN bool osv_fmt_error(struct fmt_out *o, const struct fmt_spec *s,
			      int err);
FMT_HIDDEN bool osv_fmt_string(struct fmt_out *o, const struct fmt_spec *s,
			       const void *p);
FMT_HIDDEN void osv_fmt_text(struct fmt_out *o, const struct fmt_spec *s,
			     const char *p, size_t n);
FMT_HIDDEN void osv_fmt_float(struct fmt_out *o, const struct fmt_spec *s,
			      const union fmt_arg *a);

#endif
