/*
 * Host test of the kernel's formatted-output core: every case is run
 * through the host's glibc snprintf and through osv_vsnprintf, and the
 * return values and bytes must agree.  Output is TAP.
 */
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "vformat.h"

static unsigned tests_run;
static unsigned tests_failed;

/* Extra words for the description of generated cases. */
static char context[160];

/* Prints s for TAP: no control bytes, and '#' escaped as TAP asks. */
static void print_escaped(const char *s, size_t n, size_t max)
{
	for (size_t i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '#' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	if (n > max)
		printf("...(%zu bytes)", n);
}

/*
 * Tens of thousands of cases are compared; TAP gets one line per group
 * (see group_end), and each differing case a diagnostic line.
 */
static unsigned group_run, group_failed, tap_points, tap_failed;

static void result(bool ok, const char *fmt)
{
	tests_run++;
	group_run++;
	if (ok)
		return;
	tests_failed++;
	if (++group_failed > 50)
		return;
	printf("# differs: ");
	print_escaped(fmt, strlen(fmt), 200);
	if (context[0]) {
		putchar(' ');
		print_escaped(context, strlen(context), 200);
	}
	putchar('\n');
}

static void group_end(const char *name)
{
	tap_points++;
	if (group_failed) {
		tap_failed++;
		printf("not ok %u - %s: %u of %u cases differ from glibc\n",
		       tap_points, name, group_failed, group_run);
	} else {
		printf("ok %u - %s: %u cases match glibc\n", tap_points, name,
		       group_run);
	}
	group_run = group_failed = 0;
}

/* Shows where two outputs differ. */
static void diagnose(const char *fmt, const char *want, int want_len,
		     const char *got, int got_len)
{
	size_t n = 0;

	if (want_len > 0 && got_len > 0)
		while ((int)n < want_len && (int)n < got_len &&
		       want[n] == got[n])
			n++;
	printf("# format \"");
	print_escaped(fmt, strlen(fmt), 200);
	printf("\" expected %d \"", want_len);
	if (want_len > 0)
		print_escaped(want, (size_t)want_len, 300);
	printf("\" got %d \"", got_len);
	/* Only as many bytes as the expected output fit in the buffer. */
	if (got_len > 0)
		print_escaped(got,
			      (size_t)(got_len < want_len ? got_len : want_len),
			      300);
	printf("\" first difference at %zu\n", n);
}

static int osv_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int osv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = osv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * Variants the compiler does not check, for deliberately odd calls; gcc
 * would still see through them if it could propagate the constants.
 */
#ifdef __clang__
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noipa))
#endif

