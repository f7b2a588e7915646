/*
 * strtod, strtof and strtold against the host's glibc, bit for bit, with
 * the end pointer and errno: random numbers printed every way printf
 * can, random digit strings, the exact halfway points between adjacent
 * numbers of each format (and strings just above and below them), the
 * edges of the ranges, subnormals, hexadecimal input, thousands of
 * digits, inf and nan.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "difftest.h"

double osv_strtod(const char *restrict s, char **restrict end);
float osv_strtof(const char *restrict s, char **restrict end);
long double osv_strtold(const char *restrict s, char **restrict end);
double osv_atof(const char *s);
double osv___strtod_internal(const char *s, char **end, int group);
float osv___strtof_internal(const char *s, char **end, int group);
long double osv___strtold_internal(const char *s, char **end, int group);

/* Bits of a result, as printable hex: long double has 10 bytes. */
static const char *hexbits(const void *p, size_t n)
{
	static char bufs[2][32];
	static int which;
	char *b = bufs[which++ & 1];
	for (size_t i = 0; i < n; i++)
		sprintf(b + 2 * i, "%02x",
			((const unsigned char *)p)[n - 1 - i]);
	return b;
}

static unsigned long compared;

#define COMPARE(fn, type, nbytes, s)                                           \
	do {                                                                   \
		char *e1 = NULL, *e2 = NULL;                                   \
		errno = 0;                                                     \
		type v1 = osv_##fn(s, &e1);                                    \
		int err1 = errno;                                              \
		errno = 0;                                                     \
		type v2 = fn(s, &e2);                                          \
		int err2 = errno;                                              \
		compared++;                                                    \
		CHECK(!memcmp(&v1, &v2, nbytes) && e1 == e2 && err1 == err2,   \
		      #fn "(\"%s\"): %s end+%td errno %d, glibc %s end+%td "   \
			  "errno %d",                                          \
		      dt_quote(s, strlen(s) > 120 ? 120 : strlen(s)),          \
		      hexbits(&v1, nbytes), e1 - s, err1,                      \
		      hexbits(&v2, nbytes), e2 - s, err2);                     \
	} while (0)

static void compare_all(const char *s)
{
	COMPARE(strtod, double, 8, s);
	COMPARE(strtof, float, 4, s);
	COMPARE(strtold, long double, 10, s);
}

static double random_double(void)
{
	uint64_t b = dt_rand();
	double d;
	memcpy(&d, &b, 8);
	return d;
}

/* Random doubles, floats and long doubles through printf's conversions. */
static void test_printed(void)
{
	char s[128];
	static const char *fmts[] = {"%.17g", "%.16g", "%.15g", "%.9g",
				     "%.20g", "%.25e", "%a",	"%.3a",
				     "%.6f",  "%.0f",  "%g",	"%.40e"};
	for (int t = 0; t < 50000; t++) {
		double d = random_double();
		if (!isfinite(d))
			continue;
		if (t & 1) { /* values of usual magnitudes too */
			d = ldexp(d, 0);
			d = frexp(d, &(int){0}) *
			    pow(10, (double)((int)dt_below(60) - 30));
		}
		const char *fmt = fmts[dt_below(12)];
		if (strstr(fmt, "f") && fabs(d) > 1e40)
			fmt = "%.17g";
		snprintf(s, sizeof(s), fmt, d);
		compare_all(s);
		float f;
		uint32_t fb = (uint32_t)dt_rand();
		memcpy(&f, &fb, 4);
		if (isfinite(f)) {
			snprintf(s, sizeof(s), t & 2 ? "%.9g" : "%.8g", f);
			COMPARE(strtof, float, 4, s);
		}
		long double l;
		uint64_t lm = dt_rand() | 1ULL << 63;
		uint16_t le = (uint16_t)(dt_rand() % 0x7ffe);
		memcpy(&l, &lm, 8);
		memcpy((char *)&l + 8, &le, 2);
		snprintf(s, sizeof(s), t & 2 ? "%.21Lg" : "%.20Lg", l);
		COMPARE(strtold, long double, 10, s);
	}
	dt_group_end("numbers printed by printf: bits, end and errno match "
		     "glibc");
}

