/*
 * The scanf core against glibc: sscanf and vsscanf (__isoc99_ and the
 * plain GNU names) on generated formats and inputs.  Every call passes
 * eight pointers into pre-filled slots; the return values, the %n counts
 * and every byte of every slot must match, and strings that %m allocated
 * must be equal.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <wchar.h>

#include "difftest.h"

int osv___isoc99_sscanf(const char *restrict s, const char *restrict f, ...);
int osv___isoc99_vsscanf(const char *restrict s, const char *restrict f,
			 va_list ap);
int osv_sscanf(const char *restrict s, const char *restrict f, ...);
int osv_vsscanf(const char *restrict s, const char *restrict f, va_list ap);
char *osv_setlocale(int category, const char *locale);
/* glibc's pre-C99 sscanf, where "%as" allocates; headers hide it. */
int glibc_gnu_sscanf(const char *restrict s, const char *restrict f,
		     ...) __asm__("sscanf");

#define SLOTS 8
#define SLOT_SIZE 160

struct outcome {
	int ret, err;
	unsigned char slot[SLOTS][SLOT_SIZE];
};

/* Which slots hold pointers that %m allocated, for one format, and
 * which of those point at wide strings. */
static unsigned alloc_mask, wide_mask;

static void prepare(struct outcome *o)
{
	memset(o->slot, 0xa5, sizeof(o->slot));
}

#define ARGS(o)                                                                \
	o.slot[0], o.slot[1], o.slot[2], o.slot[3], o.slot[4], o.slot[5],      \
	    o.slot[6], o.slot[7]

static int same_outcome(struct outcome *a, struct outcome *b)
{
	int same = a->ret == b->ret && a->err == b->err;
	for (int i = 0; i < SLOTS; i++) {
		if (alloc_mask & (1u << i)) {
			char *p, *q;
			memcpy(&p, a->slot[i], sizeof(p));
			memcpy(&q, b->slot[i], sizeof(q));
			int filled = p != (char *)0xa5a5a5a5a5a5a5a5 &&
				     q != (char *)0xa5a5a5a5a5a5a5a5;
			int wide = (wide_mask >> i) & 1;
			if (filled) {
				int eq = p == q;
				if (p && q)
					eq = wide ? !wcscmp((wchar_t *)p,
							    (wchar_t *)q)
						  : !strcmp(p, q);
				same = same && eq;
				free(p);
				free(q);
			} else {
				same = same && p == q;
			}
		} else {
			same =
			    same && !memcmp(a->slot[i], b->slot[i], SLOT_SIZE);
		}
	}
	return same;
}

static void first_difference(struct outcome *a, struct outcome *b, char *buf)
{
	for (int i = 0; i < SLOTS; i++) {
		if (alloc_mask & (1u << i))
			continue;
		for (int k = 0; k < SLOT_SIZE; k++) {
			if (a->slot[i][k] != b->slot[i][k]) {
				sprintf(buf,
					"slot %d byte %d: %02x, glibc %02x", i,
					k, a->slot[i][k], b->slot[i][k]);
				return;
			}
		}
	}
	strcpy(buf, "slots equal");
}

static unsigned long compared;

/* Runs one format on one input through both libraries. */
static void compare(const char *in, const char *fmt, int gnu)
{
	static struct outcome o, g;
	char why[80];
	prepare(&o);
	prepare(&g);
	errno = 0;
	o.ret = gnu ? osv_sscanf(in, fmt, ARGS(o))
		    : osv___isoc99_sscanf(in, fmt, ARGS(o));
	o.err = errno;
	errno = 0;
	g.ret =
	    gnu ? glibc_gnu_sscanf(in, fmt, ARGS(g)) : sscanf(in, fmt, ARGS(g));
	g.err = errno;
	compared++;
	first_difference(&o, &g, why);
	int ok = same_outcome(&o, &g);
	CHECK(ok,
	      "%ssscanf(\"%s\", \"%s\"): %d errno %d, glibc %d errno %d; %s",
	      gnu ? "" : "__isoc99_", dt_str(in), dt_str(fmt), o.ret, o.err,
	      g.ret, g.err, why);
}

