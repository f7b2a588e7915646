/*
 * The formatted-output driver: walks the format, fetches the arguments
 * and hands each conversion to its formatter.
 */
#include "printf_hooks.h"

struct fmt_argsrc {
	va_list ap;		     /* unnumbered arguments */
	const struct fmt_args *nums; /* numbered ones, or NULL */
};

static void fetch(struct fmt_argsrc *src, int argpos, enum fmt_argtype t,
		  union fmt_arg *v)
{
	if (src->nums)
		*v = src->nums->v[argpos - 1];
	else
		osv_fmt_fetch(&src->ap, t, v);
}

/* Fetches '*' widths and precisions; false if the width overflows. */
static bool resolve_stars(struct fmt_argsrc *src, struct fmt_directive *d)
{
	union fmt_arg v;

	if (d->width_arg >= 0) {
		fetch(src, d->width_arg, ARG_INT, &v);
		if (v.i < 0) {
			/* Negative means the - flag; -INT_MIN overflows. */
			if (v.i == FMT_INT_MIN)
				return false;
			d->spec.flags |= FMT_MINUS;
			v.i = -v.i;
		}
		d->spec.width = v.i;
	}
	if (d->prec_arg >= 0) {
		fetch(src, d->prec_arg, ARG_INT, &v);
		d->spec.prec = v.i < 0 ? -1 : v.i;
	}
	return true;
}

static void store_count(const struct fmt_spec *s, void *p, size_t count)
{
	switch (s->len) {
	case LEN_HH:
		*(signed char *)p = (signed char)count;
		break;
	case LEN_H:
		*(short *)p = (short)count;
		break;
	case LEN_L:
		*(long *)p = (long)count;
		break;
	case LEN_LL:
		*(long long *)p = (long long)count;
		break;
	case LEN_J:
		*(intmax_t *)p = (intmax_t)count;
		break;
	case LEN_Z:
		*(size_t *)p = count;
		break;
	case LEN_T:
		*(ptrdiff_t *)p = (ptrdiff_t)count;
		break;
	default:
		*(int *)p = (int)count;
		break;
	}
}

