/*
 * register_printf_specifier, _function, _modifier and _type
 * (libc/stdio/printf_register.c, format_hooked.c) against glibc's: the
 * same handlers registered with both, the same formats printed by both
 * (snprintf, fprintf, swprintf), what the handlers are given (every
 * field of struct printf_info, the argument values, also of a registered
 * type fetched by its va_arg function, positional or not), their result
 * added to the count, -1 failing the call, -2 leaving the conversion to
 * printf, and parse_printf_format's report.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <printf.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "difftest.h"

int osv_register_printf_specifier(int spec, printf_function *func,
				  printf_arginfo_size_function *arginfo);
int osv_register_printf_function(int spec, printf_function *func,
				 printf_arginfo_function *arginfo);
int osv_register_printf_modifier(const wchar_t *str);
int osv_register_printf_type(printf_va_arg_function *fct);
size_t osv_parse_printf_format(const char *fmt, size_t n, int *argtypes);
int osv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int osv_swprintf(wchar_t *buf, size_t size, const wchar_t *fmt, ...);
int osv_fprintf(FILE *f, const char *fmt, ...);
int osv_fputs(const char *s, FILE *f);
int osv_fputws(const wchar_t *s, FILE *f);
int osv_fwprintf(FILE *f, const wchar_t *fmt, ...);
FILE *osv_fmemopen(void *buf, size_t size, const char *mode);
int osv_fclose(FILE *f);
int osv_printf_size(FILE *fp, const struct printf_info *info,
		    const void *const *args);
int osv_printf_size_info(const struct printf_info *info, size_t n,
			 int *argtypes);

/* printf.c, with the public names, is not in the host build. */
static int osv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = osv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

/* The library the handlers are called by, and its stream functions. */
struct lib {
	const char *name;
	int (*snprintf)(char *, size_t, const char *, ...);
	int (*swprintf)(wchar_t *, size_t, const wchar_t *, ...);
	int (*fprintf)(FILE *, const char *, ...);
	int (*fputs)(const char *, FILE *);
	int (*fputws)(const wchar_t *, FILE *);
	FILE *(*fmemopen)(void *, size_t, const char *);
	int (*fclose)(FILE *);
	size_t (*parse)(const char *, size_t, int *);
	int (*reg_spec)(int, printf_function *, printf_arginfo_size_function *);
	int (*reg_func)(int, printf_function *, printf_arginfo_function *);
	int (*reg_mod)(const wchar_t *);
	int (*reg_type)(printf_va_arg_function *);
};

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static const struct lib glibc = {
    "glibc",
    snprintf,
    swprintf,
    fprintf,
    fputs,
    fputws,
    fmemopen,
    fclose,
    parse_printf_format,
    register_printf_specifier,
    register_printf_function,
    register_printf_modifier,
    register_printf_type,
};
static const struct lib osv = {
    "osv",
    osv_snprintf,
    osv_swprintf,
    osv_fprintf,
    osv_fputs,
    osv_fputws,
    osv_fmemopen,
    osv_fclose,
    osv_parse_printf_format,
    osv_register_printf_specifier,
    osv_register_printf_function,
    osv_register_printf_modifier,
    osv_register_printf_type,
};

static const struct lib *lib;

/* What each library's registrations returned. */
struct ids {
	int mod_q, mod_qr, type_big, type_wide;
};
static struct ids ids[2];

static const struct ids *my_ids(void)
{
	return &ids[lib == &osv];
}

/* A registered type larger than any built-in one. */
struct big {
	double d;
	long l;
	char tag[24];
};

static void big_va(void *mem, va_list *ap)
{
	struct big b = va_arg(*ap, struct big);
	memcpy(mem, &b, sizeof(b));
}

static void wide_va(void *mem, va_list *ap)
{
	__int128 v = va_arg(*ap, __int128);
	memcpy(mem, &v, sizeof(v));
}

/* Writes text through the library's stream functions, wide or not. */
static int put(FILE *f, const struct printf_info *info, const char *text)
{
	if (info->wide) {
		wchar_t w[256];
		size_t n = mbstowcs(w, text, 255);
		w[n] = 0;
		return lib->fputws(w, f) < 0 ? -1 : (int)n;
	}
	return lib->fputs(text, f) < 0 ? -1 : (int)strlen(text);
}

