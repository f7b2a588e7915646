#include <ctype.h>
#include <errno.h>
#include <stddef.h>

#include "strtoint.h"

/* The value of digit c, or 36 (more than any base) if it is none. */
static unsigned digit_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 36;
}

/*
 * A "0x" prefix counts only when a hex digit follows it; otherwise the
 * number is the "0" and the parse stops at the 'x'.
 */
static int read_base(const char **sp, int base)
{
	const char *s = *sp;
	bool hex_prefix = s[0] == '0' && (s[1] | 0x20) == 'x' &&
			  digit_value((unsigned char)s[2]) < 16;
	if ((base == 0 || base == 16) && hex_prefix) {
		*sp = s + 2;
		return 16;
	}
	if (base == 0)
		return s[0] == '0' ? 8 : 10;
	return base;
}

struct strtoint osv_strtoint(const char *s, char **end, int base,
			     unsigned long long pos_lim,
			     unsigned long long neg_lim)
{
	struct strtoint r = {0, false, false};
	const char *start = s;

	/* glibc leaves *end alone here; so do we. */
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return r;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-' || *s == '+')
		r.neg = *s++ == '-';
	base = read_base(&s, base);
	unsigned long long lim = r.neg ? neg_lim : pos_lim;
	const char *digits = s;
	for (unsigned d; (d = digit_value((unsigned char)*s)) < (unsigned)base;
	     s++) {
		if (r.mag > (lim - d) / (unsigned)base)
			r.over = true;
		else
			r.mag = r.mag * (unsigned)base + d;
	}
	if (r.over)
		r.mag = lim;
	if (end)
		*end = (char *)(s == digits ? start : s);
	return r;
}
