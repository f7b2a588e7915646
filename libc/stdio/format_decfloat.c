/*
 * Decimal floating-point conversions: e E f F g G.
 *
 * The digits come from an exact expansion and are rounded half to even,
 * as glibc does in the default rounding mode.  They are produced twice:
 * a first pass decides the rounding and where the significant digits end,
 * which fixes the length of the field (needed for padding) before a
 * second pass writes them.  Nothing is buffered, so any precision works
 * in constant space.
 */
#include "format_float.h"

#define NO_DIGIT FMT_LONG_MAX

/* What rounding does to the digits from `first` down to `last`. */
struct dec_plan {
	long first;   /* position of the leading digit, after rounding */
	long last;    /* position of the last digit kept */
	long inc;     /* the digit that rounding up increments */
	long last_nz; /* lowest nonzero digit kept, NO_DIGIT if none */
	bool up;      /* round up: `inc` grows, digits below it become 0 */
	bool carry;   /* all kept digits were 9: the result is 1000... */
};

/*
 * Scans the digits to keep: those down to position -n when !sig (the
 * precision of %f), or n >= 1 digits from the leading nonzero one when
 * sig (%e and %g).  Zero has its single digit at position 0.
 */
static void plan_digits(struct dec_cursor *c, bool sig, long n,
			struct dec_plan *pl)
{
	long pos = c->pos;
	unsigned d = osv_fmt_dec_next(c);
	unsigned r;
	bool sticky;

	if (sig && !(d == 0 && osv_fmt_dec_done(c))) {
		while (d == 0) {
			pos = c->pos;
			d = osv_fmt_dec_next(c);
		}
	}
	pl->first = pos;
	pl->last = sig ? pos - (n - 1) : -n;
	pl->inc = pos + 1;
	pl->last_nz = NO_DIGIT;
	pl->up = false;
	pl->carry = false;
	for (;;) {
		if (d != 9)
			pl->inc = pos;
		if (d != 0)
			pl->last_nz = pos;
		if (pos == pl->last)
			break;
		if (osv_fmt_dec_done(c)) {
			/* Only zeros left: no rounding, and no 9 at last. */
			pl->inc = pl->last;
			return;
		}
		pos = c->pos;
		d = osv_fmt_dec_next(c);
	}
	r = osv_fmt_dec_done(c) ? 0 : osv_fmt_dec_next(c);
	sticky = !osv_fmt_dec_done(c);
	pl->up = r > 5 || (r == 5 && (sticky || (d & 1)));
	if (!pl->up)
		return;
	if (pl->inc > pl->first) {
		pl->carry = true;
		pl->first++;
		if (sig)
			pl->last++;
		pl->last_nz = pl->first;
	} else {
		pl->last_nz = pl->inc;
	}
}

/*
 * Writes the rounded digits at positions hi down to lo.  The cursor must
 * be at position hi unless pl->carry; successive calls continue where the
 * previous one stopped.
 */
static void emit_digits(struct fmt_out *o, struct dec_cursor *c,
			const struct dec_plan *pl, long hi, long lo)
{
	for (long pos = hi; pos >= lo; pos--) {
		unsigned d;

		if (pl->carry) {
			osv_fmt_putc(o, pos == pl->first ? '1' : '0');
			if (pos <= pl->first) {
				osv_fmt_repeat(o, '0', (size_t)(pos - lo));
				return;
			}
			continue;
		}
		/* Past the rounded-up digit or the expansion: 0s. */
		if ((pl->up && pos < pl->inc) || osv_fmt_dec_done(c)) {
			osv_fmt_repeat(o, '0', (size_t)(pos - lo + 1));
			return;
		}
		d = osv_fmt_dec_next(c);
		if (pl->up && pos == pl->inc)
			d++;
		osv_fmt_putc(o, (char)('0' + d));
	}
}

static void restart(struct dec_cursor *c, const struct fmt_fp *f, long pos)
{
	osv_fmt_dec_init(c, f->mant, f->exp2);
	while (c->pos > pos)
		osv_fmt_dec_next(c);
}

