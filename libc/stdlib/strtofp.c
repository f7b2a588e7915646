/*
 * The parser of strtod and its relatives: white space, sign, then
 * "inf"/"infinity", "nan" with an optional "(n-char-sequence)", a
 * hexadecimal number ("0x", hex digits with an optional point, an
 * optional binary exponent "p"), or a decimal one.  The significant
 * digits are located here and converted in fp_decimal.c, or rounded
 * directly when hexadecimal.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "strtofp.h"

const struct fp_format osv_fp_float = {24, -126, 127, 125, 7, 10};
const struct fp_format osv_fp_double = {53, -1022, 1023, 780, 15, 22};
const struct fp_format osv_fp_ldouble = {64, -16382, 16383, 11530, 19, 27};

/* Exponents saturate here; anything beyond is inf or 0 anyway. */
#define EXP_LIMIT 1000000000000000L

static unsigned hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10u : 16u;
}

/* After a case-insensitive match of word at s, else NULL. */
static const char *match_word(const char *s, const char *word)
{
	for (; *word; s++, word++)
		if ((*s | 0x20) != *word)
			return NULL;
	return s;
}

/*
 * "(n-char-sequence)" after "nan": consumed when the ')' is there; a
 * sequence that is a whole number (strtoull, base 0) gives the payload.
 */
static const char *nan_payload(const char *p, struct fp_value *out)
{
	if (*p != '(')
		return p;
	const char *q = p + 1;
	while (isalnum((unsigned char)*q) || *q == '_')
		q++;
	if (*q != ')')
		return p;
	char *e;
	unsigned long long v = strtoull(p + 1, &e, 0);
	if (e == q && q != p + 1) {
		out->payload = true;
		out->mant = v;
	}
	return q + 1;
}

/* An optional exponent: the letter, a sign, at least one digit. */
static const char *read_exponent(const char *p, char letter, long *exp)
{
	const char *q = p;
	if ((*q | 0x20) != letter)
		return p;
	q++;
	bool neg = *q == '-';
	if (*q == '-' || *q == '+')
		q++;
	if (!isdigit((unsigned char)*q))
		return p;
	long v = 0;
	for (; isdigit((unsigned char)*q); q++)
		if (v < EXP_LIMIT)
			v = v * 10 + (*q - '0');
	*exp = neg ? -v : v;
	return q;
}

/* Where the digits of a significand are, with the point. */
struct digits {
	long count;	     /* digits, the point not counted */
	long point;	     /* digits before the point */
	long first;	     /* index of the first nonzero digit, or -1 */
	long last;	     /* index of the last nonzero digit */
	const char *first_p; /* where the first nonzero digit is */
};

static const char *scan_digits(const char *p, unsigned base, struct digits *d)
{
	bool dot = false;
	d->count = d->point = d->last = 0;
	d->first = -1;
	d->first_p = NULL;
	for (;; p++) {
		unsigned v = hex_value((unsigned char)*p);
		if (v < base) {
			if (v) {
				if (d->first < 0) {
					d->first = d->count;
					d->first_p = p;
				}
				d->last = d->count;
			}
			d->count++;
		} else if (*p == '.' && !dot) {
			dot = true;
			d->point = d->count;
		} else {
			break;
		}
	}
	if (!dot)
		d->point = d->count;
	return p;
}

static const char *parse_decimal(const char *p, const struct fp_format *f,
				 struct fp_value *out)
{
	struct digits d;
	p = scan_digits(p, 10, &d);
	if (!d.count)
		return NULL;
	long exp = 0;
	p = read_exponent(p, 'e', &exp);
	if (d.first < 0) {
		out->kind = FP_ZERO;
		return p;
	}
	struct fp_decimal dec = {d.first_p, d.last - d.first + 1, false, 0};
	if (dec.nd > f->maxdig) {
		dec.nd = f->maxdig;
		dec.sticky = true;
	}
	dec.e10 = exp + d.point - 1 - (d.first + dec.nd - 1);
	osv_fp_decimal(&dec, f, out);
	return p;
}

/* Significant hex digits kept: at least prec + 2 bits for any format. */
#define HEX_KEEP 18

static const char *parse_hex(const char *p, const struct fp_format *f,
			     struct fp_value *out)
{
	struct digits d;
	p = scan_digits(p, 16, &d);
	long exp = 0;
	p = read_exponent(p, 'p', &exp);
	if (d.first < 0) {
		out->kind = FP_ZERO;
		return p;
	}
	uint32_t words[4];
	struct bigint n = {words, 0};
	long nd = d.last - d.first + 1;
	bool sticky = nd > HEX_KEEP;
	if (sticky)
		nd = HEX_KEEP;
	const char *q = d.first_p;
	for (long i = 0; i < nd; q++) {
		if (*q == '.')
			continue;
		osv_big_mul_add(&n, 16, hex_value((unsigned char)*q));
		i++;
	}
	long e = exp + 4 * (d.point - 1 - (d.first + nd - 1));
	long top = e + osv_big_bitlen(&n); /* value < 2^top */
	if (top - 1 > f->emax + 1) {
		out->kind = FP_INF;
		out->err = ERANGE;
	} else if (top <= f->emin - f->prec) {
		out->kind = FP_ZERO;
		out->err = 34;
	} else {
		osv_fp_round(&n, e, sticky, f, out);
	}
	return p;
}

static bool hex_start(const char *p)
{
	return p[0] == '0' && (p[1] | 0x20) == 'x' &&
	       (hex_value((unsigned char)p[2]) < 16 ||
		(p[2] == '.' && hex_value((unsigned char)p[3]) < 16));
}

void osv_strtofp(const char *s, char **end, const struct fp_format *f,
		 struct fp_value *out)
{
	const char *p = s, *q;
	out->kind = FP_ZERO;
	out->neg = false;
	out->err = 0;
	out->payload = false;
	out->mant = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-' || *p == '+')
		out->neg = *p++ == '-';
	if ((q = match_word(p, "inf"))) {
		out->kind = FP_INF;
		const char *r = match_word(q, "inity");
		p = r ? r : q;
	} else if ((q = match_word(p, "nan"))) {
		out->kind = FP_NAN;
		p = nan_payload(q, out);
	} else {
		p = hex_start(p) ? parse_hex(p + 2, f, out)
				 : parse_decimal(p, f, out);
	}
	if (!p) {
		out->neg = false;
		p = s;
	}
	if (end)
		*end = (char *)p;
}
