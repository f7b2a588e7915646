/*
 * parse_printf_format: the types of the arguments a printf format
 * takes, in glibc's PA_ codes, through the formatting core's own parser
 * (format_spec.c).  Once a directive names its argument (n$), the
 * format is positional and the count is the highest number named;
 * otherwise it is the number of arguments taken in turn.
 */
#include <printf.h>

#include "printf_hooks.h"

/*
 * The length modifier as glibc's parse_printf_format sees it on x86_64,
 * from the characters before the conversion: "ll" is "l" there (long
 * long is long), "L" and "q" change floating conversions only.
 */
enum length { NONE = 0, HH = 1, H = 2, LONG = 4, BIG = 8 };

static enum length length_before(const char *conv)
{
	switch (conv[-1]) {
	case 'h':
		return conv[-2] == 'h' ? HH : H;
	case 'l':
		return conv[-2] == 'l' ? BIG | LONG : LONG;
	case 'j':
	case 'z':
	case 'Z':
	case 't':
		return LONG;
	case 'L':
	case 'q':
		return BIG;
	default:
		return NONE;
	}
}

static int integer_type(enum length len)
{
	if (len & LONG)
		return PA_INT | PA_FLAG_LONG;
	if (len == HH)
		return PA_CHAR;
	return len == H ? PA_INT | PA_FLAG_SHORT : PA_INT;
}

/*
 * The length does not change %c, %s or %n (glibc's quirks); a registered
 * modifier in its place leaves none.
 */
int osv_fmt_pa_type(const struct fmt_directive *d, const char *conv)
{
	enum length len = d->user ? NONE : length_before(conv);
	switch (*conv) {
	case 'd':
	case 'i':
	case 'o':
	case 'u':
	case 'x':
	case 'X':
	case 'b':
	case 'B':
		return integer_type(len);
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		return len & BIG ? PA_DOUBLE | PA_FLAG_LONG_DOUBLE : PA_DOUBLE;
	case 'c':
		return PA_CHAR;
	case 'C':
		return PA_WCHAR;
	case 's':
		return PA_STRING;
	case 'S':
		return PA_WSTRING;
	case 'p':
		return PA_POINTER;
	case 'n':
		return PA_INT | PA_FLAG_PTR;
	default:
		return -1;
	}
}

/* Records type for argument number pos (from 1) if it fits. */
static void note(int *argtypes, size_t n, long pos, int type)
{
	if (pos >= 1 && (size_t)pos <= n)
		argtypes[pos - 1] = type;
}

/*
 * The count and first type of a directive's arguments: a registered
 * arginfo's answer, else the built-in conversion's.
 */
static int data_args(const struct fmt_directive *d, const char *conv, int *type)
{
	int count =
	    osv_fmt_hooks ? osv_fmt_hooks->arg_types(d, conv, 1, type) : -1;

	if (count >= 0)
		return count;
	*type = osv_fmt_pa_type(d, conv);
	return *type >= 0;
}

/*
 * The rest of the types of a registered conversion taking more than one
 * argument, the first at pos, asked again as glibc does.
 */
static void more_types(const struct fmt_directive *d, const char *conv,
		       size_t n, int *argtypes, long pos)
{
	if ((size_t)pos <= n)
		osv_fmt_hooks->arg_types(d, conv, n - (size_t)(pos - 1),
					 argtypes + pos - 1);
}

/*
 * Positions are counted in a long: a registered arginfo may claim up to
 * INT_MAX arguments for each conversion (glibc counts in a size_t).
 */
size_t parse_printf_format(const char *fmt, size_t n, int *argtypes)
{
	long next = 0, highest = 0;
	for (const char *p = fmt; *p;) {
		if (*p++ != '%')
			continue;
		if (*p == '%') {
			p++;
			continue;
		}
		struct fmt_directive d;
		enum fmt_parse r = osv_fmt_parse_hooked(&p, &d);
		if (r == PARSE_OVERFLOW)
			break;
		/* A directive cut short still takes what it named. */
		int type = -1;
		int count = r == PARSE_OK ? data_args(&d, p - 1, &type) : 0;
		int args[3] = {d.width_arg, d.prec_arg, count ? d.argpos : -1};
		int types[3] = {PA_INT, PA_INT, type};
		for (int i = 0; i < 3; i++) {
			if (args[i] < 0)
				continue;
			long pos = args[i] ? args[i] : next + 1;
			note(argtypes, n, pos, types[i]);
			if (i == 2 && count > 1)
				more_types(&d, p - 1, n, argtypes, pos);
			if (!args[i])
				next += i == 2 ? count : 1;
			if (pos > highest)
				highest = pos;
		}
		if (d.argpos > highest)
			highest = d.argpos;
		if (r != PARSE_OK)
			break;
	}
	return (size_t)(highest > next ? highest : next);
}
