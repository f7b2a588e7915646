/*
 * Numbered (%n$) arguments.  A va_list can only be walked in order and
 * va_arg needs each argument's type, so the whole format is scanned first
 * to learn the type of every position, then the arguments are fetched in
 * position order.
 */
#include "format_impl.h"

/* Records that argument `pos` is of type `t`; false if out of range. */
static bool note(unsigned char *type, int *max, int pos, enum fmt_argtype t)
{
	if (pos < 1 || pos > FORMAT_ARGMAX)
		return false;
	type[pos - 1] = (unsigned char)t;
	if (pos > *max)
		*max = pos;
	return true;
}

/* Returns false if the format cannot be used with numbered arguments. */
static bool scan_types(const char *fmt, unsigned char *type, int *max)
{
	const char *p = fmt;

	while (*p) {
		struct fmt_directive d;
		enum fmt_argtype t;

		if (*p++ != '%')
			continue;
		if (osv_fmt_parse(&p, &d) != PARSE_OK)
			return false;
		if (d.spec.conv == '%')
			continue;
		/* POSIX: once numbered, every conversion must be numbered. */
		if (d.width_arg == 0 || d.prec_arg == 0)
			return false;
		/* Unknown conversions take no argument, but their '*'s do. */
		t = osv_fmt_argtype(d.spec.conv, d.spec.len);
		if (t != ARG_NONE && !note(type, max, d.argpos, t))
			return false;
		if (d.width_arg > 0 && !note(type, max, d.width_arg, ARG_INT))
			return false;
		if (d.prec_arg > 0 && !note(type, max, d.prec_arg, ARG_INT))
			return false;
	}
	return true;
}

bool osv_fmt_collect(struct fmt_args *a, const char *fmt, va_list ap)
{
	unsigned char type[FORMAT_ARGMAX];
	int max = 0;
	va_list aq;

	for (int i = 0; i < FORMAT_ARGMAX; i++)
		type[i] = ARG_NONE;
	if (!scan_types(fmt, type, &max))
		return false;
	/*
	 * Positions no directive mentions are fetched as int, which is what
	 * glibc does with such gaps.
	 */
	va_copy(aq, ap);
	for (int i = 0; i < max; i++)
		osv_fmt_fetch(&aq, (enum fmt_argtype)type[i], &a->v[i]);
	va_end(aq);
	a->count = max;
	return true;
}
