/*
 * stdlib.h of the libc (all but strtod, see test_strtod.c) against the
 * host's glibc: the strtol family on generated strings (value, end
 * pointer, errno), qsort on adversarial inputs with a bound on the
 * comparisons, bsearch, lfind, lsearch, abs and div, the exact sequences
 * of rand, random (every state size) and drand48, and the environment
 * after random edits.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <search.h>
#include <stdlib.h>
#include <unistd.h>

#include "difftest.h"
#include "osv_libc.h"

/* A string made of the pieces strtol cares about, in a sensible order. */
static void gen_int_string(char *s)
{
	static const char *spaces[] = {"", "", " ", "\t\n", " \v\f\r "};
	static const char *signs[] = {"", "", "-", "+", "--", "+-"};
	static const char *prefixes[] = {"",   "",   "",  "0",	 "0x", "0X",
					 "00", "0b", "x", "0x0", "0xg"};
	static const char *alphabets[] = {
	    "0123456789",
	    "01",
	    "01234567",
	    "0123456789abcdefABCDEF",
	    "0123456789abcdefghijklmnopqrstuvwxyzXYZ",
	    "9",
	    "fF",
	    "zZ"};
	static const char *tails[] = {"", "", " ", "x", "-", "\xff", "9"};
	char *p = s;
	p = stpcpy(p, spaces[dt_below(5)]);
	p = stpcpy(p, signs[dt_below(6)]);
	p = stpcpy(p, prefixes[dt_below(11)]);
	const char *al = alphabets[dt_below(8)];
	size_t k = strlen(al), n = dt_below(4) ? dt_below(12) : dt_below(40);
	for (size_t i = 0; i < n; i++)
		*p++ = al[dt_below((unsigned)k)];
	strcpy(p, tails[dt_below(7)]);
}

static int gen_base(void)
{
	static const int odd[] = {-1, 1, 37, 100, INT_MIN};
	unsigned r = dt_below(20);
	if (r < 5)
		return 0;
	if (r < 8)
		return (int[]){10, 16, 8}[r - 5];
	if (r == 8)
		return odd[dt_below(5)];
	return 2 + (int)dt_below(35);
}

#define COMPARE_STRTO(name, type, fmt, s, base)                                \
	do {                                                                   \
		char *e1 = NULL, *e2 = NULL;                                   \
		errno = 0;                                                     \
		type v1 = osv_##name(s, &e1, base);                            \
		int err1 = errno;                                              \
		errno = 0;                                                     \
		type v2 = name(s, &e2, base);                                  \
		int err2 = errno;                                              \
		CHECK(v1 == v2 && e1 == e2 && err1 == err2,                    \
		      #name "(\"%s\", %d): " fmt                               \
			    " end+%td errno %d, glibc " fmt                    \
			    " end+%td errno %d",                               \
		      dt_str(s), base, v1, e1 - s, err1, v2, e2 - s, err2);    \
	} while (0)