/* Conversions, with what they need of the input. */
static const char *const int_convs[] = {
    "d",   "i",	 "o",	"u",  "x",   "X",  "p",	 "hhd", "hd", "ld",
    "lld", "jd", "zu",	"td", "hhu", "hu", "lu", "llx", "Lx", "qd",
    "hhi", "li", "hho", "lX", "jx",  "zd", "ti", "hx"};
static const char *const float_convs[] = {"f", "lf", "Lf", "e", "le", "Le",
					  "g", "lg", "Lg", "a", "la", "La",
					  "E", "G",  "A",  "F", "lF"};
static const char *const text_convs[] = {
    "s",      "c",    "[a-c]",	"[^,]",	  "[]a]",  "[^] ]",
    "[0-9x]", "[-a]", "[a-]",	"[^a-z]", "[z-a]", "[.+-]",
    "ls",     "lc",   "l[a-z]", "S",	  "C",	   "[^\n]"};

static void random_conversion(char **p, int *slot, int gnu)
{
	unsigned r = dt_below(20);
	*(*p)++ = '%';
	if (r == 0) {
		*p += sprintf(*p, "n");
		(*slot)++;
		return;
	}
	if (r == 1) {
		*(*p)++ = '%';
		return;
	}
	int suppress = dt_below(8) == 0;
	if (suppress)
		*(*p)++ = '*';
	unsigned kind = dt_below(3);
	int width = dt_below(3) ? 0 : (int)dt_below(12);
	const char *conv;
	int alloc = 0;
	if (kind == 0) {
		conv = int_convs[dt_below(sizeof(int_convs) /
					  sizeof(int_convs[0]))];
	} else if (kind == 1) {
		conv = float_convs[dt_below(sizeof(float_convs) /
					    sizeof(float_convs[0]))];
	} else {
		conv = text_convs[dt_below(sizeof(text_convs) /
					   sizeof(text_convs[0]))];
		int is_c = conv[0] == 'c' || conv[1] == 'c' || conv[0] == 'C';
		alloc = !suppress && !is_c && dt_below(4) == 0;
		if (!alloc && (conv[0] == 's' || conv[0] == '[' ||
			       conv[1] == 's' || conv[0] == 'S'))
			width = 1 + (int)dt_below(30); /* fits the slot */
		if (!alloc &&
		    (conv[0] == 'c' || conv[1] == 'c' || conv[0] == 'C') &&
		    width > 30)
			width = 30;
	}
	if (width)
		*p += sprintf(*p, "%d", width);
	if (alloc) {
		/* GNU "%as" is allocation only for s, S and [ */
		int gnu_a = gnu && conv[0] != 'c' && conv[0] != 'l' &&
			    conv[0] != 'C' && dt_below(2);
		*(*p)++ = gnu_a ? 'a' : 'm';
		alloc_mask |= 1u << *slot;
		if (conv[0] == 'l' || conv[0] == 'S')
			wide_mask |= 1u << *slot;
	}
	*p += sprintf(*p, "%s", conv);
	if (!suppress)
		(*slot)++;
}

static void random_format(char *fmt, int gnu)
{
	static const char *const literals[] = {" ",  ",", "x", "  ",
					       "\t", "-", ":", "%%"};
	char *p = fmt;
	int slot = 0;
	alloc_mask = wide_mask = 0;
	int n = 1 + (int)dt_below(4);
	for (int i = 0; i < n && slot < SLOTS; i++) {
		if (dt_below(3) == 0)
			p += sprintf(p, "%s", literals[dt_below(8)]);
		random_conversion(&p, &slot, gnu);
	}
	if (dt_below(4) == 0 && slot < SLOTS) {
		p += sprintf(p, "%%n");
		slot++;
	}
	*p = '\0';
}