/* Every field of the info, for the output. */
static int describe(char *buf, size_t n, const struct printf_info *i)
{
	return snprintf(buf, n,
			"[%c p%d w%d L%d h%d l%d #%d _%d -%d +%d '%d e%d "
			"hh%d W%d I%d q%d u%d pad%d]",
			(char)i->spec, i->prec, i->width, i->is_long_double,
			i->is_short, i->is_long, i->alt, i->space, i->left,
			i->showsign, i->group, i->extra, i->is_char, i->wide,
			i->i18n, i->is_binary128, i->user, (int)i->pad);
}

/* %W: one int; returns 3 more than it writes, for the count. */
static int w_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	(void)info;
	(void)size;
	if (n > 0)
		types[0] = PA_INT;
	return 1;
}

static int w_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	char buf[200];
	int k = describe(buf, sizeof(buf), info);
	snprintf(buf + k, sizeof(buf) - (size_t)k, "=%d",
		 *(const int *)args[0]);
	int r = put(f, info, buf);
	return r < 0 ? r : r + 3;
}

/* %Y: a struct big and a string. */
static int y_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	(void)info;
	if (n > 0) {
		types[0] = my_ids()->type_big;
		size[0] = sizeof(struct big);
	}
	if (n > 1)
		types[1] = PA_STRING;
	return 2;
}

static int y_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	const struct big *b = *(const struct big *const *)args[0];
	char buf[200];
	snprintf(buf, sizeof(buf), "{%g %ld %s %s}", b->d, b->l, b->tag,
		 *(const char *const *)args[1]);
	return put(f, info, buf);
}

/* %K fails the call. */
static int k_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	(void)info;
	(void)n;
	(void)types;
	(void)size;
	return 0;
}

static int k_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	(void)args;
	put(f, info, "K");
	return -1;
}

/*
 * %X as libquadmath has its conversions: with the Q modifier a
 * registered 16-byte type, else the built-in's types and conversion.
 */
static int x_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	(void)n;
	size[0] = -1;
	if (info->user & my_ids()->mod_q) {
		types[0] = my_ids()->type_wide;
		size[0] = sizeof(__int128);
	} else if (info->is_long_double) {
		types[0] = PA_INT | PA_FLAG_LONG_LONG;
	} else if (info->is_long) {
		types[0] = PA_INT | PA_FLAG_LONG;
	} else {
		types[0] = PA_INT;
	}
	return 1;
}

static int x_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	if (!(info->user & my_ids()->mod_q))
		return -2;
	unsigned __int128 v = **(const unsigned __int128 *const *)args[0];
	char buf[200];
	int k = describe(buf, sizeof(buf), info);
	snprintf(buf + k, sizeof(buf) - (size_t)k, "%016llx%016llx",
		 (unsigned long long)(v >> 64), (unsigned long long)v);
	return put(f, info, buf);
}

/* %H through the old interface: a string, upper-cased. */
static int h_info(const struct printf_info *info, size_t n, int *types)
{
	(void)info;
	if (n > 0)
		types[0] = PA_STRING;
	return 1;
}

static int h_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	char buf[100];
	snprintf(buf, sizeof(buf), "%s", *(const char *const *)args[0]);
	for (char *p = buf; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return put(f, info, buf);
}

/* %P: what its arginfo was last shown, for each library. */
static char p_seen[2][40];

static int p_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	(void)size;
	snprintf(p_seen[lib == &osv], sizeof(p_seen[0]), "w%d p%d -%d",
		 info->width, info->prec, info->left);
	if (n > 0)
		types[0] = PA_INT;
	return 1;
}

/* %% when a program takes it over. */
static int pct_info(const struct printf_info *info, size_t n, int *types,
		    int *size)
{
	(void)info;
	(void)n;
	(void)types;
	(void)size;
	return 0;
}

static int pct_out(FILE *f, const struct printf_info *info,
		   const void *const *args)
{
	(void)args;
	return put(f, info, "PCT");
}

/*
 * %N: as many ints as its width says; its arginfo logs the n of each
 * call, for each library, and answers nonsense when asked for more
 * than one type (glibc then keeps the first answer).
 */
static char n_log[2][100];

static int n_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	char *log = n_log[lib == &osv];
	size_t len = strlen(log);

	(void)size;
	snprintf(log + len, sizeof(n_log[0]) - len, " %zu", n);
	for (size_t i = 0; i < n; i++)
		types[i] = PA_INT;
	return n > 1 ? 1000 : info->width;
}