static void test_strtol(void)
{
	char s[128];
	for (int t = 0; t < 300000; t++) {
		gen_int_string(s);
		int base = gen_base();
		COMPARE_STRTO(strtol, long, "%ld", s, base);
		COMPARE_STRTO(strtoul, unsigned long, "%lu", s, base);
		if (t % 4 == 0) {
			COMPARE_STRTO(strtoll, long long, "%lld", s, base);
			COMPARE_STRTO(strtoull, unsigned long long, "%llu", s,
				      base);
			COMPARE_STRTO(strtoimax, intmax_t, "%jd", s, base);
			COMPARE_STRTO(strtoumax, uintmax_t, "%ju", s, base);
			COMPARE_STRTO(strtoq, long long, "%lld", s, base);
			COMPARE_STRTO(strtouq, unsigned long long, "%llu", s,
				      base);
		}
	}
	/* The edges of the ranges. */
	static const char *edges[] = {
	    "9223372036854775807",
	    "9223372036854775808",
	    "-9223372036854775808",
	    "-9223372036854775809",
	    "18446744073709551615",
	    "18446744073709551616",
	    "-18446744073709551615",
	    "-18446744073709551616",
	    "0x7fffffffffffffff",
	    "0x8000000000000000",
	    "0xffffffffffffffff",
	    "0x10000000000000000",
	    "-0x8000000000000000",
	    "01777777777777777777777",
	    "02000000000000000000000",
	    "-1",
	    "-0",
	    "  +0x",
	    "0x",
	    "-",
	    "",
	    "   ",
	    "0X1p3",
	    "1e5",
	    "0b101",
	};
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		for (int base = 0; base <= 36; base += (base ? 1 : 2)) {
			COMPARE_STRTO(strtol, long, "%ld", edges[i], base);
			COMPARE_STRTO(strtoul, unsigned long, "%lu", edges[i],
				      base);
		}
	}
	/* A NULL end pointer. */
	CHECK(osv_strtol("12", NULL, 10) == 12 &&
		  osv_strtoul("x", NULL, 0) == 0,
	      "strtol with endptr NULL");
	dt_group_end("strtol family: value, end pointer and errno match "
		     "glibc on generated strings");

	for (int t = 0; t < 50000; t++) {
		gen_int_string(s);
		CHECK(osv_atoi(s) == atoi(s), "atoi(%s)", dt_str(s));
		CHECK(osv_atol(s) == atol(s), "atol(%s)", dt_str(s));
		CHECK(osv_atoll(s) == atoll(s), "atoll(%s)", dt_str(s));
		int base = gen_base();
		char *e1 = NULL, *e2 = NULL;
		CHECK(osv___strtol_internal(s, &e1, base, 0) ==
			      strtol(s, &e2, base) &&
			  e1 == e2,
		      "__strtol_internal");
		CHECK(osv___strtoul_internal(s, &e1, base, 0) ==
			      strtoul(s, &e2, base) &&
			  e1 == e2,
		      "__strtoul_internal");
		CHECK(osv___strtoll_internal(s, &e1, base, 0) ==
			      strtoll(s, &e2, base) &&
			  e1 == e2,
		      "__strtoll_internal");
		CHECK(osv___strtoull_internal(s, &e1, base, 0) ==
			      strtoull(s, &e2, base) &&
			  e1 == e2,
		      "__strtoull_internal");
	}
	dt_group_end("atoi, atol, atoll, __strto*_internal");
}

/* qsort: the comparisons are counted, to bound the worst case. */
static unsigned long compares;

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	compares++;
	return (x > y) - (x < y);
}

static int cmp_int_r(const void *a, const void *b, void *arg)
{
	(*(unsigned long *)arg)++;
	return cmp_int(a, b);
}

struct rec {
	int key;
	char pad[9];
};

static int cmp_rec(const void *a, const void *b)
{
	return cmp_int(&((const struct rec *)a)->key,
		       &((const struct rec *)b)->key);
}

static int sorted_ok(const int *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i - 1] > v[i])
			return 0;
	return 1;
}

/* Inputs that defeat naive pivot choices. */
static void fill_pattern(int *v, size_t n, int pattern)
{
	for (size_t i = 0; i < n; i++) {
		switch (pattern) {
		case 0:
			v[i] = (int)dt_rand();
			break;
		case 1:
			v[i] = (int)i;
			break;
		case 2:
			v[i] = (int)(n - i);
			break;
		case 3:
			v[i] = 7;
			break;
		case 4:
			v[i] = (int)(i < n / 2 ? i : n - i);
			break; /* organ */
		case 5:
			v[i] = (int)dt_below(3);
			break;
		case 6:
			v[i] = (int)(i % 2 ? i : n + i);
			break;
		case 7:
			v[i] = (int)(i ^ 0x55);
			break;
		}
	}
	if (pattern == 8) { /* median-of-three killer */
		size_t k = n / 2;
		for (size_t i = 0; i < k; i++) {
			v[i] = (int)(i % 2 ? k + i : i + 1);
			v[k + i] = (int)(2 * (i + 1));
		}
		if (n % 2)
			v[n - 1] = (int)n;
	}
}

static int rev_arr[1 << 17], ref_arr[1 << 17];