/* Random digit strings: lengths, points, exponents across the ranges. */
static void test_random_strings(void)
{
	char s[256];
	for (int t = 0; t < 250000; t++) {
		char *p = s;
		if (dt_below(4) == 0)
			*p++ = "-+ \t"[dt_below(4)];
		size_t n = dt_below(8) ? 1 + dt_below(25) : 1 + dt_below(120);
		size_t point = dt_below((unsigned)n + 2);
		for (size_t i = 0; i < n; i++) {
			if (i == point)
				*p++ = '.';
			unsigned r = dt_below(10);
			*p++ = (char)('0' + (dt_below(3) ? r : r % 2 * 9));
		}
		if (dt_below(4)) {
			int range = (int[]){30, 330, 5000, 400}[dt_below(4)];
			p += sprintf(p, "%c%d", "eE"[dt_below(2)],
				     (int)dt_below(2 * range) - range);
		}
		*p = '\0';
		compare_all(s);
	}
	dt_group_end("random decimal strings: bits, end and errno match glibc");
}

/*
 * The exact decimal expansion of (2m + 1) * 2^(e - 1), the midpoint
 * between m * 2^e and (m + 1) * 2^e, by schoolbook arithmetic on base
 * 10^9 limbs (independent of the libc's big integers).
 */
/* d (n base-10^9 limbs) *= m; returns the new limb count. */
static int mul_small(uint32_t *d, int n, uint32_t m)
{
	uint64_t c = 0;
	for (int i = 0; i < n; i++) {
		uint64_t x = (uint64_t)d[i] * m + c;
		d[i] = (uint32_t)(x % 1000000000);
		c = x / 1000000000;
	}
	while (c) {
		d[n++] = (uint32_t)(c % 1000000000);
		c /= 1000000000;
	}
	return n;
}

static int midpoint_string(char *out, size_t cap, uint64_t m, int e)
{
	static uint32_t d[2200];
	int n = 0;
	unsigned __int128 v = (unsigned __int128)m * 2 + 1;
	while (v) {
		d[n++] = (uint32_t)(v % 1000000000);
		v /= 1000000000;
	}
	int scale = 0; /* the value is d * 10^-scale */
	int k = e - 1;
	while (k > 0) { /* * 2^k, 29 bits at a time */
		int step = k < 29 ? k : 29;
		n = mul_small(d, n, 1u << step);
		k -= step;
	}
	while (k < 0) { /* * 2^-j = * 5^j / 10^j, 13 at a time */
		int step = -k < 13 ? -k : 13;
		uint32_t p5 = 1;
		for (int i = 0; i < step; i++)
			p5 *= 5;
		n = mul_small(d, n, p5);
		k += step;
		scale += step;
	}
	char *digits = malloc((size_t)n * 9 + 1), *p = digits;
	p += sprintf(p, "%u", d[n - 1]);
	for (int i = n - 2; i >= 0; i--)
		p += sprintf(p, "%09u", d[i]);
	int len = (int)(p - digits);
	int r = snprintf(out, cap, "%.1se%d", digits, 0);
	/* d.ddd...e(len - 1 - scale) */
	if ((size_t)len + 16 > cap) {
		free(digits);
		return -1;
	}
	p = out;
	*p++ = digits[0];
	*p++ = '.';
	memcpy(p, digits + 1, (size_t)len - 1);
	p += len - 1;
	sprintf(p, "e%d", len - 1 - scale);
	free(digits);
	(void)r;
	return len;
}

/* Changes the last digit of the significand of s by +1 or -1. */
static void nudge_last_digit(char *s, int delta)
{
	char *e = strchr(s, 'e');
	char *p = e - 1;
	if (delta > 0) {
		while (*p == '9' || *p == '.') {
			if (*p == '9')
				*p = '0';
			p--;
		}
		(*p)++;
	} else {
		while (*p == '0' || *p == '.') {
			if (*p == '0')
				*p = '9';
			p--;
		}
		(*p)--;
	}
}

/* Appends "0001" to the significand: just above the value. */
static void extend(char *dst, const char *s)
{
	const char *e = strchr(s, 'e');
	memcpy(dst, s, (size_t)(e - s));
	strcpy(dst + (e - s), "00000000000000000001");
	strcat(dst, e);
}

struct fmtinfo {
	int prec, emin, emax;
};