static int n_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	char text[100] = "N";
	for (int i = 0; i < info->width; i++) {
		size_t len = strlen(text);
		snprintf(text + len, sizeof(text) - len, ",%d",
			 *(const int *)args[i]);
	}
	return put(f, info, text);
}

static void register_all(const struct lib *l, struct ids *id)
{
	int e = 0;
	e |= l->reg_spec('W', w_out, w_info);
	e |= l->reg_spec('Y', y_out, y_info);
	e |= l->reg_spec('K', k_out, k_info);
	e |= l->reg_spec('X', x_out, x_info);
	e |= l->reg_func('H', h_out, h_info);
	e |= l->reg_spec('P', w_out, p_info);
	id->mod_q = l->reg_mod(L"Q");
	id->mod_qr = l->reg_mod(L"QR");
	id->type_big = l->reg_type(big_va);
	id->type_wide = l->reg_type(wide_va);
	CHECK(e == 0, "%s: a registration failed", l->name);
}

/* Prints through both libraries into strings; compares. */
#define SAME(fmt, ...)                                                         \
	do {                                                                   \
		char g_[400], o_[400];                                         \
		int ng_, no_;                                                  \
		lib = &glibc;                                                  \
		ng_ = lib->snprintf(g_, sizeof(g_), fmt, __VA_ARGS__);         \
		lib = &osv;                                                    \
		no_ = lib->snprintf(o_, sizeof(o_), fmt, __VA_ARGS__);         \
		CHECK(ng_ == no_ && (ng_ < 0 || !strcmp(g_, o_)),              \
		      "%s: glibc %d \"%s\", osv %d \"%s\"", fmt, ng_, g_, no_, \
		      o_);                                                     \
	} while (0)

/*
 * glibc 2.36's swprintf often loses what the handlers write (the count
 * has it; it depends on the format and on the calls before), so osv's
 * wide output is compared with glibc's narrow output, in which only
 * info->wide differs.
 */
#define SAME_AS_NARROW(nfmt, wfmt, ...)                                        \
	do {                                                                   \
		char g_[400], *w1_;                                            \
		wchar_t gw_[400], o_[400];                                     \
		int ng_, no_;                                                  \
		lib = &glibc;                                                  \
		ng_ = lib->snprintf(g_, sizeof(g_), nfmt, __VA_ARGS__);        \
		while ((w1_ = strstr(g_, " W0 ")))                             \
			w1_[2] = '1';                                          \
		mbstowcs(gw_, g_, 400);                                        \
		lib = &osv;                                                    \
		no_ = lib->swprintf(o_, 400, wfmt, __VA_ARGS__);               \
		CHECK(ng_ == no_ && !wcscmp(gw_, o_),                          \
		      "%ls: glibc %d \"%ls\", osv %d \"%ls\"", wfmt, ng_, gw_, \
		      no_, o_);                                                \
	} while (0)

/* As SAME, but only the text is glibc's; the count is its length. */
#define SAME_TEXT(fmt, ...)                                                    \
	do {                                                                   \
		char g_[400], o_[400];                                         \
		lib = &glibc;                                                  \
		lib->snprintf(g_, sizeof(g_), fmt, __VA_ARGS__);               \
		lib = &osv;                                                    \
		int no_ = lib->snprintf(o_, sizeof(o_), fmt, __VA_ARGS__);     \
		CHECK(!strcmp(g_, o_) && no_ == (int)strlen(o_),               \
		      "%s: glibc \"%s\", osv %d \"%s\"", fmt, g_, no_, o_);    \
	} while (0)

static void test_registration(void)
{
	register_all(&glibc, &ids[0]);
	register_all(&osv, &ids[1]);
	CHECK(!memcmp(&ids[0], &ids[1], sizeof(ids[0])),
	      "ids: glibc %d %d %d %d, osv %d %d %d %d", ids[0].mod_q,
	      ids[0].mod_qr, ids[0].type_big, ids[0].type_wide, ids[1].mod_q,
	      ids[1].mod_qr, ids[1].type_big, ids[1].type_wide);
	const struct lib *libs[2] = {&glibc, &osv};
	int r[2][4], err[2][4];
	for (int i = 0; i < 2; i++) {
		const wchar_t big[] = {L'Q', 0x100, 0};
		errno = 0;
		r[i][0] = libs[i]->reg_spec(256, w_out, w_info);
		err[i][0] = errno;
		errno = 0;
		r[i][1] = libs[i]->reg_spec(-1, w_out, w_info);
		err[i][1] = errno;
		errno = 0;
		r[i][2] = libs[i]->reg_mod(L"");
		err[i][2] = errno;
		errno = 0;
		r[i][3] = libs[i]->reg_mod(big);
		err[i][3] = errno;
	}
	for (int k = 0; k < 4; k++)
		CHECK(r[0][k] == r[1][k] && err[0][k] == err[1][k],
		      "bad registration %d: glibc %d errno %d, osv %d errno %d",
		      k, r[0][k], err[0][k], r[1][k], err[1][k]);
	dt_group_end("registration results and errors");
}