static NOIPA int osv_snprintf_raw(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = osv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

static NOIPA int glibc_snprintf_raw(char *buf, size_t size, const char *fmt,
				    ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

/* Cases the kernel's short path (osv_format_plain) formatted. */
static unsigned plain_taken;

/*
 * When osv_format_plain takes a format, it must print what glibc
 * prints, and fail where glibc fails.
 */
static bool plain_agrees(const char *fmt, va_list ap, const char *want,
			 int want_len)
{
	char buf[512];
	int n = osv_format_plain(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return true;
	plain_taken++;
	if (n == want_len && memcmp(buf, want, (size_t)n) == 0)
		return true;
	printf("# the plain path printed %d bytes \"", n);
	print_escaped(buf, (size_t)n, 300);
	printf("\"\n");
	return false;
}

static void check_v(const char *fmt, va_list ap)
{
	va_list a1, a2, a3, a4;
	char small[64];
	char *want, *got;
	int want_len, got_len;
	bool ok;

	va_copy(a1, ap);
	va_copy(a2, ap);
	va_copy(a3, ap);
	va_copy(a4, ap);
	want_len = vsnprintf(NULL, 0, fmt, a1);
	if (want_len < 0) {
		got_len = osv_vsnprintf(small, sizeof(small), fmt, a3);
		ok = got_len == want_len && plain_agrees(fmt, a4, "", -1);
		result(ok, fmt);
		if (!ok)
			diagnose(fmt, "", want_len, small, got_len);
		goto out;
	}
	want = malloc((size_t)want_len + 1);
	got = malloc((size_t)want_len + 1);
	if (!want || !got)
		abort();
	vsnprintf(want, (size_t)want_len + 1, fmt, a2);
	got_len = osv_vsnprintf(got, (size_t)want_len + 1, fmt, a3);
	ok =
	    got_len == want_len && memcmp(want, got, (size_t)want_len + 1) == 0;
	ok = plain_agrees(fmt, a4, want, want_len) && ok;
	result(ok, fmt);
	if (!ok)
		diagnose(fmt, want, want_len, got, got_len);
	free(want);
	free(got);
out:
	va_end(a1);
	va_end(a2);
	va_end(a3);
	va_end(a4);
}

/* Compares osv_vsnprintf with glibc's vsnprintf on one format. */
static void check(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void check(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_v(fmt, ap);
	va_end(ap);
}

/* The same, for formats the compiler's format checking does not know. */
static void check_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_v(fmt, ap);
	va_end(ap);
}

/* For behaviour glibc does not share: only our return value is checked. */
static void expect_ret(int want, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int got;

	va_start(ap, fmt);
	got = osv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(context, sizeof(context), "returns %d", want);
	result(got == want, fmt);
	if (got != want)
		printf("# expected %d got %d\n", want, got);
	context[0] = '\0';
}

/* xorshift64*: a fixed seed makes every run test the same values. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}

static double double_from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

static long double ldouble_from_bits(uint16_t se, uint64_t m)
{
	union {
		long double ld;
		struct {
			uint64_t m;
			uint16_t se;
		} b;
	} v;

	memset(&v, 0, sizeof(v));
	v.b.m = m;
	v.b.se = se;
	return v.ld;
}

/* ------------------------------------------------------------------ */

static const char *const flag_sets[] = {
    "",	   "-",	  "+",	  " ",	  "#",	  "0",	  "-+",	  "- ",
    "-#",  "-0",  "+ ",	  "+#",	  "+0",	  " #",	  " 0",	  "#0",
    "-+ ", "-+#", "-+0",  "- #",  "- 0",  "-#0",  "+ #",  "+ 0",
    "+#0", " #0", "-+ #", "-+ 0", "-+#0", "- #0", "+ #0", "-+ #0",
};

static const char *const int_sizes[] = {
    "", "1", "8", ".0", ".1", ".5", "12.5", "3.0", "25.20", "*", ".*", "*.*",
};

/* Builds "%<flags><size><len><conv>". */
static void int_format(char *buf, const char *flags, const char *size,
		       const char *len, char conv)
{
	snprintf(buf, 32, "%%%s%s%s%c", flags, size, len, conv);
}

/* Runs one integer format; `*` takes the widths below. */
#define CHECK_INT(fmtbuf, size, value)                                         \
	do {                                                                   \
		if (strcmp(size, "*") == 0)                                    \
			check_raw(fmtbuf, 9, value);                           \
		else if (strcmp(size, ".*") == 0)                              \
			check_raw(fmtbuf, 4, value);                           \
		else if (strcmp(size, "*.*") == 0)                             \
			check_raw(fmtbuf, -10, 3, value);                      \
		else                                                           \
			check_raw(fmtbuf, value);                              \
	} while (0)

static void test_integers(void)
{
	static const int ints[] = {0,	1,   -1,   7,	    42,	     -42,
				   255, 256, 4096, INT_MAX, INT_MIN, 123456789};
	static const long long llongs[] = {
	    0, 1, -1, LLONG_MAX, LLONG_MIN, INT_MIN - 1LL, 0x123456789abcdefLL};
	static const unsigned long long ullongs[] = {
	    0, 1, ULLONG_MAX, 0x8000000000000000ULL, 01234567012345670ULL};
	static const char convs_signed[] = "di";
	static const char convs_unsigned[] = "uoxX";
	char fmt[32];

	/* Every flag combination and size with plain int. */
	for (size_t f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++)
		for (size_t s = 0; s < sizeof(int_sizes) / sizeof(int_sizes[0]);
		     s++)
			for (const char *c = "diuoxX"; *c; c++)
				for (size_t v = 0;
				     v < sizeof(ints) / sizeof(ints[0]); v++) {
					int_format(fmt, flag_sets[f],
						   int_sizes[s], "", *c);
					CHECK_INT(fmt, int_sizes[s], ints[v]);
				}

	/* Length modifiers, with a subset of the flags and sizes. */
	static const char *const few_flags[] = {"",  "-",  "+",	 " ", "#",
						"0", "#0", "-#", "+0"};
	static const char *const few_sizes[] = {"", "25", ".0", ".22", "30.25"};
	for (size_t f = 0; f < sizeof(few_flags) / sizeof(few_flags[0]); f++)
		for (size_t s = 0; s < sizeof(few_sizes) / sizeof(few_sizes[0]);
		     s++) {
			const char *fl = few_flags[f], *sz = few_sizes[s];
			for (const char *c = convs_signed; *c; c++) {
				for (size_t v = 0;
				     v < sizeof(llongs) / sizeof(llongs[0]);
				     v++) {
					int_format(fmt, fl, sz, "ll", *c);
					check_raw(fmt, llongs[v]);
					int_format(fmt, fl, sz, "q", *c);
					check_raw(fmt, llongs[v]);
					int_format(fmt, fl, sz, "L", *c);
					check_raw(fmt, llongs[v]);
					int_format(fmt, fl, sz, "l", *c);
					check_raw(fmt, (long)llongs[v]);
					int_format(fmt, fl, sz, "j", *c);
					check_raw(fmt, (intmax_t)llongs[v]);
					int_format(fmt, fl, sz, "t", *c);
					check_raw(fmt, (ptrdiff_t)llongs[v]);
					int_format(fmt, fl, sz, "z", *c);
					check_raw(fmt, (ssize_t)llongs[v]);
					int_format(fmt, fl, sz, "h", *c);
					check_raw(fmt, (int)llongs[v]);
					int_format(fmt, fl, sz, "hh", *c);
					check_raw(fmt, (int)llongs[v]);
				}
			}
			for (const char *c = convs_unsigned; *c; c++) {
				for (size_t v = 0;
				     v < sizeof(ullongs) / sizeof(ullongs[0]);
				     v++) {
					unsigned long long u = ullongs[v];
					int_format(fmt, fl, sz, "ll", *c);
					check_raw(fmt, u);
					int_format(fmt, fl, sz, "l", *c);
					check_raw(fmt, (unsigned long)u);
					int_format(fmt, fl, sz, "j", *c);
					check_raw(fmt, (uintmax_t)u);
					int_format(fmt, fl, sz, "z", *c);
					check_raw(fmt, (size_t)u);
					int_format(fmt, fl, sz, "t", *c);
					check_raw(fmt, (ptrdiff_t)u);
					int_format(fmt, fl, sz, "h", *c);
					check_raw(fmt, (unsigned)(u + 65537));
					int_format(fmt, fl, sz, "hh", *c);
					check_raw(fmt, (unsigned)(u + 257));
					int_format(fmt, fl, sz, "", *c);
					check_raw(fmt, (unsigned)u);
				}
			}
		}

	/* The C23 binary conversions of glibc 2.35 and later. */
	check_raw("%b %B %#b %#B %#b", 5u, 6u, 5u, 6u, 0u);
	check_raw("%#20.10llb|%-#12hhb|%08b", ~0ULL, 0x1ffu, 5u);

	/* Odd spellings that glibc accepts. */
	check_raw("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	check_raw("%--5d|%++d|%  d|%00d|%#-#x", 1, 2, 3, 4, 255);
	check("%'d %'.10d", 1234567, 1234567);
	check_raw("%Zd %Zu", (size_t)-5, (size_t)5);
	check("%.0d|%+.0d|% .0d|%5.0d|%-5.0u|%#.0o|%#.0x|%#5.0X|", 0, 0, 0, 0,
	      0u, 0u, 0u, 0u);
	check("%#o %#.3o %#.5o %#5o %#-5o| %#o", 8u, 8u, 01234u, 0u, 0u,
	      01234u);
}

static void test_text(void)
{
	static const char *const strs[] = {"", "a", "hello", "hello world!"};
	static const char *const sizes[] = {
	    "",	   "1",	  "5",	  "-8", "0",	 ".0",	 ".3",
	    ".10", "8.3", "-8.3", "08", "-08.2", "20.12"};
	char fmt[32];

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (size_t v = 0; v < sizeof(strs) / sizeof(strs[0]); v++) {
			snprintf(fmt, sizeof(fmt), "[%%%ss]", sizes[s]);
			check_raw(fmt, strs[v]);
		}
		snprintf(fmt, sizeof(fmt), "[%%%ss]", sizes[s]);
		check_raw(fmt, (char *)NULL);
		snprintf(fmt, sizeof(fmt), "[%%%sc]", sizes[s]);
		check_raw(fmt, 'x');
		snprintf(fmt, sizeof(fmt), "[%%%slc]", sizes[s]);
		check_raw(fmt, (wint_t)'y');
		snprintf(fmt, sizeof(fmt), "[%%%sls]", sizes[s]);
		check_raw(fmt, L"wide text");
		check_raw(fmt, (wchar_t *)NULL);
		snprintf(fmt, sizeof(fmt), "[%%%sp]", sizes[s]);
		check_raw(fmt, (void *)NULL);
		check_raw(fmt, (void *)0x1234);
	}
	for (int prec = 0; prec <= 7; prec++) {
		check_raw("%.*s|%.*ls|", prec, (char *)NULL, prec,
			  (wchar_t *)NULL);
		check_raw("%-10.*s|%10.*s|", prec, (char *)NULL, prec,
			  (char *)NULL);
	}
	/* Precision bounds the read: the array needs no terminator. */
	static const char unterminated[3] = {'a', 'b', 'c'};
	check("%.3s|%.2s|%.*s", unterminated, unterminated, 1, unterminated);
	static const wchar_t wunterminated[3] = {L'a', L'b', L'c'};
	check("%.3ls|%.2ls", wunterminated, wunterminated);
	check("%c%c%c", 0, 'a', 0);
	check("%lc|%5lc|%-5lc|", (wint_t)0, (wint_t)'a', (wint_t)'~');
	check("%c %c", 256 + 'A', -1);
	check_raw("%C %S", (wint_t)'C', L"S");
	check_raw("%%|%5%|%-5%|%05%");
	/* Outside ASCII, "C" locale glibc fails just as we do. */
	check("%lc", (wint_t)0xe9);
	check("%lc", (wint_t)0x100);
	check("%ls", L"caf\u00e9");
	check("%.3ls", L"caf\u00e9");
	check("%.4ls", L"caf\u00e9");

	/* %p: glibc's %#lx, but the sign flags stay in force. */
	static const char *const pflags[] = {
	    "",	   "+",	  " ",	  "-",	"0",   "#",	"20",
	    "-20", "020", "+020", ".8", ".20", "25.20", "+.0"};
	static void *const ptrs[] = {NULL, (void *)1, (void *)0xdeadbeef,
				     (void *)UINTPTR_MAX};
	for (size_t f = 0; f < sizeof(pflags) / sizeof(pflags[0]); f++)
		for (size_t v = 0; v < sizeof(ptrs) / sizeof(ptrs[0]); v++) {
			snprintf(fmt, sizeof(fmt), "[%%%sp]", pflags[f]);
			check_raw(fmt, ptrs[v]);
		}
}

static void test_count(void)
{
	signed char hh[2];
	short h[2];
	int i[2];
	long l[2];
	long long ll[2], q[2];
	intmax_t j[2];
	size_t z[2];
	ptrdiff_t t[2];
	char buf[512];
	/* 300 bytes before %hhn show the truncation to char. */
	static const char fmt[] =
	    "%300d%hhn|%hn%5s%n|%ln%-7.3f%lln%jn%zn%tn|%qn";
	bool ok;

	memset(hh, 0x55, sizeof(hh));
	memset(h, 0x55, sizeof(h));
	memset(i, 0x55, sizeof(i));
	memset(l, 0x55, sizeof(l));
	memset(ll, 0x55, sizeof(ll));
	memset(q, 0x55, sizeof(q));
	memset(j, 0x55, sizeof(j));
	memset(z, 0x55, sizeof(z));
	memset(t, 0x55, sizeof(t));
	snprintf(buf, sizeof(buf), fmt, 1, &hh[0], &h[0], "ab", &i[0], &l[0],
		 2.5, &ll[0], &j[0], &z[0], &t[0], &q[0]);
	osv_snprintf(buf, sizeof(buf), fmt, 1, &hh[1], &h[1], "ab", &i[1],
		     &l[1], 2.5, &ll[1], &j[1], &z[1], &t[1], &q[1]);
	ok = hh[0] == hh[1] && h[0] == h[1] && i[0] == i[1] && l[0] == l[1] &&
	     ll[0] == ll[1] && q[0] == q[1] && j[0] == j[1] && z[0] == z[1] &&
	     t[0] == t[1];
	result(ok, "%n with every length modifier");
	if (!ok)
		printf("# hh %d/%d h %d/%d i %d/%d l %ld/%ld ll %lld/%lld "
		       "q %lld/%lld j %jd/%jd z %zu/%zu t %td/%td\n",
		       hh[0], hh[1], h[0], h[1], i[0], i[1], l[0], l[1], ll[0],
		       ll[1], q[0], q[1], j[0], j[1], z[0], z[1], t[0], t[1]);

	/* %n sees bytes that did not fit in the buffer too. */
	int n1 = -1, n2 = -1;
	int r1 = glibc_snprintf_raw(buf, 4, "%10s%n", "x", &n1);
	int r2 = osv_snprintf(buf, 4, "%10s%n", "x", &n2);
	result(n1 == n2 && r1 == r2, "%n past the end of the buffer");
}

static void test_positional(void)
{
	check("%2$s %1$d", 42, "str");
	check("%1$d %1$d %1$5d", 7);
	check("%1$*2$d|%1$-*2$d|", 42, 6);
	check("%3$*1$.*2$d|", 10, 4, 42);
	check("%1$.*2$f|%1$*3$.*2$e|", 3.14159, 2, 12);
	check("%4$Lf %3$s %2$c %1$lld", -5LL, 'c', "s", 2.5L);
	check("%2$f %1$Lf %3$a", 1.5L, 2.5, 3.5);
	check_raw("%1$p %2$hhd %3$hu %4$zu %5$td %6$jd %7$lu", (void *)0x10,
		  300, 70000, (size_t)5, (ptrdiff_t)-6, (intmax_t)-7, 8UL);
	check("%%%1$d%%", 1);
	check("%1$ls %2$lc", L"wide", (wint_t)'w');
	int n = 0, m = 0;
	check("%2$s%1$n", &n, "abc");
	osv_snprintf(NULL, 0, "%2$s%1$n", &m, "abc");
	result(n == m && m == 3, "%1$n counts");
	/* Numbered arguments beyond 9 and up to the limit. */
	check("%10$d %9$d %8$d %7$d %6$d %5$d %4$d %3$d %2$d %1$d", 1, 2, 3, 4,
	      5, 6, 7, 8, 9, 10);
	check("%12$.*11$f %1$d %2$d %3$d %4$d %5$d %6$d %7$d %8$d %9$d %10$d",
	      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3, 1.0 / 3);
	/* An argument no directive mentions is skipped, as an int. */
	check_raw("%3$d %1$d", 1, 2, 3);
	/* "0$" is no argument number: glibc prints the directive. */
	check_raw("%0$d", 5);
	/* Where we differ: we refuse mixed and too many numbered ones. */
	expect_ret(-1, "%1$d %d", 1, 2);
	expect_ret(-1, "%d %2$d", 1, 2);
	expect_ret(-1, "%1$*d", 1, 2);
	expect_ret(-1, "%65$d", 1);
	expect_ret(-1, "%2147483648$d", 1);
	expect_ret(-1, "%1$.*3000000000$d", 1);
	check_raw("%64$d", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		  0, 0, 0, 64);
}

static void test_errors_and_limits(void)
{
	char buf[64];
	int r;

	check_raw("abc%");
	check_raw("%-");
	check_raw("%5.");
	check_raw("%ll");
	/* Unknown conversions come back as glibc rebuilds them. */
	check_raw("%y|%5.3y|%-#y|%.y|%hhy|%zy|%1$y");
	check_raw("%I'0 +#y|% 0y|%0 y|%'Iy|% -y|%0'y|%-05.3y|%0.0y");
	check_raw("%*y|%-*y|%.*y|%10.*y|%d", -7, 3, -2, 5, 8);
	check_raw("%99999999999d", 1);
	check_raw("%.99999999999d", 1);
	/* glibc also fails, but only after writing 2 GiB of padding. */
	expect_ret(-1, "%*d|", INT_MIN, 1);
	check("%.*d|%.*f|", INT_MIN, 1, -1, 2.5);
	check("%*d|%-*d|", -5, 1, -5, 2);

	/* A field of INT_MAX bytes still counts; one byte more fails. */
	r = osv_snprintf_raw(NULL, 0, "%*d", INT_MAX, 1);
	result(r == INT_MAX, "%*d with INT_MAX");
	r = osv_snprintf_raw(buf, sizeof(buf), "x%*d", INT_MAX, 1);
	result(r == -1, "x%*d with INT_MAX overflows");
	r = osv_snprintf_raw(buf, sizeof(buf), "%.*f", INT_MAX, 1.0);
	result(r == -1, "%.*f with INT_MAX overflows");
	r = osv_snprintf_raw(NULL, 0, "%.*f", INT_MAX - 2, 1.0);
	result(r == INT_MAX, "%.*f with INT_MAX-2 fits exactly");
}

/* Buffer-size semantics of C99 vsnprintf, down to the untouched bytes. */
static void test_truncation(void)
{
	static const char *const fmts[] = {"hello %d", "%s", "%10.3f|",
					   "%-8x|%c", "%Lg %p"};
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		for (size_t size = 0; size <= 24; size++) {
			char want[32], got[32];
			int w, g;

			memset(want, '@', sizeof(want));
			memset(got, '@', sizeof(got));
			switch (f) {
			case 0:
				w = snprintf(want, size, fmts[f], 42);
				g = osv_snprintf(got, size, "hello %d", 42);
				break;
			case 1:
				w = snprintf(want, size, "%s", "0123456789");
				g = osv_snprintf(got, size, "%s", "0123456789");
				break;
			case 2:
				w = snprintf(want, size, "%10.3f|", -3.14159);
				g = osv_snprintf(got, size, "%10.3f|",
						 -3.14159);
				break;
			case 3:
				w = snprintf(want, size, "%-8x|%c", 0xabcu,
					     'z');
				g = osv_snprintf(got, size, "%-8x|%c", 0xabcu,
						 'z');
				break;
			default:
				w = snprintf(want, size, "%Lg %p", 1e100L,
					     (void *)0x1234);
				g = osv_snprintf(got, size, "%Lg %p", 1e100L,
						 (void *)0x1234);
				break;
			}
			snprintf(context, sizeof(context), "size %zu", size);
			bool ok =
			    w == g && memcmp(want, got, sizeof(want)) == 0;
			result(ok, fmts[f]);
			if (!ok)
				diagnose(fmts[f], want, (int)sizeof(want), got,
					 (int)sizeof(got));
		}
	}
	context[0] = '\0';
	int r = osv_snprintf(NULL, 0, "%s%d", "abc", 12345);
	result(r == 8, "NULL buffer of size 0");
}

/* ------------------------------------------------------------------ */

static const char *const float_fmts[] = {
    "%e",	"%E",	    "%f",	 "%F",	      "%g",    "%G",
    "%a",	"%A",	    "%.0e",	 "%.0f",      "%.0g",  "%.0a",
    "%#.0e",	"%#.0f",    "%#.0g",	 "%#.0a",     "%#g",   "%#.3g",
    "%#e",	"%#f",	    "%#a",	 "%.1e",      "%.1f",  "%.1g",
    "%.2e",	"%.3f",	    "%.10g",	 "%.17g",     "%.20e", "%.30f",
    "%.25g",	"%+e",	    "% f",	 "%+g",	      "% a",   "%015.4e",
    "%-15.3f|", "%+015.3g", "%-+12.2e|", "%.3a",      "%.1a",  "%.13a",
    "%.20a",	"%020a",    "%-+20.2A|", "%+#025.0e", "%010g", "%-#10g|",
    "%.40e",	"%.60f",    "%.99g",	 "%30.20g",   "%'f",   "%lf",
};

static void float_formats(double d)
{
	for (size_t f = 0; f < sizeof(float_fmts) / sizeof(float_fmts[0]); f++)
		check_raw(float_fmts[f], d);
}

static void test_float_table(void)
{
	static const double values[] = {
	    0.0,
	    1.0,
	    -1.0,
	    0.5,
	    1.5,
	    2.5,
	    3.5,
	    -2.5,
	    0.25,
	    0.125,
	    0.375,
	    0.1,
	    0.2,
	    0.3,
	    1.0 / 3,
	    2.0 / 3,
	    0.05,
	    0.15,
	    0.35,
	    0.95,
	    9.5,
	    99.5,
	    99.95,
	    999.5,
	    9.9999995,
	    9.999999,
	    99999.95,
	    999999.5,
	    9999995.0,
	    0.000999999,
	    0.0001,
	    0.00001,
	    0.000095,
	    9.5e-5,
	    1e-5,
	    123456.0,
	    1234567.0,
	    1e15,
	    1e16,
	    1e17,
	    1e21,
	    1e22,
	    1e23,
	    1e100,
	    1e-100,
	    1e300,
	    1e-300,
	    5e-324,
	    1e-320,
	    -1e-320,
	    DBL_MIN,
	    -DBL_MIN,
	    0x0.fffffffffffffp-1022,
	    DBL_MAX,
	    -DBL_MAX,
	    DBL_EPSILON,
	    M_PI,
	    M_E,
	    9007199254740992.0,
	    9007199254740993.0,
	    18446744073709551616.0,
	    0x1.fffffffffffffp-1,
	    0x1.fffffffffffffp+0,
	    0x1.0000000000001p+0,
	    0x1.8p+0,
	    0x1.08p+0,
	    0x1.f8p+0,
	    0x1.fcp+1023,
	    65536.0,
	    0.0625,
	    1e-7,
	    12345.678,
	    -0.0001234,
	    INFINITY,
	    -INFINITY,
	    NAN,
	    -NAN,
	};

	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		snprintf(context, sizeof(context), "of %a", values[v]);
		float_formats(values[v]);
	}
	snprintf(context, sizeof(context), "of -0.0");
	float_formats(-0.0);
	context[0] = '\0';

	/* Thousands of digits, and precisions past the exact expansion. */
	check("%.1000e", DBL_MIN);
	check("%.1000e", DBL_MAX);
	check("%.1100f", DBL_MIN);
	check("%.1100f", 5e-324);
	check("%.800e", 5e-324);
	check("%.767g", 5e-324);
	check("%.770g", 0x0.fffffffffffffp-1022);
	check("%f", DBL_MAX);
	check("%.320f", 1e-300);
	check("%.5000f", 1.0 / 3);
	check("%.100000f", 0.5);
	check("%.100000e", 0.5);
	check("%#.100000g", 0.5);
	check("%.2000a", 1.0);
	check("%5000.3000e|", -1.0);
	check("%-5000.3000e|", -1.0);

	/* Rounding ties, exactly on the binary value. */
	for (int i = 0; i < 64; i++) {
		double d = i + 0.5;
		check("%.0f %.0e %.1g %.0f", d, d, d, -d);
		d = i / 8.0;
		check("%.2f %.1e %.2g %.3f", d, d, d, d);
		d = i / 1024.0;
		check("%.9f %.3e %.9g %.2f", d, d, d, d);
	}
}

static void test_float_random(void)
{
	static const char *const fmts[] = {"%.17g", "%e",    "%f",    "%a",
					   "%.3a",  "%#g",   "%+.0e", "%g",
					   "%.25e", "%.10f", "%.0a",  "%.1g"};

	for (int i = 0; i < 2500; i++) {
		uint64_t bits = rng();
		double d = double_from_bits(bits);

		snprintf(context, sizeof(context), "bits 0x%016llx",
			 (unsigned long long)bits);
		for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
			check_raw(fmts[f], d);
	}

	/* Short decimals, whose neighbourhood of ties is interesting. */
	for (int i = 0; i < 1500; i++) {
		uint64_t r = rng();
		double d = (double)(r % 100000000) / pow(10, (int)(r >> 60));
		int prec = (int)((r >> 40) % 12);
		snprintf(context, sizeof(context), "value %.17g", d);
		check("%.*f|%.*e|%.*g|%#.*g", prec, d, prec, d, prec, d, prec,
		      d);
	}

	/* Exact ties m * 2^-k, printed with the tie digit dropped. */
	for (int i = 0; i < 1000; i++) {
		uint64_t r = rng();
		int k = 1 + (int)(r % 30);
		double d = ldexp((double)((r >> 8) % 1000000 * 2 + 1), -k);
		snprintf(context, sizeof(context), "value %a", d);
		check("%.*f|%.*f", k - 1, d, k - 2 > 0 ? k - 2 : 0, d);
		check("%.*e", (int)((r >> 40) % 20), d);
	}
	context[0] = '\0';
}

static void test_long_double(void)
{
	static const char *const fmts[] = {
	    "%Le",    "%LE",   "%Lf",	    "%Lg",	   "%LG",    "%La",
	    "%LA",    "%.0Le", "%.0Lf",	    "%.0Lg",	   "%.0La",  "%#.0La",
	    "%.1La",  "%.3La", "%.14La",    "%.15La",	   "%.20La", "%.30Le",
	    "%.50Lg", "%#Lg",  "%+020La",   "%-+30.20Le|", "% .3Lf", "%.21Lg",
	    "%llf",   "%qe",   "%030.10Lg", "%.40Lf",
	};
	const long double values[] = {
	    0.0L,
	    -0.0L,
	    1.0L,
	    -1.0L,
	    0.1L,
	    0.5L,
	    2.5L,
	    1.0L / 3,
	    1e4000L,
	    1e-4000L,
	    LDBL_MAX,
	    -LDBL_MAX,
	    LDBL_MIN,
	    LDBL_EPSILON,
	    LDBL_TRUE_MIN,
	    LDBL_MIN - LDBL_TRUE_MIN,
	    M_PI,
	    18446744073709551615.0L,
	    0xf.fp-3L,
	    0xf.8p-3L,
	    0x8.8p-3L,
	    0x9.8p-3L,
	    0xa.fffffffffffffffp+0L,
	    0xf.fffffffffffffffp+0L,
	    0x9.fffffffffffffffp-1L,
	    /* pseudo-denormal, unnormal, pseudo-infinity, pseudo-NaN */
	    ldouble_from_bits(0, 0x8000000000000000ULL),
	    ldouble_from_bits(0x8000, 0xc000000000000000ULL),
	    ldouble_from_bits(0x3fff, 0x7fffffffffffffffULL),
	    ldouble_from_bits(0xbfff, 0x4000000000000000ULL),
	    ldouble_from_bits(0x7fff, 0),
	    ldouble_from_bits(0xffff, 0x4000000000000000ULL),
	    ldouble_from_bits(0x7fff, 0x8000000000000000ULL),
	    ldouble_from_bits(0xffff, 0xc000000000000000ULL),
	    ldouble_from_bits(0x7fff, 0xc000000000000001ULL),
	};

	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		snprintf(context, sizeof(context), "of %La", values[v]);
		for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
			check_raw(fmts[f], values[v]);
	}
	context[0] = '\0';

	check("%.5000Le", LDBL_MAX);
	check("%.16500Lf", LDBL_TRUE_MIN);
	check("%.20000Lf", -LDBL_TRUE_MIN);
	check("%.16445Lf", LDBL_MIN);
	check("%.12000Le", LDBL_TRUE_MIN);
	check("%.11500Lg", LDBL_TRUE_MIN);
	check("%.16500Lf", LDBL_MIN - LDBL_TRUE_MIN);
	/* The longest fraction expansion the digit generator meets. */
	check("%.16500Lf", ldouble_from_bits(0x0001, 0xffffffffffffffffULL));
	check("%.12000Le", ldouble_from_bits(0x8001, 0xffffffffffffffffULL));

	static const char *const rfmts[] = {"%.25Le", "%La",   "%.5La", "%Lg",
					    "%.21Lg", "%.0Le", "%#.3Lg"};
	for (int i = 0; i < 1500; i++) {
		uint64_t m = rng();
		uint64_t r = rng();
		uint16_t se;

		/* Mostly valid numbers across the range, some raw bits. */
		if (i % 10 == 9)
			se = (uint16_t)r;
		else
			se = (uint16_t)((r & 0x8000) | (r >> 16) % 0x7fff);
		if (i % 10 != 9 && (se & 0x7fff) != 0)
			m |= 0x8000000000000000ULL;
		long double ld = ldouble_from_bits(se, m);

		snprintf(context, sizeof(context), "bits 0x%04x:%016llx", se,
			 (unsigned long long)m);
		for (size_t f = 0; f < sizeof(rfmts) / sizeof(rfmts[0]); f++)
			check_raw(rfmts[f], ld);
		/* %Lf has thousands of digits at the ends of the range. */
		if (i % 5 == 0)
			check("%Lf", ld);
	}
	context[0] = '\0';
}