/* ddd.ddd, with digits from position hi (>= 0) down to lo. */
static void emit_fixed(struct fmt_out *o, const struct fmt_spec *s,
		       const struct fmt_fp *f, struct dec_cursor *c,
		       const struct dec_plan *pl, long hi, long lo)
{
	bool point = lo < 0 || (s->flags & FMT_ALT);
	char prefix[1];
	size_t prefix_len = osv_fmt_sign(s, f->neg, prefix);
	size_t len = prefix_len + (size_t)(hi - lo + 1) + point;

	if (!osv_fmt_pad_before(o, s, len, prefix, prefix_len, true))
		return;
	restart(c, f, hi);
	emit_digits(o, c, pl, hi, lo < 0 ? 0 : lo);
	if (point)
		osv_fmt_putc(o, '.');
	if (lo < 0)
		emit_digits(o, c, pl, -1, lo);
	osv_fmt_pad_after(o, s, len);
}

/* d.ddde+XX, with digits from position dexp (the exponent) down to lo. */
static void emit_exponent(struct fmt_out *o, const struct fmt_spec *s,
			  const struct fmt_fp *f, struct dec_cursor *c,
			  const struct dec_plan *pl, long dexp, long lo)
{
	bool point = lo < dexp || (s->flags & FMT_ALT);
	bool upper = s->conv == 'E' || s->conv == 'G';
	char prefix[1];
	size_t prefix_len = osv_fmt_sign(s, f->neg, prefix);
	char tail[8];
	char *t = tail + sizeof(tail);
	unsigned long e = (unsigned long)(dexp < 0 ? -dexp : dexp);
	size_t len;

	/* The exponent has at least two digits. */
	do {
		*--t = (char)('0' + e % 10);
		e /= 10;
	} while (e || t > tail + sizeof(tail) - 2);
	*--t = dexp < 0 ? '-' : '+';
	*--t = upper ? 'E' : 'e';

	len = prefix_len + (size_t)(dexp - lo + 1) + point +
	      (size_t)(tail + sizeof(tail) - t);
	if (!osv_fmt_pad_before(o, s, len, prefix, prefix_len, true))
		return;
	restart(c, f, dexp);
	emit_digits(o, c, pl, dexp, dexp);
	if (point)
		osv_fmt_putc(o, '.');
	emit_digits(o, c, pl, dexp - 1, lo);
	osv_fmt_write(o, t, (size_t)(tail + sizeof(tail) - t));
	osv_fmt_pad_after(o, s, len);
}

static long min_long(long a, long b)
{
	return a < b ? a : b;
}

void osv_fmt_decfloat(struct fmt_out *o, const struct fmt_spec *s,
		      const struct fmt_fp *f)
{
	struct dec_cursor c;
	struct dec_plan pl;
	long prec = s->prec < 0 ? 6 : s->prec;
	bool alt = s->flags & FMT_ALT;

	osv_fmt_dec_init(&c, f->mant, f->exp2);
	switch (s->conv) {
	case 'f':
	case 'F':
		plan_digits(&c, false, prec, &pl);
		emit_fixed(o, s, f, &c, &pl, pl.first, -prec);
		return;
	case 'e':
	case 'E':
		plan_digits(&c, true, prec + 1, &pl);
		emit_exponent(o, s, f, &c, &pl, pl.first, pl.last);
		return;
	default:
		break;
	}

	/*
	 * %g: P significant digits, in the style of %f if the exponent X
	 * that %e would show satisfies P > X >= -4, and without trailing
	 * zeros unless the # flag asks for them.
	 */
	if (prec == 0)
		prec = 1;
	plan_digits(&c, true, prec, &pl);
	long dexp = pl.first;
	if (prec > dexp && dexp >= -4) {
		long lo = alt ? pl.last : min_long(0, pl.last_nz);
		emit_fixed(o, s, f, &c, &pl, dexp > 0 ? dexp : 0, lo);
	} else {
		/*
		 * glibc quirk, kept for identical output: when rounding a
		 * number that had just P integer digits carries into one
		 * more (%#.3g of 999.5), glibc keeps the zero fraction
		 * digits of the %f form it started with and prints 1.e+03,
		 * not 1.00e+03.
		 */
		bool quirk = pl.carry && dexp == prec;
		long lo = alt && !quirk ? pl.last : min_long(dexp, pl.last_nz);
		emit_exponent(o, s, f, &c, &pl, dexp, lo);
	}
}