static void test_info(void)
{
	SAME("%W", 7);
	SAME("a%5Wb", -7);
	SAME("%-5W", 1);
	SAME("%+ #0'IW", 2);
	SAME("%-08.3W", 3);
	SAME("%0-8W %0+-W", 3, 4);
	SAME("%.W", 4);
	SAME("%*W", -12, 5);
	SAME("%*.*W", 12, -3, 6);
	SAME("%0*W", -9, 6);
	SAME("%hW %hhW %lW %llW %LW %qW", 1, 2, 3, 4, 5, 6);
	SAME("%zW %jW %tW %ZW", 1, 2, 3, 4);
	SAME("%QW %QRW %QQW", 1, 2, 3);
	SAME("%lQW", 1);
	dt_group_end("struct printf_info as the handler sees it");
}

static void test_args(void)
{
	struct big b1 = {1.5, -42, "first"}, b2 = {-0.25, 7, "second"};
	__int128 w = ((__int128)0x0123456789abcdefLL << 64) | 0xfedcba98u;

	SAME("%d %W %s", 1, 2, "three");
	SAME("<%Y> <%Y>", b1, "s1", b2, "s2");
	SAME("%2$W %1$W", 10, 20);
	SAME("%2$W|%1$s|%3$W", "x", 5, 6);
	SAME("%1$*2$.*3$W", 4, 10, 2);
	SAME("%X %lX %llX %hhX %#X", 0xabcu, 0x1234567890L, 0x12345678901LL,
	     0x1ff, 255);
	SAME("%QX|%20QX|%s", w, w, "end");
	SAME("%2$QX %1$X", 0x77, w);
	SAME("%H, %5H!", "hello", "x");
	SAME("%Qd %Qf %Qs", 5, 2.5, "str");
	SAME("%Qy %W", 9);
	SAME("%% %m %W", 3);
	dt_group_end("arguments fetched by the registered types, in order "
		     "and positional");
}

/* The info an arginfo is shown: '*'s are not known yet (glibc). */
static void arginfo_same(const char *fmt, int a, int b, int c)
{
	char g[100], o[100];
	lib = &glibc;
	snprintf(g, sizeof(g), fmt, a, b, c);
	lib = &osv;
	osv_snprintf(o, sizeof(o), fmt, a, b, c);
	CHECK(!strcmp(p_seen[0], p_seen[1]), "%s: arginfo saw glibc %s, osv %s",
	      fmt, p_seen[0], p_seen[1]);
}

static void test_arginfo_info(void)
{
	arginfo_same("%P", 1, 2, 3);
	arginfo_same("%*P", 5, 1, 0);
	arginfo_same("%.*P", 5, 1, 0);
	arginfo_same("%*.*P", -5, 3, 1);
	arginfo_same("%-7.2P", 1, 0, 0);
	arginfo_same("%2$.*1$P", 4, 1, 0);
	dt_group_end("struct printf_info as the arginfo sees it");
}

/* A program may take over %% too: glibc then calls its handler. */
static void test_percent(void)
{
	glibc.reg_spec('%', pct_out, pct_info);
	osv.reg_spec('%', pct_out, pct_info);
	SAME("a%%b|%5%|%W", 1);
	/*
	 * Its '*' takes an argument: glibc prints "PCT|7", but its count
	 * for this format depends on the calls made before it.
	 */
	char buf[20];
	lib = &osv;
	int r = osv_snprintf(buf, sizeof(buf), "%*%|%d", 5, 7);
	CHECK(r == 5 && !strcmp(buf, "PCT|7"), "a '*' before it: %d \"%s\"", r,
	      buf);
	glibc.reg_spec('%', NULL, NULL);
	osv.reg_spec('%', NULL, NULL);
	SAME("a%%b|%5%|%W", 1);
	dt_group_end("a registered %% conversion");
}