static const char *const input_pieces[] = {"0",
					   "1",
					   "-1",
					   "+12",
					   "123456",
					   "0x1f",
					   "0X",
					   "0x",
					   "-0x",
					   "077",
					   "08",
					   "99999999999",
					   "18446744073709551616",
					   "-9223372036854775809",
					   "1.5",
					   "-2.5e3",
					   ".5",
					   "1e",
					   "1e+",
					   "1e-5x",
					   "0x1p3",
					   "0x1.8p-2",
					   "0x.p",
					   "inf",
					   "-INF",
					   "infinity",
					   "infin",
					   "nan",
					   "NaN(12)",
					   "nax",
					   "abc",
					   "a",
					   "cab",
					   "]a]",
					   "xyz",
					   "hello",
					   "a,b",
					   ",",
					   " ",
					   "  ",
					   "\t",
					   "\n",
					   ":",
					   "-",
					   "+",
					   ".",
					   "x",
					   "(nil)",
					   "(nix",
					   "%",
					   "12%",
					   "e5",
					   "1.2.3",
					   "00x1",
					   "0xg",
					   "1e1e1",
					   "0x1pe",
					   "4294967296",
					   "-0",
					   "1,5",
					   "z-a",
					   "0xffffffffffffffff",
					   "3.4028236e38",
					   "1e-400",
					   "0x1.8p-1074"};

static void random_input(char *in)
{
	char *p = in;
	int n = (int)dt_below(6);
	for (int i = 0; i < n; i++) {
		p += sprintf(p, "%s",
			     input_pieces[dt_below(sizeof(input_pieces) /
						   sizeof(input_pieces[0]))]);
		if (dt_below(2))
			*p++ = " ,\tx"[dt_below(4)];
	}
	*p = '\0';
}

static void test_generated(int gnu, int count, const char *name)
{
	char fmt[256], in[512];
	for (int t = 0; t < count; t++) {
		random_format(fmt, gnu);
		random_input(in);
		compare(in, fmt, gnu);
	}
	dt_group_end(name);
}

/* Cases worth keeping in sight. */
static const char *const fixed[][2] = {
    {"0xg", "%lx%n"},
    {"0x", "%li%n"},
    {"-x", "%ld"},
    {"99999999999", "%d"},
    {"12345", "%3ld%n"},
    {"0x12", "%2lx%n"},
    {"0x12", "%3lx%n"},
    {"-12", "%1ld"},
    {"", "%ld"},
    {"   ", "%ld"},
    {"08", "%li%n"},
    {"1e", "%lf%n"},
    {"1e+", "%lf%n"},
    {".", "%lf"},
    {"infin", "%lf"},
    {"nan(12)", "%lf%n"},
    {"0x", "%lf"},
    {"0x1", "%2lf%n"},
    {"-0x1", "%3lf%n"},
    {"0x.p", "%lf%n"},
    {"inf", "%3lf"},
    {"infinity", "%5lf"},
    {"1", "%*d%d"},
    {"", " "},
    {"", "x"},
    {"", "%n"},
    {"abc", " x%d"},
    {"abc", "%5c%n"},
    {"", "%5c"},
    {"(nil)", "%p%n"},
    {"12 34", "%2$d %1$d"},
    {"1 ", "%d %n"},
    {"1 2", "%d%*[ ]%d"},
    {"x", "%[^x]"},
    {"hello world", "%ms %ms"},
    {"hello", "%m[x]"},
    {"  %", "%%"},
    {"1", "%d%"},
    {"12", "%y"},
    {"abc", "%[a-b]%n"},
    {"]a-", "%[]a-]%n"},
    {"1.5", "%0lf%n"},
    {"ab", "%0s%n"},
    {"-5", "%u"},
    {"300", "%hhu"},
    {"1e40", "%f"},
    {"0X1g", "%x%n"},
    {"+-1", "%d"},
    {"1.5", "%Lf"},
    {"x", "%*[^y]%n"},
    {"a\xff\x80", "%s%n"},
};