static int cmp_plain(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_plain_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static void test_qsort(void)
{
	static const size_t ns[] = {0,	1,  2,	 3,    5,    12,
				    13, 50, 100, 1000, 4097, 100000};
	for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		size_t n = ns[k];
		for (int pat = 0; pat <= 8; pat++) {
			fill_pattern(rev_arr, n, pat);
			memcpy(ref_arr, rev_arr, n * sizeof(int));
			qsort(ref_arr, n, sizeof(int), cmp_plain);
			compares = 0;
			osv_qsort(rev_arr, n, sizeof(int), cmp_int);
			double bound =
			    n < 2 ? 1 : 4.0 * n * __builtin_log2(n) + 64;
			CHECK(!memcmp(rev_arr, ref_arr, n * sizeof(int)),
			      "qsort n=%zu pattern %d: not glibc's order", n,
			      pat);
			CHECK(compares <= bound,
			      "qsort n=%zu pattern %d: %lu comparisons", n, pat,
			      compares);
		}
	}
	/* Element sizes other than 4 and 8, and qsort_r's argument. */
	static struct rec recs[3001];
	for (size_t i = 0; i < 3001; i++)
		recs[i].key = (int)dt_below(500), recs[i].pad[3] = (char)i;
	osv_qsort(recs, 3001, sizeof(recs[0]), cmp_rec);
	int ok = 1;
	for (size_t i = 1; i < 3001; i++)
		ok = ok && recs[i - 1].key <= recs[i].key;
	CHECK(ok, "qsort of 13-byte records");
	unsigned long count = 0;
	fill_pattern(rev_arr, 10000, 0);
	osv_qsort_r(rev_arr, 10000, sizeof(int), cmp_int_r, &count);
	CHECK(sorted_ok(rev_arr, 10000) && count > 0, "qsort_r");
	long longs[1000];
	for (int i = 0; i < 1000; i++)
		longs[i] = (long)dt_rand();
	osv_qsort(longs, 1000, sizeof(long), cmp_plain_long);
	ok = 1;
	for (int i = 1; i < 1000; i++)
		ok = ok && longs[i - 1] <= longs[i];
	CHECK(ok, "qsort of longs");
	dt_group_end("qsort, qsort_r: sorted as glibc sorts, at most "
		     "4 n log2 n comparisons on adversarial inputs");

	int v[200];
	for (int i = 0; i < 200; i++)
		v[i] = 2 * i;
	for (int key = -2; key < 402; key++) {
		for (size_t n = 0; n <= 200; n += 37) {
			void *a =
			    osv_bsearch(&key, v, n, sizeof(int), cmp_plain);
			void *b = bsearch(&key, v, n, sizeof(int), cmp_plain);
			CHECK(a == b, "bsearch key %d n %zu", key, n);
			size_t n1 = n, n2 = n;
			a = osv_lfind(&key, v, &n1, sizeof(int), cmp_plain);
			b = lfind(&key, v, &n2, sizeof(int), cmp_plain);
			CHECK(a == b && n1 == n2, "lfind key %d", key);
		}
	}
	int arr1[20] = {0}, arr2[20] = {0};
	size_t n1 = 0, n2 = 0;
	for (int t = 0; t < 60; t++) {
		int key = (int)dt_below(15);
		int *a = osv_lsearch(&key, arr1, &n1, sizeof(int), cmp_plain);
		int *b = lsearch(&key, arr2, &n2, sizeof(int), cmp_plain);
		CHECK(a - arr1 == b - arr2 && n1 == n2 &&
			  !memcmp(arr1, arr2, sizeof(arr1)),
		      "lsearch key %d", key);
	}
	dt_group_end("bsearch, lfind, lsearch");
}