/* %M: an arginfo claiming more arguments than printf takes. */
static int m_count;

static int m_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	(void)info;
	(void)size;
	for (size_t i = 0; i < n; i++)
		types[i] = PA_INT;
	return m_count;
}

#define A8(k) k, k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7
#define A64 A8(1), A8(9), A8(17), A8(25), A8(33), A8(41), A8(49), A8(57)
#define D8 "%d%d%d%d%d%d%d%d"
#define D64 D8 D8 D8 D8 D8 D8 D8 D8

static void parse_same(const char *fmt, size_t n);

/*
 * Once something is registered, a format takes at most 64 arguments in
 * all (vformat.h): one more fails the call, and nothing is written past
 * the engine's arrays (glibc prints it).
 */
static void test_argument_limit(void)
{
	char buf[400];

	SAME(D64, A64);
	SAME("%64$d|%1$W", A64);
	lib = &osv;
	int r[7];
	r[0] = osv_snprintf(buf, sizeof(buf), D64 "%d", A64, 65);
	r[1] = osv_snprintf(buf, sizeof(buf), D64 "%W", A64, 65);
	r[2] = osv_snprintf(buf, sizeof(buf), "%65$d %1$d", A64, 65);
	r[3] = osv_snprintf(buf, sizeof(buf), "%1$*65$W", A64, 65);
	osv.reg_spec('M', w_out, m_info);
	m_count = 65;
	r[4] = osv_snprintf(buf, sizeof(buf), "%M", A64, 65);
	/* Counts whose sum with the position overflows an int. */
	m_count = INT_MAX;
	r[5] = osv_snprintf(buf, sizeof(buf), "%d%M", A64, 65);
	m_count = INT_MAX - 1;
	r[6] = osv_snprintf(buf, sizeof(buf), "%d%d%d%M", A64, 65);
	/* parse_printf_format has no limit: glibc counts them all. */
	glibc.reg_spec('M', w_out, m_info);
	m_count = INT_MAX;
	parse_same("%d%M%M%s", 4);
	parse_same("%s%M", 3);
	glibc.reg_spec('M', NULL, NULL);
	osv.reg_spec('M', NULL, NULL);
	for (int i = 0; i < 7; i++)
		CHECK(r[i] == -1, "65 arguments, case %d: %d", i, r[i]);
	dt_group_end("64 arguments at most in printf once something is "
		     "registered; parse_printf_format counts them all");
}

/* The same output, and the arginfo called as often with the same n's. */
static void calls_same(const char *fmt, int a, int b, int c)
{
	char g[100], o[100];

	memset(n_log, 0, sizeof(n_log));
	lib = &glibc;
	int rg = snprintf(g, sizeof(g), fmt, a, b, c);
	lib = &osv;
	int ro = osv_snprintf(o, sizeof(o), fmt, a, b, c);
	CHECK(rg == ro && !strcmp(g, o) && !strcmp(n_log[0], n_log[1]),
	      "%s: glibc %d \"%s\" n's%s, osv %d \"%s\" n's%s", fmt, rg, g,
	      n_log[0], ro, o, n_log[1]);
}

#define N10 "%N%N%N%N%N%N%N%N%N%N"

static void test_arginfo_calls(void)
{
	glibc.reg_spec('N', n_out, n_info);
	osv.reg_spec('N', n_out, n_info);
	calls_same("%N", 1, 2, 3);
	calls_same("%1N", 1, 2, 3);
	calls_same("%1N%1N|%d", 1, 2, 3);
	calls_same("%2N", 1, 2, 3);
	calls_same("%3N|%N", 1, 2, 3);
	calls_same("%d%2N", 1, 2, 3);
	calls_same("%2$1N%1$d", 1, 2, 3);
	calls_same("%%%W%N", 1, 2, 3);
	calls_same("%*N|%d", 0, 2, 3);
	calls_same("%-*N|%d", 0, 2, 3);
	calls_same("%.*N|%d", 0, 2, 3);
	calls_same("%.*2N|%d", 1, 2, 3);
	calls_same("%1$*3$N|%2$d", 1, 2, 0);
	calls_same("%3$.*1$2N|%1$d", 1, 2, 3);
	calls_same("%2N%1N", 1, 2, 3);
	/* More directives than the engine counts on its stack (128). */
	calls_same(N10 N10 N10 N10 N10 N10 N10 N10 N10 N10 N10 N10 N10 N10
		   "%1N",
		   5, 2, 3);
	glibc.reg_spec('N', NULL, NULL);
	osv.reg_spec('N', NULL, NULL);
	dt_group_end("an arginfo is called once a conversion, again for "
		     "more than one argument, as in glibc");
}