static void test_fixed(void)
{
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		alloc_mask = strstr(fixed[i][1], "%m") ? 3 : 0;
		wide_mask = 0;
		compare(fixed[i][0], fixed[i][1], 0);
		compare(fixed[i][0], fixed[i][1], 1);
	}
	/* GNU "%as" allocates; C99 "%as" reads a float. */
	alloc_mask = 1;
	compare("word 1.5", "%as", 1);
	alloc_mask = 0;
	compare("1.5 word", "%as", 0);
	dt_group_end("known cases: prefixes cut by widths, inf, nan, EOF");
}

/* Numbered arguments, in any order. */
static void test_positional(void)
{
	char fmt[64], in[64];
	for (int t = 0; t < 20000; t++) {
		int n = 1 + (int)dt_below(4), order[4] = {1, 2, 3, 4};
		for (int i = n - 1; i > 0; i--) {
			int j = (int)dt_below((unsigned)i + 1), x = order[i];
			order[i] = order[j];
			order[j] = x;
		}
		char *p = fmt, *q = in;
		for (int i = 0; i < n; i++) {
			p += sprintf(p, "%%%d$%s ", order[i],
				     (const char *[]){"d", "s", "lf",
						      "x"}[order[i] - 1]);
			q += sprintf(q, "%s ",
				     (const char *[]){"12", "ab", "1.5",
						      "ff"}[order[i] - 1]);
		}
		alloc_mask = 0;
		compare(in, fmt, 0);
	}
	dt_group_end("numbered arguments");
}

/* vsscanf through a va_list. */
static int osv_call_v(const char *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = osv___isoc99_vsscanf(in, fmt, ap);
	va_end(ap);
	return r;
}

static int osv_call_gnu_v(const char *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = osv_vsscanf(in, fmt, ap);
	va_end(ap);
	return r;
}

static void test_v(void)
{
	int a = 0, b = 0;
	double d = 0;
	CHECK(osv_call_v("7 8.5", "%d %lf", &a, &d) == 2 && a == 7 && d == 8.5,
	      "__isoc99_vsscanf");
	CHECK(osv_call_gnu_v("9 x", "%d %n", &b, &a) == 1 && b == 9 && a == 2,
	      "vsscanf");
	dt_group_end("vsscanf, __isoc99_vsscanf");
}

int main(void)
{
	test_fixed();
	test_generated(0, 400000,
		       "__isoc99_sscanf: generated formats and "
		       "inputs, in the C locale");
	test_generated(1, 60000,
		       "sscanf (GNU %as): generated formats and inputs");
	test_positional();
	test_v();
	if (setlocale(LC_ALL, "C.UTF-8") && osv_setlocale(LC_ALL, "C.UTF-8")) {
		static const char *wide[][2] = {
		    {"h\xc3\xa9llo w", "%ls%n"},
		    {"h\xc3\xa9llo w", "%3ls%n"},
		    {"\xc3\xa9\xc3\xa9x", "%2lc%n"},
		    {"\xc3x", "%lc%n"},
		    {"\xc3", "%lc%n"},
		    {"\xff", "%ls%n"},
		    {"\xe2\x80\x83x", "%ls%n"},
		    {" x", "%lc%n"},
		    {"ab\xc3\xa9x", "%mls%n"},
		    {"\xf0\x9f\x98\x80!", "%ls%n"},
		};
		for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
			alloc_mask = wide_mask =
			    strstr(wide[i][1], "%m") ? 1 : 0;
			compare(wide[i][0], wide[i][1], 0);
		}
		test_generated(0, 60000,
			       "__isoc99_sscanf: generated, in "
			       "C.UTF-8");
	} else {
		printf("ok %u # SKIP C.UTF-8 is not available\n", ++dt_points);
	}
	printf("# %lu calls compared with glibc\n", compared);
	return dt_done();
}