static void test_halfway_format(struct fmtinfo fi, int which, int count)
{
	static char s[12000], s2[12100];
	for (int t = 0; t < count; t++) {
		/* Significand m (prec bits, or fewer for subnormals). */
		uint64_t m = dt_rand();
		if (fi.prec < 64)
			m &= (1ULL << fi.prec) - 1;
		int qmin = fi.emin - (fi.prec - 1);
		int e;
		unsigned r = dt_below(8);
		if (r == 0) { /* subnormal */
			m >>= dt_below((unsigned)fi.prec);
			e = qmin;
		} else if (r == 1) { /* largest binade */
			m |= 1ULL << (fi.prec - 1);
			e = fi.emax - (fi.prec - 1);
		} else if (r == 2) { /* around 2^emin */
			m |= 1ULL << (fi.prec - 1);
			e = qmin + (int)dt_below(3);
			if (dt_below(2))
				m = (1ULL << (fi.prec - 1)) - 1 +
				    (uint64_t)dt_below(2);
		} else {
			m |= 1ULL << (fi.prec - 1);
			int span = which == 2 ? 400 : fi.emax;
			e = (int)dt_below(2 * (unsigned)span) - span -
			    (fi.prec - 1);
			if (e < qmin)
				e = qmin;
		}
		if (m == 0)
			m = 1;
		if (midpoint_string(s, sizeof(s), m, e) < 0)
			continue;
		for (int v = 0; v < 4; v++) {
			if (v == 1)
				extend(s2, s);
			else
				strcpy(s2, s);
			if (v == 2)
				nudge_last_digit(s2, 1);
			if (v == 3)
				nudge_last_digit(s2, -1);
			if (which == 0)
				COMPARE(strtof, float, 4, s2);
			else if (which == 1)
				COMPARE(strtod, double, 8, s2);
			else
				COMPARE(strtold, long double, 10, s2);
		}
	}
}

static void test_halfway(void)
{
	test_halfway_format((struct fmtinfo){24, -126, 127}, 0, 40000);
	test_halfway_format((struct fmtinfo){53, -1022, 1023}, 1, 40000);
	dt_group_end("exact halfway points of float and double, and just "
		     "above and below them");
	test_halfway_format((struct fmtinfo){64, -16382, 16383}, 2, 700);
	dt_group_end("exact halfway points of long double, and just above "
		     "and below them");
}

