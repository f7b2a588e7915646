/*
 * Wide-character stdio against glibc, in the C and C.UTF-8 locales:
 * each scenario runs once on glibc's streams and once on the libc's
 * (osv_ names), logging every result; the logs must be equal.  Then
 * swprintf and swscanf over generated formats and arguments.  Output
 * is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdarg.h>
#include <unistd.h>
#include <wchar.h>

#include "difftest.h"

char *osv_setlocale(int category, const char *locale);
FILE *osv_fopen(const char *path, const char *mode);
FILE *osv_freopen(const char *path, const char *mode, FILE *f);
int osv_fclose(FILE *f);
int osv_fflush(FILE *f);
int osv_fputc(int c, FILE *f);
int osv_fgetc(FILE *f);
int osv_fputs(const char *s, FILE *f);
int osv_fprintf(FILE *f, const char *fmt, ...);
size_t osv_fwrite(const void *p, size_t size, size_t n, FILE *f);
char *osv_fgets(char *s, int n, FILE *f);
int osv_ferror(FILE *f);
int osv_feof(FILE *f);
void osv_clearerr(FILE *f);
int osv_snprintf(char *s, size_t n, const char *fmt, ...);
int osv_fwide(FILE *f, int mode);
wint_t osv_fputwc(wchar_t c, FILE *f);
wint_t osv_putwc(wchar_t c, FILE *f);
wint_t osv_fgetwc(FILE *f);
wint_t osv_getwc(FILE *f);
wint_t osv_ungetwc(wint_t c, FILE *f);
int osv_fputws(const wchar_t *s, FILE *f);
wchar_t *osv_fgetws(wchar_t *s, int n, FILE *f);
int osv_fwprintf(FILE *f, const wchar_t *fmt, ...);
int osv_swprintf(wchar_t *s, size_t n, const wchar_t *fmt, ...);
int osv___isoc99_fwscanf(FILE *f, const wchar_t *fmt, ...);
int osv___isoc99_swscanf(const wchar_t *s, const wchar_t *fmt, ...);
int __isoc99_fwscanf(FILE *f, const wchar_t *fmt, ...);
int __isoc99_swscanf(const wchar_t *s, const wchar_t *fmt, ...);

struct lib {
	FILE *(*fopen)(const char *, const char *);
	FILE *(*freopen)(const char *, const char *, FILE *);
	int (*fclose)(FILE *);
	int (*fflush)(FILE *);
	int (*fputc)(int, FILE *);
	int (*fgetc)(FILE *);
	int (*fputs)(const char *, FILE *);
	int (*fprintf)(FILE *, const char *, ...);
	size_t (*fwrite)(const void *, size_t, size_t, FILE *);
	char *(*fgets)(char *, int, FILE *);
	int (*ferror)(FILE *);
	int (*feof)(FILE *);
	void (*clearerr)(FILE *);
	int (*fwide)(FILE *, int);
	wint_t (*fputwc)(wchar_t, FILE *);
	wint_t (*putwc)(wchar_t, FILE *);
	wint_t (*fgetwc)(FILE *);
	wint_t (*getwc)(FILE *);
	wint_t (*ungetwc)(wint_t, FILE *);
	int (*fputws)(const wchar_t *, FILE *);
	wchar_t *(*fgetws)(wchar_t *, int, FILE *);
	int (*fwprintf)(FILE *, const wchar_t *, ...);
	int (*fwscanf)(FILE *, const wchar_t *, ...);
};

#define LIB(P)                                                                 \
	{                                                                      \
		P##fopen, P##freopen, P##fclose, P##fflush, P##fputc,          \
		    P##fgetc, P##fputs, P##fprintf, P##fwrite, P##fgets,       \
		    P##ferror, P##feof, P##clearerr, P##fwide, P##fputwc,      \
		    P##putwc, P##fgetwc, P##getwc, P##ungetwc, P##fputws,      \
		    P##fgetws, P##fwprintf, P##__isoc99_fwscanf                \
	}

static const struct lib glibc = LIB();
static const struct lib osv = LIB(osv_);

static char *logp;
static size_t loglen;
static FILE *logf;

static void L(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void L(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(logf, fmt, ap);
	va_end(ap);
	fputc('\n', logf);
}

/* A result with errno, which is then cleared. */
#define R(expr)                                                                \
	do {                                                                   \
		errno = 0;                                                     \
		long v_ = (long)(expr);                                        \
		L("%s = %ld errno %d", #expr, v_, errno);                      \
	} while (0)

static char path[64];
static bool utf8;

/* The file's bytes, read with the host's read(). */
static void file_bytes(void)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	L("file [%zu] \"%s\"", n, dt_quote(buf, n));
}

