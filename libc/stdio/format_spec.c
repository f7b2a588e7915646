/*
 * Parsing of one conversion specification:
 *   %[n$][flags][width|*|*m$][.[precision|*|*m$]][length]conversion
 */
#include "printf_hooks.h"

struct fmt_hooks *osv_fmt_hooks;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a decimal number; -1 stands for anything above INT_MAX. */
static int parse_num(const char **pp)
{
	const char *p = *pp;
	int v = 0;
	bool big = false;

	for (; is_digit(*p); p++) {
		int d = *p - '0';
		if (v > (FMT_INT_MAX - d) / 10)
			big = true;
		else
			v = v * 10 + d;
	}
	*pp = p;
	return big ? -1 : v;
}

/*
 * Reads the "m$" of an argument number at *pp.  Like glibc, a zero or a
 * missing '$' means the digits are not an argument number at all, and
 * *pp is left alone so that they are parsed as whatever comes next.
 */
static enum fmt_parse parse_argnum(const char **pp, int *num)
{
	const char *p = *pp;
	int n;

	*num = 0;
	if (!is_digit(*p))
		return PARSE_OK;
	n = parse_num(&p);
	if (*p != '$' || n == 0)
		return PARSE_OK;
	if (n < 0)
		return PARSE_OVERFLOW;
	*num = n;
	*pp = p + 1;
	return PARSE_OK;
}

/* Parses a width or precision at *pp into *value or *arg. */
static enum fmt_parse parse_amount(const char **pp, int *value, int *arg)
{
	if (**pp == '*') {
		(*pp)++;
		return parse_argnum(pp, arg);
	}
	*value = parse_num(pp);
	return *value < 0 ? PARSE_OVERFLOW : PARSE_OK;
}

static unsigned flag_bit(char c)
{
	switch (c) {
	case '-':
		return FMT_MINUS;
	case '+':
		return FMT_PLUS;
	case ' ':
		return FMT_SPACE;
	case '#':
		return FMT_ALT;
	case '0':
		return FMT_ZERO;
	case '\'':
		return FMT_GROUP;
	case 'I':
		return FMT_I18N;
	default:
		return 0;
	}
}

static const char *parse_length(const char *p, enum fmt_length *len)
{
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			*len = LEN_HH;
			return p + 2;
		}
		*len = LEN_H;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			*len = LEN_LL;
			return p + 2;
		}
		*len = LEN_L;
		return p + 1;
	case 'L':
	case 'q':
		*len = LEN_LL;
		return p + 1;
	case 'j':
		*len = LEN_J;
		return p + 1;
	case 'z':
	case 'Z':
		*len = LEN_Z;
		return p + 1;
	case 't':
		*len = LEN_T;
		return p + 1;
	default:
		*len = LEN_NONE;
		return p;
	}
}

/*
 * The registered modifier the format continues with, the longest (the
 * latest registered of equals), as glibc: its length, its bit in *bit.
 */
static size_t match_modifier(const struct fmt_hooks *h, const char *p,
			     unsigned short *bit)
{
	size_t best = 0;

	for (unsigned i = 0; i < h->nmodifiers; i++) {
		const __WCHAR_TYPE__ *m = h->modifier[i].str;
		size_t n = 0;

		while (m[n] && m[n] == (unsigned char)p[n])
			n++;
		if (!m[n] && n >= best) {
			best = n;
			*bit = h->modifier[i].bit;
		}
	}
	return best;
}

static enum fmt_parse parse(const char **fmtp, struct fmt_directive *d,
			    const struct fmt_hooks *h)
{
	const char *p = *fmtp;
	enum fmt_parse r;
	unsigned bit;

	d->spec.flags = 0;
	d->spec.width = 0;
	d->spec.prec = -1;
	d->width_arg = -1;
	d->prec_arg = -1;

	r = parse_argnum(&p, &d->argpos);
	if (r != PARSE_OK)
		return r;
	while ((bit = flag_bit(*p)) != 0) {
		d->spec.flags |= bit;
		p++;
	}
	if (*p == '*' || is_digit(*p)) {
		r = parse_amount(&p, &d->spec.width, &d->width_arg);
		if (r != PARSE_OK)
			return r;
	}
	if (*p == '.') {
		p++;
		d->spec.prec = 0;
		r = parse_amount(&p, &d->spec.prec, &d->prec_arg);
		if (r != PARSE_OK)
			return r;
	}
	/* A registered modifier stands for the length modifier (glibc). */
	d->user = 0;
	size_t mod = h ? match_modifier(h, p, &d->user) : 0;
	if (mod) {
		p += mod;
		d->spec.len = LEN_NONE;
	} else {
		p = parse_length(p, &d->spec.len);
	}
	if (*p == '\0')
		return PARSE_ERROR;
	d->spec.conv = *p++;
	*fmtp = p;
	return PARSE_OK;
}

/*
 * Parses the directive whose '%' precedes *fmtp and advances *fmtp past
 * its conversion character.  The conversion character is not validated:
 * the caller decides what to do with unknown ones.
 */
enum fmt_parse osv_fmt_parse(const char **fmtp, struct fmt_directive *d)
{
	return parse(fmtp, d, NULL);
}

enum fmt_parse osv_fmt_parse_hooked(const char **fmtp, struct fmt_directive *d)
{
	return parse(fmtp, d, osv_fmt_hooks);
}

enum fmt_argtype osv_fmt_argtype(char conv, enum fmt_length len)
{
	switch (conv) {
	case 'd':
	case 'i':
	case 'u':
	case 'o':
	case 'x':
	case 'X':
	case 'b':
	case 'B':
		switch (len) {
		case LEN_L:
			return ARG_LONG;
		case LEN_LL:
			return ARG_LLONG;
		case LEN_J:
			return ARG_INTMAX;
		case LEN_Z:
			return ARG_SIZE;
		case LEN_T:
			return ARG_PTRDIFF;
		default:
			return ARG_INT;
		}
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		return len == LEN_LL ? ARG_LDOUBLE : ARG_DOUBLE;
	case 'c':
	case 'C':
		/* wint_t is unsigned int, so %lc is fetched as an int too. */
		return ARG_INT;
	case 's':
	case 'S':
	case 'p':
	case 'n':
		return ARG_PTR;
	default:
		return ARG_NONE;
	}
}
