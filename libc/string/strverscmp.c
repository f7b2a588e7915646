/*
 * strverscmp: like strcmp, but runs of digits compare as numbers, and a
 * run with leading zeros as a fraction ("1.01" < "1.1", "a9" < "a10",
 * "a0" > "a01").  The state is that of the common prefix where the
 * strings first differ: outside a run, in an integral run (it began with
 * a nonzero digit), in a run's leading zeros, or in a fractional run.
 */
#include <ctype.h>
#include <string.h>

#include "libc.h"

enum vstate { V_OUT, V_INT, V_ZEROS, V_FRAC };

static enum vstate next_state(enum vstate s, unsigned char c)
{
	if (!isdigit(c))
		return V_OUT;
	switch (s) {
	case V_OUT:
		return c == '0' ? V_ZEROS : V_INT;
	case V_ZEROS:
		return c == '0' ? V_ZEROS : V_FRAC;
	default:
		return s;
	}
}

/* Both continue a number at p and q: the longer run of digits wins. */
static int cmp_run_length(const unsigned char *p, const unsigned char *q)
{
	int diff = *p - *q;
	for (; isdigit(*p) && isdigit(*q); p++, q++)
		;
	if (isdigit(*p))
		return 1;
	if (isdigit(*q))
		return -1;
	return diff;
}

/* Which string is greater at the first difference, in state s. */
static int cmp_at(enum vstate s, const unsigned char *p, const unsigned char *q)
{
	int dp = isdigit(*p) != 0, dq = isdigit(*q) != 0;
	switch (s) {
	case V_OUT:
		if (dp && dq && *p != '0' && *q != '0')
			return cmp_run_length(p, q);
		break;
	case V_INT:
		if (dp && dq)
			return cmp_run_length(p, q);
		if (dp != dq)
			return dp ? 1 : -1; /* the longer integer */
		break;
	case V_ZEROS:
		if (dp != dq)
			return dp ? -1 : 1; /* more leading zeros: smaller */
		break;
	case V_FRAC:
		break;
	}
	return *p - *q;
}

int strverscmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	enum vstate s = V_OUT;
	for (; *p == *q; p++, q++) {
		if (!*p)
			return 0;
		s = next_state(s, *p);
	}
	return cmp_at(s, p, q);
}

LIBC_ALIAS(strverscmp, __strverscmp);