static void put_file(const char *p, size_t n)
{
	FILE *f = fopen(path, "w");
	fwrite(p, 1, n, f);
	fclose(f);
}

/* ---- scenarios ---- */

static void orientation(const struct lib *c)
{
	FILE *f = c->fopen(path, "w+");
	R(c->fwide(f, 0));
	R(c->fputwc(L'a', f));
	R(c->fwide(f, 0));
	R(c->fwide(f, -1));
	R(c->fputs("cd", f));
	R(c->fprintf(f, "x%d", 1));
	R(c->fwrite("zz", 1, 2, f));
	R(c->ferror(f));
	R(c->fputws(L"b\xe9w\n", f));
	R(c->fwprintf(f, L"[%d]", 42));
	R(c->fclose(f));
	file_bytes();
	f = c->fopen(path, "r");
	R(c->fgetc(f));
	R(c->fwide(f, 0));
	R(c->fgetwc(f));
	R(c->fwide(f, 0));
	R(c->fclose(f));
	f = c->fopen(path, "r");
	R(c->fwide(f, 1));
	R(c->fwide(f, -1));
	R(c->fgetc(f));
	R(c->fgets((char[8]){0}, 8, f));
	R(c->fgetwc(f));
	f = c->freopen(path, "r", f);
	R(c->fwide(f, 0));
	R(c->fgetc(f));
	R(c->fwide(f, 0));
	R(c->fgetwc(f));
	R(c->fputwc(L'x', f));
	R(c->fwprintf(f, L"x"));
	R(c->fwide(f, 5));
	R(c->fclose(f));
}

static void output(const struct lib *c)
{
	FILE *f = c->fopen(path, "w");
	R(c->fputwc(L'h', f));
	R(c->putwc(0xe9, f));
	R(c->fputwc(0x263a, f));
	R(c->fputwc(0x1f600, f));
	R(c->ferror(f));
	R(c->fputws(L"\x2665\x263b\x2713 text\n", f));
	R(c->fwprintf(f, L"%d|%5ls|%-4lc|%.2ls|%s|%ls\n", -7, L"\xe9t\xe9",
		      0x2713, L"\x2665\x263b\x2660", "plain", L"\x4e2d\x6587"));
	R(c->fwprintf(f, L"%3$s %1$d %2$.3f\n", 5, 2.5, "pos"));
	R(c->fwprintf(f, L"\x263a%n", &(int){0}));
	R(c->fwprintf(f, L"%5s|%-6s|%.1s\n", "\xc3\xa9z", "\xe2\x98\xba",
		      "\xc3\xa9z"));
	R(c->ferror(f));
	R(c->fclose(f));
	file_bytes();
}

static void bad_output(const struct lib *c)
{
	FILE *f = c->fopen(path, "w");
	R(c->fwprintf(f, L"a%sb", "\xff"));
	R(c->ferror(f));
	R(c->fputwc(0xd800, f));
	R(c->fputwc(0x110000, f));
	R(c->fputwc(-5, f));
	R(c->fputwc(L'z', f));
	R(c->fclose(f));
	file_bytes();
}

static void input(const struct lib *c)
{
	static const char text[] = "ab\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
				   "z\nline two\xce\xb1\n\xff rest";
	put_file(text, sizeof(text) - 1);
	FILE *f = c->fopen(path, "r");
	for (int i = 0; i < 7; i++)
		R(c->fgetwc(f));
	R(c->ungetwc(L'Q', f));
	/* glibc keeps wide characters pushed back; osv their bytes. */
	R(c->ungetwc(utf8 ? 0xe9 : L'R', f));
	R(c->getwc(f));
	R(c->getwc(f));
	wchar_t buf[32];
	wchar_t *r = c->fgetws(buf, 32, f);
	L("fgetws %d \"%s\"", r != NULL,
	  r ? dt_quote(buf, wcslen(buf) * 4) : "");
	R(c->fgetwc(f));
	R(c->ferror(f));
	R(c->fgetwc(f));
	R(c->ferror(f));
	c->clearerr(f);
	R(c->fgetc(f));
	R(c->ungetwc(WEOF, f));
	R(c->fclose(f));

	put_file("\xc3", 1); /* cut inside a character */
	f = c->fopen(path, "r");
	R(c->fgetwc(f));
	R(c->ferror(f));
	R(c->fclose(f));

	put_file("one\ntwo", 7);
	f = c->fopen(path, "r");
	r = c->fgetws(buf, 3, f);
	L("fgetws %d \"%s\"", r != NULL,
	  r ? dt_quote(buf, wcslen(buf) * 4) : "");
	r = c->fgetws(buf, 32, f);
	L("fgetws %d \"%s\"", r != NULL,
	  r ? dt_quote(buf, wcslen(buf) * 4) : "");
	r = c->fgetws(buf, 32, f);
	L("fgetws %d \"%s\"", r != NULL,
	  r ? dt_quote(buf, wcslen(buf) * 4) : "");
	r = c->fgetws(buf, 32, f);
	L("fgetws %d feof %d", r != NULL, c->feof(f));
	R(c->fclose(f));
}

