/*
 * glibc's printf_size and printf_size_info: a handler and arginfo for
 * register_printf_specifier that print a double (long double under L)
 * as %f would, divided by 1024 as long as it is at least that, with the
 * unit's letter after it (k m g t p e z y, up to 1024^8); a conversion
 * in upper case divides by 1000 (K M G T P E Z Y).  An undivided number
 * is followed by a space.  glibc's output is reproduced: a precision
 * of 3 unless given, the width counting the unit, padding with
 * info->pad (the unit after the padding when left-justified with
 * anything but spaces), inf and nan with neither a unit nor the sign of
 * a nan, padded with spaces to the larger of the width and precision.
 * The number goes through the formatting core, not a printf format, so
 * that what a program registers cannot change it.
 */
#include <printf.h>
#include <stdio.h>
#include <wchar.h>

#include "format_impl.h"

/* Writes the core's output to the handler's stream, wide or not. */
struct stream_sink {
	struct format_sink sink;
	FILE *f;
	bool wide, failed;
};

static void stream_put(struct format_sink *sink, const char *p, size_t n)
{
	struct stream_sink *s = (struct stream_sink *)sink;

	if (!s->f || s->failed)
		return;
	if (!s->wide) {
		s->failed = fwrite(p, 1, n, s->f) != n;
		return;
	}
	/* The core writes only ASCII for %f. */
	for (size_t i = 0; i < n && !s->failed; i++)
		s->failed = fputwc((wchar_t)p[i], s->f) == WEOF;
}

/* What the number takes, printed to f; nothing but counted if f is NULL. */
static size_t put_number(struct stream_sink *s, FILE *f,
			 const struct fmt_spec *spec, const union fmt_arg *v)
{
	struct fmt_out o;

	s->f = f;
	osv_fmt_init(&o, &s->sink);
	osv_fmt_convert(&o, spec, v);
	osv_fmt_flush(&o);
	return o.count;
}

static void put_pad(struct stream_sink *s, wchar_t c, size_t n)
{
	for (; n && !s->failed; n--)
		s->failed = s->wide ? fputwc(c, s->f) == WEOF
				    : fputc((int)c, s->f) == EOF;
}

/* The unit's letter for v divided down, 0 for inf and nan. */
static char scale(union fmt_arg *v, bool ld, wchar_t conv)
{
	static const char units[2][10] = {" kmgtpezy", " KMGTPEZY"};
	bool upper = conv >= 'A' && conv <= 'Z';
	double div = upper ? 1000 : 1024;
	int u = 0;

	if (ld ? __builtin_isinf(v->ld) || __builtin_isnan(v->ld)
	       : __builtin_isinf(v->d) || __builtin_isnan(v->d))
		return 0;
	if (ld)
		for (; u < 8 && v->ld >= div; u++)
			v->ld /= div;
	else
		for (; u < 8 && v->d >= div; u++)
			v->d /= div;
	return units[upper][u];
}

/* The %f conversion printf_size prints the number with. */
static struct fmt_spec number_spec(const struct printf_info *info, bool ld)
{
	struct fmt_spec s = {.prec = info->prec < 0 ? 3 : info->prec,
			     .len = ld ? LEN_LL : LEN_NONE,
			     .conv = 'f'};

	s.flags = (info->showsign ? FMT_PLUS : 0) |
		  (info->space ? FMT_SPACE : 0) | (info->alt ? FMT_ALT : 0);
	return s;
}

int printf_size(FILE *fp, const struct printf_info *info,
		const void *const *args)
{
	struct stream_sink s = {.sink.put = stream_put, .wide = info->wide};
	bool ld = info->is_long_double;
	union fmt_arg v;

	if (ld)
		v.ld = *(const long double *)args[0];
	else
		v.d = *(const double *)args[0];
	char unit = scale(&v, ld, info->spec);
	struct fmt_spec spec = number_spec(info, ld);
	wchar_t pad = info->pad;
	long width = info->width;
	if (!unit) {
		/* nan's sign is not shown; width and precision pad alike */
		if (ld && __builtin_isnan(v.ld))
			v.ld = __builtin_nanl("");
		else if (!ld && __builtin_isnan(v.d))
			v.d = __builtin_nan("");
		width = info->prec > width ? info->prec : width;
		pad = ' ';
	} else {
		width--;
		if (pad == '0' && !info->left) {
			spec.flags |= FMT_ZERO;
			spec.width = width > 0 ? (int)width : 0;
		}
	}
	size_t n = put_number(&s, NULL, &spec, &v);
	size_t fill = width > (long)n ? (size_t)width - n : 0;
	s.f = fp;
	if (!info->left)
		put_pad(&s, pad, fill);
	put_number(&s, fp, &spec, &v);
	if (info->left && pad != ' ')
		put_pad(&s, pad, fill);
	if (unit)
		put_pad(&s, (unsigned char)unit, 1);
	if (info->left && pad == ' ')
		put_pad(&s, pad, fill);
	n += fill + (unit != 0);
	return s.failed || n > FMT_INT_MAX ? -1 : (int)n;
}

int printf_size_info(const struct printf_info *info, size_t n, int *argtypes)
{
	if (n >= 1)
		argtypes[0] = PA_DOUBLE |
			      (info->is_long_double ? PA_FLAG_LONG_DOUBLE : 0);
	return 1;
}
