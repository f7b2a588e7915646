/*
 * The conversion behind strtod, strtof, strtold and scanf's floating
 * conversions: correctly rounded (to nearest, ties to even) for decimal
 * and hexadecimal input of any length, with glibc's errno and end
 * pointer behaviour.  Parametrized by the binary format.
 */
#ifndef OSV_LIBC_INTERNAL_STRTOFP_H
#define OSV_LIBC_INTERNAL_STRTOFP_H

#include <stdbool.h>
#include <stdint.h>

#include "bigint.h"
#include "libc.h"

struct fp_format {
	int prec;	 /* significand bits, the leading one included */
	int emin;	 /* the smallest normal number is 2^emin */
	int emax;	 /* the largest finite number is below 2^(emax + 1) */
	int maxdig;	 /* significant digits that decide any rounding */
	int fast_digits; /* exact powers of ten and integers for the */
	int fast_pow10;	 /* fast path: D < 10^fast_digits, 10^fast_pow10 */
};

enum fp_kind { FP_ZERO, FP_FINITE, FP_NATIVE, FP_INF, FP_NAN };

struct fp_value {
	enum fp_kind kind;
	bool neg;
	int err;       /* ERANGE on overflow and underflow, else 0 */
	uint64_t mant; /* FP_FINITE: mant * 2^exp, mant < 2^prec, and */
	long exp;      /* mant >= 2^(prec-1) unless the number is subnormal */
	long double native; /* FP_NATIVE: the result, exact in long double */
	bool payload;	    /* FP_NAN: a payload was given, in mant */
};

/* The three formats (the x87 one is long double on x86_64). */
extern const struct fp_format osv_fp_float LIBC_HIDDEN;
extern const struct fp_format osv_fp_double LIBC_HIDDEN;
extern const struct fp_format osv_fp_ldouble LIBC_HIDDEN;

/* Parses s as strtod does, for the format f; sets *end if end is set. */
void osv_strtofp(const char *s, char **end, const struct fp_format *f,
		 struct fp_value *out) LIBC_HIDDEN;

/*
 * Rounds n * 2^e (plus a little more when sticky) to the format, into
 * out (kind, mant, exp, err).  n must not be 0.
 */
void osv_fp_round(const struct bigint *n, long e, bool sticky,
		  const struct fp_format *f, struct fp_value *out) LIBC_HIDDEN;

/* A decimal significand: the digits from first (skipping '.'). */
struct fp_decimal {
	const char *first; /* first nonzero digit */
	long nd;	   /* digits to use, the last of them nonzero */
	bool sticky;	   /* nonzero digits were dropped after those */
	long e10;	   /* the value is D * 10^e10 */
};

/* The correctly rounded value of a nonzero decimal significand. */
void osv_fp_decimal(const struct fp_decimal *d, const struct fp_format *f,
		    struct fp_value *out) LIBC_HIDDEN;

#endif