/* %m: strerror(errno) with the flags, width and precision of a %s. */
static void test_error_text(void)
{
	static const int errs[] = {0, 1, 2, 13, 22, 38, 95, 133, 134, 200,
				   -1, 9999};
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		errno = errs[i];
		check_raw("%m");
		check_raw("[%40m]");
		check_raw("[%-40m]");
		check_raw("[%.4m]");
		check_raw("[%*m]", 30);
		check_raw("%s: %m (%d)", "open", 7);
		check_raw("%2$s %1$d %m", 3, "x");
		check_raw("%#m %lm %hhm");
	}
	errno = 0;
}

/* osv_format_plain on a plain format (or not, when plain is false). */
static void plain_case(bool plain, const char *fmt, ...)
{
	va_list ap;
	unsigned before = plain_taken;

	va_start(ap, fmt);
	check_v(fmt, ap);
	va_end(ap);
	snprintf(context, sizeof(context),
		 plain ? "(the plain path takes it)"
		       : "(the plain path refuses it)");
	result((plain_taken > before) == plain, fmt);
	context[0] = '\0';
}

static NOIPA int plain_twice(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	char again[64];

	va_start(ap, fmt);
	int n = osv_format_plain(buf, size, fmt, ap);
	/* ap was not consumed: the same arguments format again. */
	int m = osv_format_plain(again, sizeof(again), fmt, ap);
	va_end(ap);
	return n >= 0 && (m != n || memcmp(buf, again, (size_t)n)) ? -2 : n;
}