static void scanning(const struct lib *c)
{
	static const char text[] = "  42 \xc3\xa9t\xc3\xa9 x\xe2\x82\xac 3.5"
				   " abc123 tail";
	put_file(text, sizeof(text) - 1);
	FILE *f = c->fopen(path, "r");
	int i = 0, n1 = 0, n2 = 0;
	wchar_t ws[16] = {0};
	char s[16] = {0};
	wchar_t wc[2] = {0};
	double d = 0;
	char set[16] = {0};
	R(c->fwscanf(f, L"%d%n %ls %lc%lc%n", &i, &n1, ws, &wc[0], &wc[1],
		     &n2));
	L("%d %d %d %s %x %x", i, n1, n2, dt_quote(ws, wcslen(ws) * 4),
	  (unsigned)wc[0], (unsigned)wc[1]);
	R(c->fwscanf(f, L"%lf %[a-c]", &d, set));
	L("%g %s", d, set);
	R(c->fgetwc(f));
	R(c->fwscanf(f, L"%s", s));
	L("%s", dt_str(s));
	R(c->fwscanf(f, L"%d", &i));
	R(c->fclose(f));

	put_file("\xc3\xa9\xc3\xa8 9", 6);
	f = c->fopen(path, "r");
	R(c->fwscanf(f, L"%s %d", s, &i));
	L("%s %d", dt_str(s), i);
	R(c->fclose(f));
}

typedef void scenario_fn(const struct lib *c);

static void run(const char *name, scenario_fn *fn)
{
	char *a, *b;
	size_t na, nb;

	for (int pass = 0; pass < 2; pass++) {
		logp = NULL;
		logf = open_memstream(&logp, &loglen);
		fn(pass ? &osv : &glibc);
		fclose(logf);
		if (pass) {
			b = logp;
			nb = loglen;
		} else {
			a = logp;
			na = loglen;
		}
	}
	size_t i = 0, line = 1;
	while (i < na && i < nb && a[i] == b[i])
		if (a[i++] == '\n')
			line++;
	CHECK(na == nb && i == na, "log line %zu differs", line);
	if (i < na || i < nb) {
		size_t s = i;
		while (s > 0 && a[s - 1] != '\n')
			s--;
		char *ea = memchr(a + s, '\n', na - s);
		char *eb = memchr(b + s, '\n', nb - s);
		printf("# glibc: %s\n",
		       dt_quote(a + s, ea ? (size_t)(ea - a) - s : na - s));
		printf("# osv:   %s\n",
		       dt_quote(b + s, eb ? (size_t)(eb - b) - s : nb - s));
	}
	free(a);
	free(b);
	dt_group_end(name);
}

/* ---- swprintf over generated formats ---- */

static const wchar_t *const wide_args[] = {
    L"", L"w", L"wide", L"\xe9t\xe9", L"\x4e2d\x6587\x5b57", L"a\x1f600z",
};
static const char *const mb_args[] = {
    "", "n", "narrow", "\xc3\xa9t\xc3\xa9", "\xe2\x82\xac\xe2\x82\xac",
};

/* A random directive into fmt; its argument kind in *kind. */
static size_t gen_directive(wchar_t *fmt, int *kind)
{
	static const char flags[] = "-+ #0";
	static const char convs[] = "diuxXoeEfgGaAcs%";
	wchar_t *p = fmt;

	*p++ = L'%';
	for (int i = dt_rand() % 3; i > 0; i--)
		*p++ = (wchar_t)flags[dt_rand() % 5];
	if (dt_rand() % 2)
		p += swprintf(p, 8, L"%d", (int)(dt_rand() % 12));
	if (dt_rand() % 2)
		p += swprintf(p, 8, L".%d", (int)(dt_rand() % 6));
	char conv = convs[dt_rand() % (sizeof(convs) - 1)];
	int wide = dt_rand() % 2;
	if ((conv == 'c' || conv == 's') && wide)
		*p++ = L'l';
	*p++ = (wchar_t)conv;
	*kind = conv == '%'		  ? 0
		: strchr("diuxXoc", conv) ? (conv == 'c' ? (wide ? 4 : 5) : 1)
		: conv == 's'		  ? (wide ? 3 : 2)
					  : 6;
	return (size_t)(p - fmt);
}