static const char *known_cases[] = {
    /* double */
    "2.2250738585072011e-308",
    "2.2250738585072012e-308",
    "2.2250738585072014e-308",
    "2.225073858507201136057409796709131975934819546351645648e-308",
    "9007199254740993",
    "9007199254740992.5",
    "1e23",
    "8.9255e-312",
    "4.9406564584124654e-324",
    "2.4703282292062327e-324",
    "2.4703282292062328e-324",
    "2."
    "47032822920623272088284396434110686182529901307162382212792841250337753635"
    "10437593264991818081799618989828234772285886546332835517796989819938739800"
    "53909390631503565951557022639229085839244910518443593180284993653615250031"
    "93704576782492193656236698636584807570015857692699037063119282795585513329"
    "27834338409351978015531246597263579574622766465272827220056374006485499977"
    "09659947045402082816622623785739345073633900796776193057750674017632467360"
    "09689513405355374585166611342237666786041621596804619144672918403005300575"
    "30849048765391711386591646239524912623653881879636239373280423891018672348"
    "49766823508986338858792562830275599565752445550725518931369083625477918694"
    "86679949683240497058210285131854513962138377228261454376934125320985913276"
    "67236328125e-324",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "1.797693134862315807937289714053e308",
    "1.797693134862315708145274237317043567981e+308",
    "1.797693134862315708145274237317043567981e+308000",
    "0.1",
    "0.2",
    "0.3",
    "3.14159265358979323846264338327950288",
    "1e-324",
    "1e-325",
    "5e-324",
    "3e-324",
    "2e-324",
    "1e308",
    "1e309",
    "123456789012345678901234567890e-40",
    "1e-4950",
    "1e-4951",
    "1e-4952",
    "1e4932",
    "1e4933",
    "1.18973149535723176502e+4932",
    "1.18973149535723176508e+4932",
    "3.64519953188247460252e-4951",
    "1.82259976594123730126e-4951",
    "1.82259976594123730127e-4951",
    /* float */
    "1.00000005960464477539062499",
    "1.000000059604644775390625",
    "1.00000005960464477539062501",
    "3.4028235677973366e38",
    "3.4028235677973365e38",
    "3.40282357e38",
    "1.4012984643e-45",
    "7.006492321624085e-46",
    "7.006492321624086e-46",
    "1.17549435e-38",
    "1.1754942e-38",
    "1.17549428e-38",
    /* forms */
    "0",
    "-0",
    "+0",
    "0.",
    ".0",
    "00000.00000e99999",
    "0e-99999999999999999",
    "1e99999999999999999999",
    "1e-99999999999999999999",
    "-1e-400",
    " \t\n\v\f\r1",
    "1.5e",
    "1.5e+",
    "1.5e-x",
    "1.5E3",
    "1.5e 3",
    "e5",
    ".",
    "-.",
    "+.e1",
    "",
    " ",
    "-",
    "+",
    "x",
    "1x",
    "1.2.3",
    "..1",
    "inf",
    "INF",
    "-inf",
    "+Inf",
    "infinity",
    "INFINITY",
    "infinit",
    "infinityx",
    "in",
    "nan",
    "NAN",
    "-nan",
    "nan()",
    "nan(123)",
    "nan(0x123)",
    "nan(abc_12)",
    "nan(12",
    "nan(-1)",
    "nan(0xffffffffffff)",
    "nan(0x7fffff)",
    "nan(0xfffffffffffffffff)",
    "nan(010)",
    "nanx",
    "na",
    /* hexadecimal */
    "0x",
    "0x.",
    "0x.p1",
    "0xp1",
    "0x1p",
    "0x1p+",
    "0x1P3",
    "0X1.8p1",
    "0x.8",
    "0x1.fffffffffffff8p1023",
    "0x1.fffffffffffff7p1023",
    "0x1.fffffffffffff7ffffffffffffffffffffffp1023",
    "0x1p1024",
    "0x1p-1074",
    "0x1p-1075",
    "0x1.0000000000001p-1075",
    "0x1p-1076",
    "0x1.fffffffffffffp-1023",
    "0x1.fffffffffffff8p-1023",
    "0x0.0000000000001p-1022",
    "0x123456789abcdef0123456789p-100",
    "0x1p-16445",
    "0x1p-16446",
    "0x1.8p-16446",
    "0x1p16383",
    "0x1p16384",
    "0x1.fffffep127",
    "0x1.ffffffp127",
    "0x1p-149",
    "0x1p-150",
    "0x1.000001p-150",
    "-0x0p0",
    "0x0.000000000000000000000000001p0",
    "0x1p99999999999999999999",
    "0x1p-99999999999999999999",
    "0xg",
    "0x1.",
    "0x.1",
    "0x1.1.1",
};

static void test_known(void)
{
	for (size_t i = 0; i < sizeof(known_cases) / sizeof(known_cases[0]);
	     i++)
		if (!strstr(known_cases[i], "0x") &&
		    !strstr(known_cases[i], "0X"))
			compare_all(known_cases[i]);
	dt_group_end("known hard cases, edges of the ranges, special forms "
		     "(hexadecimal ones below)");
}

/*
 * An exact reference for hexadecimal input, independent of both libraries:
 * glibc 2.36 misrounds some hexadecimal numbers that round to subnormals
 * (0x1.000001p-150 gives 0 as a float, not the smallest subnormal) and
 * misses ERANGE on others.  Where glibc and the libc disagree on such a
 * number, the libc must agree with this.
 */
struct exact {
	long double value; /* exact in long double for every format */
	int err;
};