/* Writes n in decimal at p; returns the end. */
static char *put_decimal(char *p, unsigned n)
{
	char tmp[10];
	int i = 0;

	do {
		tmp[i++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (i)
		*p++ = tmp[--i];
	return p;
}

/* Performs one conversion; false if the call has to fail. */
static bool convert(struct fmt_out *o, const struct fmt_spec *s,
		    const union fmt_arg *v)
{
	switch (s->conv) {
	case 'd':
	case 'i':
	case 'u':
	case 'o':
	case 'x':
	case 'X':
	case 'b':
	case 'B':
		osv_fmt_integer(o, s, v);
		return true;
	case 'p':
		osv_fmt_pointer(o, s, v->p);
		return true;
	case 'c':
	case 'C':
		return osv_fmt_char(o, s, v);
	case 's':
	case 'S':
		return osv_fmt_string(o, s, v->p);
	case 'n':
		store_count(s, v->p, o->count);
		return true;
	default:
		osv_fmt_float(o, s, v);
		return true;
	}
}

/*
 * glibc prints an unknown conversion back, rebuilt from what it parsed:
 * flags in its own order and without the overridden ones, '*' replaced
 * by their values, and no argument number or length modifier.
 */
static bool unknown_conversion(struct fmt_out *o, const struct fmt_spec *s)
{
	char buf[40];
	char *p = buf;
	unsigned f = s->flags;

	*p++ = '%';
	if (f & FMT_ALT)
		*p++ = '#';
	if (f & FMT_GROUP)
		*p++ = '\'';
	if (f & FMT_PLUS)
		*p++ = '+';
	else if (f & FMT_SPACE)
		*p++ = ' ';
	if (f & FMT_MINUS)
		*p++ = '-';
	else if (f & FMT_ZERO)
		*p++ = '0';
	if (f & FMT_I18N)
		*p++ = 'I';
	if (s->width != 0)
		p = put_decimal(p, (unsigned)s->width);
	if (s->prec >= 0) {
		*p++ = '.';
		p = put_decimal(p, (unsigned)s->prec);
	}
	*p++ = s->conv;
	if (!osv_fmt_reserve(o, (size_t)(p - buf)))
		return false;
	osv_fmt_write(o, buf, (size_t)(p - buf));
	return true;
}

bool osv_fmt_convert(struct fmt_out *o, const struct fmt_spec *s,
		     const union fmt_arg *v)
{
	/* Like glibc, %% ignores any flags, width or precision. */
	if (s->conv == '%') {
		if (!osv_fmt_reserve(o, 1))
			return false;
		osv_fmt_putc(o, '%');
		return true;
	}
	if (s->conv == 'm' && o->sink->errno_value)
		return osv_fmt_error(o, s, o->sink->errno_value(o->sink));
	if (osv_fmt_argtype(s->conv, s->len) == ARG_NONE)
		return unknown_conversion(o, s);
	return convert(o, s, v);
}

static bool directive(struct fmt_out *o, struct fmt_argsrc *src,
		      struct fmt_directive *d)
{
	enum fmt_argtype t = osv_fmt_argtype(d->spec.conv, d->spec.len);
	union fmt_arg v;

	if (d->spec.conv == '%')
		return osv_fmt_convert(o, &d->spec, &v);
	/* Numbered arguments were checked for mixing by osv_fmt_collect(). */
	if (!src->nums && ((d->argpos != 0 && t != ARG_NONE) ||
			   d->width_arg > 0 || d->prec_arg > 0))
		return false;
	if (!resolve_stars(src, d))
		return false;
	if (t != ARG_NONE)
		fetch(src, d->argpos, t, &v);
	return osv_fmt_convert(o, &d->spec, &v);
}

static int format_loop(struct fmt_out *o, const char *fmt,
		       struct fmt_argsrc *src)
{
	const char *p = fmt;

	while (*p) {
		struct fmt_directive d;

		if (!osv_fmt_literal(o, &p))
			return -1;
		if (!*p)
			break;
		p++;
		if (osv_fmt_parse(&p, &d) != PARSE_OK)
			return -1;
		if (!directive(o, src, &d) || o->overflow)
			return -1;
	}
	return 0;
}

/*
 * Whether the first conversion taking an argument is numbered, which
 * POSIX says makes them all numbered.
 */
static bool uses_numbered(const char *fmt)
{
	for (const char *p = fmt; *p;) {
		struct fmt_directive d;

		if (*p++ != '%')
			continue;
		if (osv_fmt_parse(&p, &d) != PARSE_OK)
			return false;
		if (osv_fmt_argtype(d.spec.conv, d.spec.len) != ARG_NONE)
			return d.argpos != 0;
	}
	return false;
}

/*
 * Kept out of line so that the argument array only takes stack space
 * when numbered arguments are used.
 */
static __attribute__((noinline)) int
format_numbered(struct fmt_out *o, const char *fmt, va_list ap)
{
	struct fmt_args args;
	struct fmt_argsrc src;

	if (!osv_fmt_collect(&args, fmt, ap))
		return -1;
	src.nums = &args;
	return format_loop(o, fmt, &src);
}

static int format_sequential(struct fmt_out *o, const char *fmt, va_list ap)
{
	struct fmt_argsrc src;
	int r;

	va_copy(src.ap, ap);
	src.nums = NULL;
	r = format_loop(o, fmt, &src);
	va_end(src.ap);
	return r;
}

int osv_vformat(struct format_sink *sink, const char *fmt, va_list ap)
{
	struct fmt_out o;
	int r;

	osv_fmt_init(&o, sink);
	if (osv_fmt_hooks && !sink->kernel)
		r = osv_fmt_hooks->format(&o, fmt, ap);
	else if (uses_numbered(fmt))
		r = format_numbered(&o, fmt, ap);
	else
		r = format_sequential(&o, fmt, ap);
	osv_fmt_flush(&o);
	return r < 0 ? -1 : (int)o.count;
}