static void test_count(void)
{
	int ng = -5, no = -5;
	SAME("%W%n", 8, &ng);
	lib = &glibc;
	snprintf(NULL, 0, "ab%Wcd%n", 8, &ng);
	lib = &osv;
	osv_snprintf(NULL, 0, "ab%Wcd%n", 8, &no);
	CHECK(ng == no, "%%n after a handler: glibc %d, osv %d", ng, no);
	SAME("x%Ky", 0);
	SAME("%s%K", "long text before");
	SAME("%1$K%2$W", 1, 2);
	dt_group_end("the handler's result in the count, -1 failing the call");
}

/* Through a stream: the handler's output in place among the rest. */
static void test_stream(void)
{
	const struct lib *libs[2] = {&glibc, &osv};
	char buf[2][300];
	int r[2];
	struct big b = {3.0, 9, "tag"};

	for (int i = 0; i < 2; i++) {
		lib = libs[i];
		memset(buf[i], 0, sizeof(buf[i]));
		FILE *f = lib->fmemopen(buf[i], sizeof(buf[i]) - 1, "w");
		r[i] = lib->fprintf(f, "head %W mid %Y %5.1f tail %K", 5, b,
				    "s", 2.25);
		r[i] = r[i] * 1000 +
		       lib->fprintf(f, "[%QX %s]", (__int128)77, "z");
		lib->fclose(f);
	}
	CHECK(r[0] == r[1] && !strcmp(buf[0], buf[1]),
	      "fprintf: glibc %d \"%s\", osv %d \"%s\"", r[0], buf[0], r[1],
	      buf[1]);
	dt_group_end("fprintf to a stream");
}

/* %V: printed by its handler to the outer call's stream, not its own. */
static FILE *v_stream;

static int v_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	char text[20];
	(void)f;
	snprintf(text, sizeof(text), "<%d>", *(const int *)args[0]);
	return put(v_stream, info, text);
}

/*
 * A handler calling fprintf on the stream the call prints to: in glibc
 * its output lands where the conversion is.
 */
static void test_handler_prints(void)
{
	const struct lib *libs[2] = {&glibc, &osv};
	char buf[2][100];
	int r[2];

	for (int i = 0; i < 2; i++) {
		lib = libs[i];
		lib->reg_spec('V', v_out, w_info);
		memset(buf[i], 0, sizeof(buf[i]));
		v_stream = lib->fmemopen(buf[i], sizeof(buf[i]) - 1, "w");
		r[i] = lib->fprintf(v_stream, "a%Vb%Vc", 1, 2);
		lib->fclose(v_stream);
	}
	CHECK(r[0] == r[1] && !strcmp(buf[0], buf[1]),
	      "fprintf: glibc %d \"%s\", osv %d \"%s\"", r[0], buf[0], r[1],
	      buf[1]);
	/* glibc's fwprintf to fmemopen fails: its narrow output is the bar. */
	memset(buf[1], 0, sizeof(buf[1]));
	v_stream = osv_fmemopen(buf[1], sizeof(buf[1]) - 1, "w");
	r[1] = osv_fwprintf(v_stream, L"a%Vb%Vc", 1, 2);
	osv_fclose(v_stream);
	CHECK(r[0] == r[1] && !strcmp(buf[0], buf[1]),
	      "fwprintf: glibc's fprintf %d \"%s\", osv %d \"%s\"", r[0],
	      buf[0], r[1], buf[1]);
	dt_group_end("a handler printing to the call's stream itself");
}

static void test_wide(void)
{
	struct big b = {2.0, 1, "w"};
	SAME_AS_NARROW("<%-4W|%s>", L"<%-4W|%s>", 6, "wide");
	SAME_AS_NARROW("%Y", L"%Y", b, "s");
	SAME_AS_NARROW("%X", L"%X", 0x2a);
	SAME_AS_NARROW("a%Kb", L"a%Kb", 1);
	SAME_AS_NARROW("%W|%-4QW|%s", L"%W|%-4QW|%s", 5, 6, "narrow");
	SAME_AS_NARROW("%Y %QX %X", L"%Y %QX %X", b, "s", (__int128)-1, 0x2a);
	SAME_AS_NARROW("%2$H%1$W", L"%2$H%1$W", 3, "abc");
	SAME_AS_NARROW("%W|%-4W|%s", L"%W|%-4W|%s", 5, 6, "narrow");
	dt_group_end("swprintf calls the handlers with info->wide");
}