/* The kernel's messages take the short path (kprintf.c). */
static void test_plain(void)
{
	plain_case(true, "");
	plain_case(true, "text only, 100%% plain\n");
	plain_case(true, "osv: RAM %lu KiB in %u ranges, %lu KiB free\n",
		   130687UL, 2u, 129752UL);
	plain_case(true, "%sosv: poweroff, status %d\n", "", -3);
	plain_case(true, "%d|%i|%u|%x|%d|%u|%x", INT_MIN, INT_MAX, UINT_MAX,
		   UINT_MAX, 0, 0u, 0u);
	plain_case(true, "%ld|%lu|%lx|%lld|%llu|%llx|%zu|%zx|%zd", LONG_MIN,
		   ULONG_MAX, ULONG_MAX, LLONG_MAX, 0ULL, 0x123456789abcdefULL,
		   (size_t)-1, (size_t)4096, (ssize_t)-1);
	plain_case(true, "[%s|%s|%s]", "", "hello world", (char *)NULL);
	plain_case(true, "%c%c%c|%c", 0, 'a', 256 + 'A', -1);
	static const char *const refused[] = {
	    "%5d",   "%-d",  "%+d", "% d",  "%#x", "%05u", "%.3s",
	    "%*d",   "%1$d", "%hd", "%hhu", "%jd", "%td",  "%o",
	    "%X",    "%p",   "%ls", "%lc",  "%f",  "%zs",  "%n",
	    "%llld", "%zld", "%l",  "%q",   "%"};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char buf[64];
		result(plain_twice(buf, sizeof(buf), refused[i], 1, 2, 3) == -1,
		       refused[i]);
	}
	/* The output must fit: exactly, or the path refuses. */
	char buf[16];
	result(plain_twice(buf, 8, "hello %d", 42) == 8 &&
		   memcmp(buf, "hello 42", 8) == 0,
	       "exact fit");
	result(plain_twice(buf, 7, "hello %d", 42) == -1, "one byte short");
	result(plain_twice(buf, 0, "") == 0, "nothing in nothing");
	result(plain_twice(buf, 16, "%s|%lx", "ab", 255UL) == 5,
	       "the arguments are not consumed");
}

int main(void)
{
	/* Plans are counted after the fact: TAP allows the plan last. */
	test_integers();
	group_end("integers");
	test_text();
	group_end("characters, strings, pointers");
	test_count();
	group_end("%n");
	test_positional();
	group_end("numbered arguments");
	test_errors_and_limits();
	group_end("errors and limits");
	test_truncation();
	group_end("truncation");
	test_float_table();
	group_end("doubles, table");
	test_float_random();
	group_end("doubles, random");
	test_long_double();
	group_end("long doubles");
	test_error_text();
	group_end("%m");
	test_plain();
	group_end("plain formats (the kernel's short path)");
	printf("# the kernel's short path formatted %u cases\n", plain_taken);
	printf("1..%u\n", tap_points);
	if (tests_failed)
		printf("# %u of %u cases failed\n", tests_failed, tests_run);
	return tests_failed ? 1 : 0;
}