static void test_arith(void)
{
	static const long vals[] = {
	    0,		 1,	   -1,		 7, -7, 100, -100, INT_MAX,
	    INT_MIN + 1, LONG_MAX, LONG_MIN + 1, 3, -3};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		long a = vals[i];
		CHECK(osv_labs(a) == labs(a) && osv_llabs(a) == llabs(a) &&
			  osv_imaxabs(a) == imaxabs(a),
		      "labs(%ld)", a);
		if (a >= INT_MIN && a <= INT_MAX)
			CHECK(osv_abs((int)a) == abs((int)a), "abs(%ld)", a);
		for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
			long b = vals[j];
			if (!b)
				continue;
			ldiv_t l1 = osv_ldiv(a, b), l2 = ldiv(a, b);
			lldiv_t q1 = osv_lldiv(a, b), q2 = lldiv(a, b);
			imaxdiv_t m1 = osv_imaxdiv(a, b), m2 = imaxdiv(a, b);
			CHECK(l1.quot == l2.quot && l1.rem == l2.rem &&
				  q1.quot == q2.quot && q1.rem == q2.rem &&
				  m1.quot == m2.quot && m1.rem == m2.rem,
			      "ldiv(%ld, %ld)", a, b);
			if (a >= INT_MIN && a <= INT_MAX && b >= INT_MIN &&
			    b <= INT_MAX) {
				div_t d1 = osv_div((int)a, (int)b),
				      d2 = div((int)a, (int)b);
				CHECK(d1.quot == d2.quot && d1.rem == d2.rem,
				      "div(%ld, %ld)", a, b);
			}
		}
	}
	errno = 0;
	CHECK(!osv_reallocarray(NULL, SIZE_MAX / 2, 3) && errno == ENOMEM,
	      "reallocarray overflow");
	int *p = osv_reallocarray(NULL, 10, sizeof(int));
	CHECK(p != NULL, "reallocarray");
	p = osv_reallocarray(p, 1000, sizeof(int));
	CHECK(p != NULL, "reallocarray grows");
	free(p);
	dt_group_end("abs, labs, llabs, imaxabs, div family, reallocarray");
}