static struct exact hex_exact(const char *s, int prec, int emin, int emax)
{
	struct exact r = {0, 0};
	const char *p = s;
	while (*p == ' ')
		p++;
	int neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	p += 2;
	unsigned __int128 m = 0;
	long e = 0;
	int sticky = 0, dot = 0;
	for (;; p++) {
		int v;
		if (*p == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (*p >= '0' && *p <= '9')
			v = *p - '0';
		else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			v = (*p | 0x20) - 'a' + 10;
		else
			break;
		if (m >> 120) {
			sticky |= v != 0;
			e += dot ? 0 : 4;
		} else {
			m = m << 4 | (unsigned)v;
			e -= dot ? 4 : 0;
		}
	}
	if ((*p | 0x20) == 'p') {
		const char *q = p + 1;
		int en = *q == '-';
		if (*q == '-' || *q == '+')
			q++;
		if (*q >= '0' && *q <= '9') {
			long x = 0;
			for (; *q >= '0' && *q <= '9'; q++)
				if (x < 100000000)
					x = x * 10 + (*q - '0');
			e += en ? -x : x;
		}
	}
	if (!m) {
		r.value = neg ? -0.0L : 0.0L;
		return r;
	}
	int len = 128 - (m >> 64 ? __builtin_clzll((uint64_t)(m >> 64))
				 : 64 + __builtin_clzll((uint64_t)m));
	long qmin = emin - (prec - 1), k = e + len - prec;
	if (k < qmin)
		k = qmin;
	long shift = k - e;
	unsigned __int128 mant;
	int round = 0;
	if (shift <= 0) {
		mant = m << -shift;
	} else if (shift > 127) {
		mant = 0;
		sticky |= 1;
	} else {
		mant = m >> shift;
		round = (int)((m >> (shift - 1)) & 1);
		if (shift > 1)
			sticky |=
			    (m & (((unsigned __int128)1 << (shift - 1)) - 1)) !=
			    0;
	}
	int below = mant < (unsigned __int128)1 << (prec - 1);
	int next = shift >= 2 ? (int)((m >> (shift - 2)) & 1) : 0;
	if (round && (sticky || (mant & 1))) {
		mant++;
		if (mant >> prec) {
			mant >>= 1;
			k++;
		}
	}
	int tiny =
	    mant < (unsigned __int128)1 << (prec - 1) || (below && !next);
	if ((round || sticky) && tiny)
		r.err = ERANGE;
	if (k > emax - (prec - 1)) {
		r.value = neg ? -HUGE_VALL : HUGE_VALL;
		r.err = ERANGE;
		return r;
	}
	r.value = ldexpl((long double)(uint64_t)mant, (int)k);
	if (neg)
		r.value = -r.value;
	return r;
}

static unsigned long glibc_hex_misses;

#define COMPARE_HEX(fn, type, nbytes, s, prec, emin, emax)                     \
	do {                                                                   \
		char *e1 = NULL, *e2 = NULL;                                   \
		errno = 0;                                                     \
		type v1 = osv_##fn(s, &e1);                                    \
		int err1 = errno;                                              \
		errno = 0;                                                     \
		type v2 = fn(s, &e2);                                          \
		int err2 = errno;                                              \
		compared++;                                                    \
		if (!memcmp(&v1, &v2, nbytes) && e1 == e2 && err1 == err2) {   \
			dt_group_run++;                                        \
			break;                                                 \
		}                                                              \
		struct exact x = hex_exact(s, prec, emin, emax);               \
		type v3 = (type)x.value;                                       \
		long double min = prec == 24   ? FLT_MIN                       \
				  : prec == 53 ? DBL_MIN                       \
					       : LDBL_MIN;                     \
		int subnormal = fabsl(x.value) <= min;                         \
		glibc_hex_misses += subnormal;                                 \
		CHECK(subnormal && !memcmp(&v1, &v3, nbytes) &&                \
			  err1 == x.err && e1 == e2,                           \
		      #fn                                                      \
		      "(\"%s\"): %s errno %d, glibc %s errno %d, exact %s "    \
		      "errno %d",                                              \
		      s, hexbits(&v1, nbytes), err1, hexbits(&v2, nbytes),     \
		      err2, hexbits(&v3, nbytes), x.err);                      \
	} while (0)

static void compare_hex(const char *s)
{
	COMPARE_HEX(strtof, float, 4, s, 24, -126, 127);
	COMPARE_HEX(strtod, double, 8, s, 53, -1022, 1023);
	COMPARE_HEX(strtold, long double, 10, s, 64, -16382, 16383);
}

/* Hexadecimal: random significands and exponents, any length. */
static void test_hex(void)
{
	char s[300];
	for (int t = 0; t < 150000; t++) {
		char *p = s;
		if (dt_below(3) == 0)
			*p++ = '-';
		p += sprintf(p, "0%c", "xX"[dt_below(2)]);
		size_t n = dt_below(6) ? 1 + dt_below(20) : 1 + dt_below(100);
		size_t point = dt_below((unsigned)n + 2);
		for (size_t i = 0; i < n; i++) {
			if (i == point)
				*p++ = '.';
			unsigned r = dt_below(3);
			*p++ = r == 0 ? '0'
			       : r == 1
				   ? 'f'
				   : "0123456789abcdefABCDEF"[dt_below(22)];
		}
		if (dt_below(5)) {
			int range = (int[]){20, 1100, 16500, 200}[dt_below(4)];
			p += sprintf(p, "%c%d", "pP"[dt_below(2)],
				     (int)dt_below(2 * range) - range);
		}
		*p = '\0';
		compare_hex(s);
	}
	for (size_t i = 0; i < sizeof(known_cases) / sizeof(known_cases[0]);
	     i++)
		if (strstr(known_cases[i], "0x") ||
		    strstr(known_cases[i], "0X"))
			compare_hex(known_cases[i]);
	printf("# %lu cases where glibc 2.36 misrounds a hexadecimal "
	       "subnormal (checked against the exact value instead)\n",
	       glibc_hex_misses);
	dt_group_end("random hexadecimal strings: glibc's bits, end and "
		     "errno, or else the exact result");
}

/* Thousands of digits: every one of them can matter. */
static void test_long(void)
{
	static char s[30000];
	for (int t = 0; t < 3000; t++) {
		char *p = s;
		size_t n =
		    t < 2500 ? 700 + dt_below(400) : 11000 + dt_below(1500);
		size_t lead = dt_below(3) ? 0 : dt_below(400);
		if (lead) {
			*p++ = '0';
			*p++ = '.';
			memset(p, '0', lead);
			p += lead;
		}
		for (size_t i = 0; i < n; i++) {
			unsigned r = dt_below(4);
			*p++ = r == 0	? '0'
			       : r == 1 ? '9'
					: (char)('0' + dt_below(10));
		}
		if (t % 3 == 0) /* a long tail of zeros */
			for (int i = 0; i < 500; i++)
				*p++ = '0';
		int range = t < 2500 ? 1200 : 16000;
		sprintf(p, "e%d", (int)dt_below(2 * (unsigned)range) - range);
		if (t < 2500) {
			COMPARE(strtod, double, 8, s);
			COMPARE(strtof, float, 4, s);
		} else {
			COMPARE(strtold, long double, 10, s);
		}
	}
	/* Halfway points with a tail of many digits far away. */
	static char h[12000];
	for (int t = 0; t < 300; t++) {
		uint64_t m = (dt_rand() & ((1ULL << 53) - 1)) | 1ULL << 52;
		int e = (int)dt_below(2000) - 1000 - 52;
		if (midpoint_string(h, sizeof(h) - 3000, m, e) < 0)
			continue;
		char *ep = strchr(h, 'e');
		char exp[16];
		strcpy(exp, ep);
		memset(ep, '0', 2000);
		strcpy(ep + 2000, t & 1 ? "1" : "0");
		strcat(h, exp);
		COMPARE(strtod, double, 8, h);
	}
	dt_group_end("inputs of thousands of digits");
}

static void test_aliases(void)
{
	const char *cases[] = {"1.5", "-2e-3", "x", "0x1p3", "1e400"};
	for (size_t i = 0; i < 5; i++) {
		const char *s = cases[i];
		char *e1, *e2;
		CHECK(osv_atof(s) == atof(s) || (isnan(osv_atof(s))),
		      "atof(%s)", s);
		double d = osv___strtod_internal(s, &e1, 0);
		CHECK(d == strtod(s, &e2) && e1 == e2, "__strtod_internal");
		float f = osv___strtof_internal(s, &e1, 0);
		CHECK(f == strtof(s, &e2) && e1 == e2, "__strtof_internal");
		long double l = osv___strtold_internal(s, &e1, 0);
		CHECK(l == strtold(s, &e2) && e1 == e2, "__strtold_internal");
	}
	CHECK(osv_strtod("1", NULL) == 1.0, "NULL end pointer");
	dt_group_end("atof, __strtod_internal and relatives");
}

int main(void)
{
	test_known();
	test_printed();
	test_random_strings();
	test_halfway();
	test_hex();
	test_long();
	test_aliases();
	printf("# %lu conversions compared with glibc\n", compared);
	return dt_done();
}