static void swprintf_generated(const char *locale)
{
	for (int n = 0; n < 3000; n++) {
		wchar_t fmt[64], a[256], b[256];
		int kind;
		size_t len = 0;
		if (dt_rand() % 2)
			fmt[len++] = L'\x263a';
		len += gen_directive(fmt + len, &kind);
		fmt[len++] = L'|';
		fmt[len] = 0;
		union {
			long i;
			const void *p;
			double d;
		} v;
		switch (kind) {
		case 1:
		case 5:
			v.i = (long)(dt_rand() % 300) - 100;
			if (kind == 5)
				v.i = (long)(dt_rand() % 0x80);
			break;
		case 2:
			v.p = mb_args[dt_rand() % 5];
			break;
		case 3:
			v.p = wide_args[dt_rand() % 6];
			break;
		case 4:
			v.i = (long)wide_args[dt_rand() % 6][0];
			break;
		default:
			v.d = (double)(int64_t)dt_rand() / 1e12;
		}
		size_t room = dt_rand() % 4 ? 256 : dt_rand() % 8;
		int ra, rb;
		if (kind == 6) {
			ra = swprintf(a, room, fmt, v.d);
			rb = osv_swprintf(b, room, fmt, v.d);
		} else if (kind == 2 || kind == 3) {
			ra = swprintf(a, room, fmt, v.p);
			rb = osv_swprintf(b, room, fmt, v.p);
		} else {
			ra = swprintf(a, room, fmt, (int)v.i);
			rb = osv_swprintf(b, room, fmt, (int)v.i);
		}
		bool same = ra == rb;
		if (same && ra >= 0)
			same = wmemcmp(a, b, (size_t)ra + 1) == 0;
		char f8[256];
		snprintf(f8, sizeof(f8), "%ls", fmt);
		CHECK(same, "%s: swprintf \"%s\" room %zu: glibc %d, osv %d",
		      locale, dt_str(f8), room, ra, rb);
	}
}

static void swscanf_cases(void)
{
	static const wchar_t *const inputs[] = {
	    L"12 abc",	 L"  -7x", L"\xe9t\xe9 3", L"0x1f 2.5e3 z",
	    L"[abc]def", L"",	   L"   ",	   L"\x4e2d\x6587 9",
	};
	static const wchar_t *const fmts[] = {
	    L"%d %ls",	     L"%d%lc", L"%ls %d", L"%i %lf %lc",
	    L"[%l[abc]]%ls", L"%d",    L"%ls",	  L"%2ls%n",
	    L"%lc%lc%n",     L"%5lc",  L"%*d%n",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(*inputs); i++) {
		for (size_t j = 0; j < sizeof(fmts) / sizeof(*fmts); j++) {
			union {
				wchar_t w[16];
				int i;
				double d;
			} a1 = {{0}}, b1 = {{0}};
			union {
				wchar_t w[16];
				int i;
				double d;
			} a2 = {{0}}, b2 = {{0}};
			int a3 = -1, b3 = -1;
			wchar_t a4[16] = {0}, b4[16] = {0};
			int ra = __isoc99_swscanf(inputs[i], fmts[j], &a1, &a2,
						  a4, &a3);
			int rb = osv___isoc99_swscanf(inputs[i], fmts[j], &b1,
						      &b2, b4, &b3);
			CHECK(ra == rb && !memcmp(&a1, &b1, sizeof(a1)) &&
				  !memcmp(&a2, &b2, sizeof(a2)) && a3 == b3 &&
				  !memcmp(a4, b4, sizeof(a4)),
			      "swscanf case %zu/%zu: glibc %d, osv %d", i, j,
			      ra, rb);
		}
	}
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/test_wstdio.%d", (int)getpid());
	static const char *const locales[] = {"C", "C.UTF-8"};
	for (int k = 0; k < 2; k++) {
		const char *loc = locales[k];
		utf8 = k == 1;
		char name[64];
		if (!setlocale(LC_ALL, loc) || !osv_setlocale(LC_ALL, loc)) {
			printf("not ok - locale %s is missing\n", loc);
			return 1;
		}
#define RUN(fn)                                                                \
	snprintf(name, sizeof(name), "%s: " #fn, loc);                         \
	run(name, fn)
		RUN(orientation);
		RUN(output);
		RUN(bad_output);
		RUN(input);
		RUN(scanning);
		swprintf_generated(loc);
		snprintf(name, sizeof(name), "%s: swprintf, 3000 formats", loc);
		dt_group_end(name);
		swscanf_cases();
		snprintf(name, sizeof(name), "%s: swscanf", loc);
		dt_group_end(name);
	}
	unlink(path);
	return dt_done();
}