static void test_random(void)
{
	/* The unseeded state is that of seed 1. */
	for (int i = 0; i < 1000; i++)
		CHECK(osv_rand() == rand(), "rand() unseeded #%d", i);
	static const unsigned seeds[] = {0,	      1,	  2,
					 42,	      0x7fffffff, 0x80000000u,
					 0xffffffffu, 127773,	  123456789};
	for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		osv_srand(seeds[k]);
		srand(seeds[k]);
		for (int i = 0; i < 500; i++)
			CHECK(osv_rand() == rand(), "rand() seed %u #%d",
			      seeds[k], i);
		unsigned s1 = seeds[k], s2 = seeds[k];
		for (int i = 0; i < 100; i++)
			CHECK(osv_rand_r(&s1) == rand_r(&s2) && s1 == s2,
			      "rand_r seed %u #%d", seeds[k], i);
	}
	dt_group_end("rand, srand, rand_r: glibc's sequences");

	/* Every state size, and switching between states. */
	static const size_t sizes[] = {8,   31,	 32,  63,  64,
				       127, 128, 255, 256, 1000};
	static char st1[10][1000], st2[10][1000];
	for (size_t k = 0; k < 10; k++) {
		for (size_t j = 0; j < 3; j++) {
			unsigned seed = seeds[(k + j) % 9];
			char *o1 = osv_initstate(seed, st1[k], sizes[k]);
			char *o2 = initstate(seed, st2[k], sizes[k]);
			CHECK((o1 != NULL) == (o2 != NULL), "initstate");
			for (int i = 0; i < 300; i++)
				CHECK(osv_random() == random(),
				      "random() state size %zu seed %u #%d",
				      sizes[k], seed, i);
			osv_srandom(seed + 1);
			srandom(seed + 1);
			for (int i = 0; i < 50; i++)
				CHECK(osv_random() == random(),
				      "srandom state size %zu", sizes[k]);
		}
	}
	for (int t = 0; t < 200; t++) {
		size_t k = dt_below(10);
		osv_setstate(st1[k]);
		setstate(st2[k]);
		for (int i = 0; i < 20; i++)
			CHECK(osv_random() == random(),
			      "after setstate, state size %zu", sizes[k]);
	}
	errno = 0;
	CHECK(osv_initstate(1, st1[0], 7) == NULL && errno == EINVAL,
	      "initstate too small");
	dt_group_end("random, srandom, initstate, setstate: every state "
		     "size, switching states");

	struct random_data d1, d2;
	char b1[128], b2[128];
	memset(&d1, 0, sizeof(d1));
	memset(&d2, 0, sizeof(d2));
	osv_initstate_r(77, b1, sizeof(b1), &d1);
	initstate_r(77, b2, sizeof(b2), &d2);
	for (int i = 0; i < 1000; i++) {
		int32_t r1, r2;
		osv_random_r(&d1, &r1);
		random_r(&d2, &r2);
		CHECK(r1 == r2, "random_r #%d", i);
		if (i == 500) {
			osv_srandom_r(5, &d1);
			srandom_r(5, &d2);
		}
	}
	CHECK(!memcmp(b1, b2, sizeof(b1)), "random_r state words");
	osv_setstate_r(b1, &d1);
	setstate_r(b2, &d2);
	dt_group_end("random_r, srandom_r, initstate_r, setstate_r");

	for (int i = 0; i < 200; i++)
		CHECK(osv_drand48() == drand48() &&
			  osv_lrand48() == lrand48() &&
			  osv_mrand48() == mrand48(),
		      "drand48 family unseeded #%d", i);
	static const long seeds48[] = {0, 1, -1, 0x123456789abcL, 42};
	for (size_t k = 0; k < 5; k++) {
		osv_srand48(seeds48[k]);
		srand48(seeds48[k]);
		for (int i = 0; i < 200; i++)
			CHECK(osv_drand48() == drand48() &&
				  osv_lrand48() == lrand48() &&
				  osv_mrand48() == mrand48(),
			      "drand48 family seed %ld #%d", seeds48[k], i);
	}
	unsigned short x1[3] = {1, 2, 3}, x2[3] = {1, 2, 3};
	for (int i = 0; i < 100; i++)
		CHECK(osv_erand48(x1) == erand48(x2) &&
			  osv_nrand48(x1) == nrand48(x2) &&
			  osv_jrand48(x1) == jrand48(x2) &&
			  !memcmp(x1, x2, sizeof(x1)),
		      "erand48, nrand48, jrand48 #%d", i);
	unsigned short sd[3] = {0x1234, 0x5678, 0x9abc};
	unsigned short *p1 = osv_seed48(sd), *p2 = seed48(sd);
	CHECK(!memcmp(p1, p2, 6), "seed48 returns the previous state");
	for (int i = 0; i < 50; i++)
		CHECK(osv_lrand48() == lrand48(), "after seed48 #%d", i);
	unsigned short par[7] = {1, 2, 3, 5, 0, 7, 11};
	osv_lcong48(par);
	lcong48(par);
	for (int i = 0; i < 50; i++)
		CHECK(osv_mrand48() == mrand48() && osv_drand48() == drand48(),
		      "after lcong48 #%d", i);
	struct drand48_data r1, r2;
	memset(&r1, 0, sizeof(r1));
	memset(&r2, 0, sizeof(r2));
	for (int i = 0; i < 100; i++) {
		double a, b;
		long c, e;
		osv_drand48_r(&r1, &a);
		drand48_r(&r2, &b);
		osv_lrand48_r(&r1, &c);
		lrand48_r(&r2, &e);
		CHECK(a == b && c == e, "drand48_r, lrand48_r #%d", i);
		osv_mrand48_r(&r1, &c);
		mrand48_r(&r2, &e);
		CHECK(c == e, "mrand48_r #%d", i);
		osv_erand48_r(x1, &r1, &a);
		erand48_r(x2, &r2, &b);
		osv_nrand48_r(x1, &r1, &c);
		nrand48_r(x2, &r2, &e);
		CHECK(a == b && c == e, "erand48_r, nrand48_r #%d", i);
		osv_jrand48_r(x1, &r1, &c);
		jrand48_r(x2, &r2, &e);
		CHECK(c == e, "jrand48_r #%d", i);
		if (i == 30) {
			osv_srand48_r(99, &r1);
			srand48_r(99, &r2);
		}
		if (i == 60) {
			osv_seed48_r(sd, &r1);
			seed48_r(sd, &r2);
		}
		if (i == 80) {
			osv_lcong48_r(par, &r1);
			lcong48_r(par, &r2);
		}
	}
	CHECK(!memcmp(&r1, &r2, sizeof(r1)), "drand48_data contents");
	dt_group_end("drand48 family and its _r forms: glibc's sequences");
}

/* The environment: the same edits on glibc's and ours, then compared. */
static int same_environ(void)
{
	char **a = osv_environ, **b = environ;
	if (!a || !b)
		return (!a || !*a) && (!b || !*b);
	for (; *a && *b; a++, b++)
		if (strcmp(*a, *b))
			return 0;
	return !*a && !*b;
}