/*
 * printf_size registered for %b (units of 1024) and %B (of 1000), by
 * each library its own, over values around every unit, signs, inf and
 * nan, and the flags, widths and precisions of printf.
 */
static void test_printf_size_formats(void)
{
	static const double values[] = {
	    0,	       -0.0,  0.001,   1,	  5.5,	  999,
	    999.9999,  1000,  1023,    1023.9999, 1024,	  1025,
	    1536,      1e6,   1048575, 1048576,	  1e9,	  1073741824.0,
	    1e12,      1e15,  1e18,    1e21,	  1e24,	  1e27,
	    1e30,      1e300, -2048,   -1e9,	  5e-324, INFINITY,
	    -INFINITY, NAN,   -NAN};
	static const char *const fmts[] = {
	    "[%b]",	"[%B]",	   "[%.1b]",	 "[%10b]",   "[%-10B]",
	    "[%+b]",	"[% B]",   "[%010b]",	 "[%010B]",  "[%#.0b]",
	    "[%.0B]",	"[%'B]",   "[%-+12.2b]", "[%10.0b]", "[%.20b]",
	    "[%5.10B]", "[%-.8b]", "[%+.6B]",	 "[% .6b]",  "[%-010b]",
	    "[%1b]",	"[%-2B]",  "[%lb|%hB]"};

	glibc.reg_func('b', printf_size, printf_size_info);
	glibc.reg_func('B', printf_size, printf_size_info);
	osv.reg_func('b', osv_printf_size, osv_printf_size_info);
	osv.reg_func('B', osv_printf_size, osv_printf_size_info);
	for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++)
		for (size_t j = 0; j < sizeof(fmts) / sizeof(*fmts); j++)
			SAME(fmts[j], values[i], values[i]);
	SAME("[%*b][%.*B][%-*B]", 12, 2048.0, 5, 1e6, 9, 1e3);
	SAME("[%Lb][%LB][%Lb][%10.1LB]", 1e30L, 1e30L, 1e4000L, -1e3L);
	SAME("[%LB][%Lb][%Lb][%LB]", (long double)INFINITY, -(long double)NAN,
	     0.0L, 999.9996L);
	SAME("%2$b|%1$s|%3$LB", "x", 3e6, 4e9L);
	SAME_AS_NARROW("<%b|%-8B|%s>", L"<%b|%-8B|%s>", 2048.0, 1e6, "wide");
	SAME_AS_NARROW("<%010b|% B>", L"<%010b|% B>", 2048.0, NAN);
	dt_group_end("printf_size as %b and %B, the same output as glibc's");
}

/* printf_size called directly, with a hand-made struct printf_info. */
static void size_direct_same(struct printf_info info, long double v)
{
	const struct lib *libs[2] = {&glibc, &osv};
	printf_function *fn[2] = {printf_size, osv_printf_size};
	double d = (double)v;
	const void *args[1] = {info.is_long_double ? (void *)&v : (void *)&d};
	char buf[2][200];
	int r[2];

	for (int i = 0; i < 2; i++) {
		lib = libs[i];
		memset(buf[i], 0, sizeof(buf[i]));
		FILE *f = lib->fmemopen(buf[i], sizeof(buf[i]) - 1, "w");
		r[i] = fn[i](f, &info, args);
		lib->fclose(f);
	}
	CHECK(r[0] == r[1] && !strcmp(buf[0], buf[1]),
	      "%Lg as '%lc' w%d p%d left %d pad '%lc': glibc %d \"%s\", osv %d "
	      "\"%s\"",
	      v, (wint_t)info.spec, info.width, info.prec, info.left,
	      (wint_t)info.pad, r[0], buf[0], r[1], buf[1]);
}