static void test_env(void)
{
	static char put_pool[12][16];
	static const char *names[] = {"A",  "B", "AB", "PATH",
				      "A=", "",	 "C",  "HOME"};
	static const char *values[] = {"", "1", "x=y", "/bin", "long value"};
	CHECK(osv_environ && !*osv_environ && !osv_getenv("HOME"),
	      "the environment starts empty, an array, not NULL");
	clearenv();
	osv_clearenv();
	CHECK(osv_environ == NULL && osv___environ == NULL, "clearenv");
	for (int i = 0; i < 12; i++)
		snprintf(put_pool[i], sizeof(put_pool[i]), "%s%s%s",
			 names[i % 8], i % 3 ? "=" : "", values[i % 5]);
	for (int t = 0; t < 5000; t++) {
		const char *name = names[dt_below(8)];
		int r1 = 0, r2 = 0, e1, e2;
		errno = 0;
		switch (dt_below(t % 500 == 499 ? 6 : 5)) {
		case 0: {
			const char *v = values[dt_below(5)];
			int ow = (int)dt_below(2);
			r1 = osv_setenv(name, v, ow), e1 = errno, errno = 0;
			r2 = setenv(name, v, ow), e2 = errno;
			break;
		}
		case 1:
			r1 = osv_unsetenv(name), e1 = errno, errno = 0;
			r2 = unsetenv(name), e2 = errno;
			break;
		case 2: {
			char *s = put_pool[dt_below(12)];
			r1 = osv_putenv(s), e1 = errno, errno = 0;
			r2 = putenv(s), e2 = errno;
			break;
		}
		case 3: {
			const char *g1 = osv_getenv(name), *g2 = getenv(name);
			CHECK(g1 ? g2 && !strcmp(g1, g2) : !g2,
			      "getenv(%s): %s, glibc %s", name,
			      g1 ? g1 : "NULL", g2 ? g2 : "NULL");
			g1 = osv_secure_getenv(name);
			CHECK(g1 ? g2 && !strcmp(g1, g2) : !g2,
			      "secure_getenv(%s)", name);
			e1 = e2 = 0;
			break;
		}
		case 4:
			r1 = osv_setenv(NULL, "x", 1), e1 = errno, errno = 0;
			r2 = setenv(NULL, "x", 1), e2 = errno;
			break;
		default:
			r1 = osv_clearenv(), e1 = errno;
			r2 = clearenv(), e2 = errno;
			break;
		}
		CHECK(r1 == r2 && (r1 == 0 || e1 == e2),
		      "step %d: returns %d errno %d, glibc %d errno %d", t, r1,
		      e1, r2, e2);
		CHECK(same_environ(), "step %d: environments differ", t);
	}
	CHECK(osv___environ == osv_environ && osv__environ == osv_environ,
	      "__environ and _environ are environ");
	static char *mine[] = {"X=1", "Y=2", NULL};
	osv_libc_set_environ(mine);
	CHECK(osv_environ == mine && !strcmp(osv_getenv("Y"), "2"),
	      "libc_set_environ");
	CHECK(!osv_setenv("Z", "3", 1) && mine[2] == NULL &&
		  !strcmp(osv_environ[2], "Z=3") && osv_environ != mine,
	      "a change copies the installed array");
	static char **copy; /* a PIE's COPY of environ */
	copy = osv_environ; /* libc_use_program_vars's move */
	osv_env_var = &copy;
	CHECK(copy == osv_environ && !strcmp(osv_getenv("Z"), "3"),
	      "a moved environment keeps its value");
	CHECK(!osv_clearenv() && copy == NULL && osv_environ != NULL &&
		  !osv_setenv("W", "4", 1) && copy && !strcmp(copy[0], "W=4") &&
		  !copy[1] && !strcmp(osv_getenv("W"), "4"),
	      "clearenv and setenv change the variable it was moved to");
	CHECK(!osv_unsetenv("W") && copy[0] == NULL && !osv_getenv("W"),
	      "and unsetenv");
	osv_environ = copy; /* environ is __environ: one variable */
	osv_env_var = &osv_environ;
	CHECK(osv_environ == copy && !osv_setenv("V", "5", 1) &&
		  !strcmp(osv_environ[0], "V=5") &&
		  !strcmp(osv_getenv("V"), "5"),
	      "moved back");
	dt_group_end("getenv, setenv, unsetenv, putenv, clearenv: the same "
		     "environment as glibc after random edits");
}

int main(void)
{
	test_strtol();
	test_qsort();
	test_arith();
	test_random();
	test_env();
	return dt_done();
}