static void test_printf_size_direct(void)
{
	static const wchar_t pads[] = {' ', '0', '*'};
	static const wchar_t specs[] = {'x', 'X', '@'};
	static const long double values[] = {3e6, -3e3, 512, INFINITY, NAN};

	for (int left = 0; left < 2; left++)
		for (size_t p = 0; p < 3; p++)
			for (size_t c = 0; c < 3; c++)
				for (size_t v = 0; v < 5; v++) {
					struct printf_info info = {
					    .prec = -1,
					    .width = 9,
					    .spec = specs[c],
					    .left = (unsigned)left,
					    .pad = pads[p],
					    .is_long_double = v & 1};
					size_direct_same(info, values[v]);
				}
	int t[2][3];
	struct printf_info info = {.is_long_double = 1};
	memset(t, 0x5a, sizeof(t));
	int r0 = printf_size_info(&info, 3, t[0]);
	int r1 = osv_printf_size_info(&info, 3, t[1]);
	info.is_long_double = 0;
	r0 = r0 * 10 + printf_size_info(&info, 1, t[0] + 1);
	r1 = r1 * 10 + osv_printf_size_info(&info, 1, t[1] + 1);
	r0 = r0 * 10 + printf_size_info(&info, 0, t[0] + 2);
	r1 = r1 * 10 + osv_printf_size_info(&info, 0, t[1] + 2);
	CHECK(r0 == r1 && !memcmp(t[0], t[1], sizeof(t[0])),
	      "printf_size_info: glibc %d [%d %d %d], osv %d [%d %d %d]", r0,
	      t[0][0], t[0][1], t[0][2], r1, t[1][0], t[1][1], t[1][2]);
	dt_group_end("printf_size and printf_size_info called directly");
}

static void parse_same(const char *fmt, size_t n)
{
	int g[20], o[20];
	memset(g, 0x5a, sizeof(g));
	memset(o, 0x5a, sizeof(o));
	lib = &glibc;
	size_t rg = parse_printf_format(fmt, n, g);
	lib = &osv;
	size_t ro = osv_parse_printf_format(fmt, n, o);
	CHECK(rg == ro && !memcmp(g, o, sizeof(g)),
	      "\"%s\" (n %zu): glibc %zu [%d %d %d %d], osv %zu [%d %d %d %d]",
	      fmt, n, rg, g[0], g[1], g[2], g[3], ro, o[0], o[1], o[2], o[3]);
}

/*
 * A modifier may be named like a length ("L", "h"): it then takes the
 * length's place, and the built-in conversions fetch their plain types.
 * Registered last, as it changes "%Lf" and "%hd" from then on.  glibc
 * 2.36 miscounts an integer conversion under a registered modifier (by
 * -1 under "h", +2 under "xh"), so only the text is compared there.
 */
static void test_length_modifiers(void)
{
	int ids[2][2];
	ids[0][0] = glibc.reg_mod(L"L");
	ids[0][1] = glibc.reg_mod(L"h");
	ids[1][0] = osv.reg_mod(L"L");
	ids[1][1] = osv.reg_mod(L"h");
	CHECK(!memcmp(ids[0], ids[1], sizeof(ids[0])),
	      "ids: glibc %d %d, osv %d %d", ids[0][0], ids[0][1], ids[1][0],
	      ids[1][1]);
	SAME("%Lf|%f|%s", 1.5, 2.5, "three");
	SAME_TEXT("%hd|%s", 70000, "five");
	SAME_TEXT("%d|%hd", 4, 70000);
	SAME("%2$Lf|%1$s", "one", 2.0);
	SAME("%LW|%hW", 1, 2);
	parse_same("%Lf%hd%s", 5);
	parse_same("%2$Lf%1$hd", 5);
	dt_group_end("modifiers named like lengths take their place");
}

static void test_parse(void)
{
	static const char *const fmts[] = {
	    "%W",	"%Y",	  "%QX",	"%lX %X",	"%H %K",
	    "%*.*W %d", "%Y%W",	  "%2$W %1$QX", "%QRW %Qd %Qs", "%1$Y",
	    "%QW%Ql",	"%d%Y%s", "%hhW %Lf",	"%Q",
	};
	for (size_t i = 0; i < sizeof(fmts) / sizeof(*fmts); i++)
		for (size_t n = 0; n <= 5; n++)
			parse_same(fmts[i], n);
	dt_group_end("parse_printf_format reports the registered types");
}

int main(void)
{
	test_registration();
	test_info();
	test_args();
	test_count();
	test_arginfo_info();
	test_percent();
	test_arginfo_calls();
	test_argument_limit();
	test_stream();
	test_handler_prints();
	test_wide();
	test_parse();
	test_printf_size_formats();
	test_printf_size_direct();
	test_length_modifiers();
	return dt_done();
}
