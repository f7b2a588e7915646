/*
 * locale.h, langinfo.h and the multibyte and wide-character functions
 * against glibc, in "C" and "C.UTF-8": setlocale's names (composite ones
 * too), localeconv, nl_langinfo, MB_CUR_MAX; mbrtowc on every sequence
 * of up to three bytes and many longer ones, whole and byte by byte;
 * wcrtomb on every code point; the string conversions; wcwidth on every
 * code point; the wcs* and wmem* functions on random strings.  Output is
 * TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <unistd.h>
#include <wchar.h>

#include "difftest.h"

char *osv_setlocale(int category, const char *locale);
struct lconv *osv_localeconv(void);
char *osv_nl_langinfo(nl_item item);
size_t osv___ctype_get_mb_cur_max(void);
wint_t osv_btowc(int c);
int osv_wctob(wint_t wc);
int osv_mbsinit(const mbstate_t *ps);
size_t osv_mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
		   mbstate_t *restrict ps);
size_t osv_mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps);
size_t osv_wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps);
size_t osv_mbsrtowcs(wchar_t *restrict dst, const char **restrict src,
		     size_t len, mbstate_t *restrict ps);
size_t osv_mbsnrtowcs(wchar_t *restrict dst, const char **restrict src,
		      size_t nms, size_t len, mbstate_t *restrict ps);
size_t osv_wcsrtombs(char *restrict dst, const wchar_t **restrict src,
		     size_t len, mbstate_t *restrict ps);
size_t osv_wcsnrtombs(char *restrict dst, const wchar_t **restrict src,
		      size_t nwc, size_t len, mbstate_t *restrict ps);
size_t osv_mbstowcs(wchar_t *restrict dst, const char *restrict src, size_t n);
size_t osv_wcstombs(char *restrict dst, const wchar_t *restrict src, size_t n);
int osv_mbtowc(wchar_t *restrict pwc, const char *restrict s, size_t n);
int osv_mblen(const char *s, size_t n);
int osv_wctomb(char *s, wchar_t wc);
int osv_wcwidth(wchar_t wc);
int osv_wcswidth(const wchar_t *s, size_t n);
size_t osv_wcslen(const wchar_t *s);
size_t osv_wcsnlen(const wchar_t *s, size_t max);
int osv_wcscmp(const wchar_t *a, const wchar_t *b);
int osv_wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);
int osv_wcscoll(const wchar_t *a, const wchar_t *b);
size_t osv_wcsxfrm(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *osv_wcscpy(wchar_t *restrict d, const wchar_t *restrict s);
wchar_t *osv_wcsncpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *osv_wcpcpy(wchar_t *restrict d, const wchar_t *restrict s);
wchar_t *osv_wcpncpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *osv_wcscat(wchar_t *restrict d, const wchar_t *restrict s);
wchar_t *osv_wcsncat(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *osv_wcsdup(const wchar_t *s);
wchar_t *osv_wcschr(const wchar_t *s, wchar_t c);
wchar_t *osv_wcsrchr(const wchar_t *s, wchar_t c);
wchar_t *osv_wcschrnul(const wchar_t *s, wchar_t c);
size_t osv_wcsspn(const wchar_t *s, const wchar_t *a);
size_t osv_wcscspn(const wchar_t *s, const wchar_t *r);
wchar_t *osv_wcspbrk(const wchar_t *s, const wchar_t *a);
wchar_t *osv_wcsstr(const wchar_t *h, const wchar_t *n);
wchar_t *osv_wcswcs(const wchar_t *h, const wchar_t *n);
wchar_t *osv_wcstok(wchar_t *restrict s, const wchar_t *restrict d,
		    wchar_t **restrict save);
wchar_t *osv_wmemchr(const wchar_t *s, wchar_t c, size_t n);
int osv_wmemcmp(const wchar_t *a, const wchar_t *b, size_t n);
wchar_t *osv_wmemcpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *osv_wmempcpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *osv_wmemmove(wchar_t *d, const wchar_t *s, size_t n);
wchar_t *osv_wmemset(wchar_t *s, wchar_t c, size_t n);

static int set_both(int cat, const char *name)
{
	char *g = setlocale(cat, name), *o = osv_setlocale(cat, name);
	return g && o;
}

static void test_setlocale(void)
{
	static const char *names[] = {
	    "C",       "POSIX",	      "C.UTF-8",      "C.utf8", "C.UTF8",
	    "C.utf-8", "en_US.UTF-8", "C.ISO-8859-1", "xx",	"C.UTF-8@x",
	    "c"};
	static const int cats[] = {LC_ALL,	LC_CTYPE,   LC_NUMERIC,
				   LC_TIME,	LC_COLLATE, LC_MONETARY,
				   LC_MESSAGES, LC_PAPER,   LC_IDENTIFICATION};
	for (int t = 0; t < 3000; t++) {
		int cat = cats[dt_below(9)];
		const char *name = names[dt_below(11)];
		char g[1024] = "(null)", o[1024] = "(null)";
		char *gr = setlocale(cat, name),
		     *orr = osv_setlocale(cat, name);
		if (gr)
			snprintf(g, sizeof(g), "%s", gr);
		if (orr)
			snprintf(o, sizeof(o), "%s", orr);
		CHECK(!strcmp(g, o),
		      "setlocale(%d, \"%s\"): \"%s\", glibc \"%s\"", cat, name,
		      o, g);
		for (int c = 0; c <= LC_IDENTIFICATION; c++) {
			const char *q1 = setlocale(c, NULL);
			snprintf(g, sizeof(g), "%s", q1 ? q1 : "(null)");
			const char *q2 = osv_setlocale(c, NULL);
			snprintf(o, sizeof(o), "%s", q2 ? q2 : "(null)");
			CHECK(!strcmp(g, o),
			      "setlocale(%d, NULL): \"%s\", glibc \"%s\"", c, o,
			      g);
		}
		CHECK(MB_CUR_MAX == osv___ctype_get_mb_cur_max(), "MB_CUR_MAX");
		if (t % 100 == 0) { /* a composite name goes back in */
			char comp[1024];
			snprintf(comp, sizeof(comp), "%s",
				 setlocale(LC_ALL, NULL));
			CHECK(set_both(LC_ALL, "C") && set_both(LC_ALL, comp) &&
				  !strcmp(setlocale(LC_ALL, NULL),
					  osv_setlocale(LC_ALL, NULL)),
			      "setlocale(LC_ALL, \"%s\")", comp);
		}
	}
	CHECK(osv_setlocale(-1, "C") == NULL && osv_setlocale(13, NULL) == NULL,
	      "bad categories");
	/* "" takes LC_ALL, LC_<category>, LANG from the environment. */
	setenv("LC_ALL", "", 1);
	setenv("LANG", "C.UTF-8", 1);
	setenv("LC_NUMERIC", "C", 1);
	extern char **osv_environ;
	osv_environ = environ; /* the same variables for both */
	CHECK(set_both(LC_ALL, "") &&
		  !strcmp(setlocale(LC_ALL, NULL), osv_setlocale(LC_ALL, NULL)),
	      "setlocale(LC_ALL, \"\"): \"%s\", glibc \"%s\"",
	      osv_setlocale(LC_ALL, NULL), setlocale(LC_ALL, NULL));
	osv_environ = NULL;
	set_both(LC_ALL, "C");
	dt_group_end("setlocale: names, composites, the environment, "
		     "MB_CUR_MAX");
}

static void test_langinfo(void)
{
	static const nl_item items[] = {
	    CODESET,   RADIXCHAR,  THOUSEP,	D_T_FMT,   D_FMT,
	    T_FMT,     T_FMT_AMPM, AM_STR,	PM_STR,	   ERA,
	    ERA_D_FMT, ALT_DIGITS, ERA_D_T_FMT, ERA_T_FMT, YESEXPR,
	    NOEXPR,    CRNCYSTR,   _DATE_FMT,	YESSTR,	   NOSTR};
	for (int loc = 0; loc < 2; loc++) {
		set_both(LC_ALL, loc ? "C.UTF-8" : "C");
		for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
			CHECK(!strcmp(osv_nl_langinfo(items[i]),
				      nl_langinfo(items[i])),
			      "nl_langinfo(0x%x): \"%s\", glibc \"%s\"",
			      items[i], osv_nl_langinfo(items[i]),
			      nl_langinfo(items[i]));
		for (int i = 0; i < 7; i++) {
			CHECK(!strcmp(osv_nl_langinfo(DAY_1 + i),
				      nl_langinfo(DAY_1 + i)),
			      "DAY_%d", i + 1);
			CHECK(!strcmp(osv_nl_langinfo(ABDAY_1 + i),
				      nl_langinfo(ABDAY_1 + i)),
			      "ABDAY_%d", i + 1);
		}
		for (int i = 0; i < 12; i++) {
			CHECK(!strcmp(osv_nl_langinfo(MON_1 + i),
				      nl_langinfo(MON_1 + i)),
			      "MON_%d", i + 1);
			CHECK(!strcmp(osv_nl_langinfo(ABMON_1 + i),
				      nl_langinfo(ABMON_1 + i)),
			      "ABMON_%d", i + 1);
			CHECK(!strcmp(osv_nl_langinfo(ALTMON_1 + i),
				      nl_langinfo(ALTMON_1 + i)),
			      "ALTMON_%d", i + 1);
			CHECK(!strcmp(osv_nl_langinfo(_NL_ABALTMON_1 + i),
				      nl_langinfo(_NL_ABALTMON_1 + i)),
			      "_NL_ABALTMON_%d", i + 1);
		}
		struct lconv *g = localeconv(), *o = osv_localeconv();
		const char *const *gs = (const char *const *)g;
		const char *const *os = (const char *const *)o;
		for (int i = 0; i < 10; i++)
			CHECK(!strcmp(gs[i], os[i]), "localeconv string %d", i);
		CHECK(!memcmp(&g->int_frac_digits, &o->int_frac_digits, 14),
		      "localeconv numbers");
		static const nl_item wide[] = {_NL_NUMERIC_DECIMAL_POINT_WC,
					       _NL_NUMERIC_THOUSANDS_SEP_WC,
					       _NL_MONETARY_DECIMAL_POINT_WC,
					       _NL_MONETARY_THOUSANDS_SEP_WC};
		for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
			CHECK(osv_nl_langinfo(wide[i]) == nl_langinfo(wide[i]),
			      "nl_langinfo(0x%x): %p, glibc %p", wide[i],
			      (void *)osv_nl_langinfo(wide[i]),
			      (void *)nl_langinfo(wide[i]));
	}
	set_both(LC_ALL, "C");
	dt_group_end("nl_langinfo, localeconv in C and C.UTF-8");
}

static unsigned long mb_cases;

/* One byte sequence through both mbrtowc's, whole and byte by byte. */
static void compare_mb(const unsigned char *s, size_t n)
{
	mbstate_t st1, st2;
	wchar_t w1 = 0x55, w2 = 0x55;
	memset(&st1, 0, sizeof(st1));
	memset(&st2, 0, sizeof(st2));
	errno = 0;
	size_t r1 = osv_mbrtowc(&w1, (const char *)s, n, &st1);
	int e1 = errno;
	errno = 0;
	size_t r2 = mbrtowc(&w2, (const char *)s, n, &st2);
	int e2 = errno;
	mb_cases++;
	CHECK(r1 == r2 && e1 == e2 && (r1 > n || w1 == w2) &&
		  !osv_mbsinit(&st1) == !mbsinit(&st2),
	      "mbrtowc(%s, %zu): %zd %x errno %d, glibc %zd %x errno %d",
	      dt_quote(s, n), n, r1, w1, e1, r2, w2, e2);
	memset(&st1, 0, sizeof(st1));
	memset(&st2, 0, sizeof(st2));
	for (size_t i = 0; i < n; i++) {
		r1 = osv_mbrtowc(&w1, (const char *)s + i, 1, &st1);
		r2 = mbrtowc(&w2, (const char *)s + i, 1, &st2);
		CHECK(r1 == r2 && (r1 > 1 || w1 == w2),
		      "mbrtowc byte by byte %s at %zu: %zd, glibc %zd",
		      dt_quote(s, n), i, r1, r2);
		if (r1 != (size_t)-2)
			break;
	}
}

static void test_mbrtowc(const char *loc)
{
	char name[80];
	unsigned char s[8];
	set_both(LC_ALL, loc);
	for (unsigned a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		compare_mb(s, 1);
		for (unsigned b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			compare_mb(s, 2);
			if (a < 0xe0 || a > 0xef)
				continue;
			for (unsigned c = 0; c < 256;
			     c += (b & 0xc0) == 0x80 ? 1 : 37) {
				s[2] = (unsigned char)c;
				compare_mb(s, 3);
			}
		}
	}
	for (int t = 0; t < 300000; t++) {
		size_t n = 3 + dt_below(5);
		s[0] = (unsigned char)(0xe0 + dt_below(32));
		for (size_t i = 1; i < n; i++)
			s[i] = (unsigned char)(dt_below(8) ? 0x80 | dt_below(64)
							   : dt_below(256));
		compare_mb(s, n);
	}
	/* NULL arguments, n == 0, the internal states. */
	mbstate_t st1 = {0}, st2 = {0};
	CHECK(osv_mbrtowc(NULL, "\xc3\xa9", 2, &st1) ==
		  mbrtowc(NULL, "\xc3\xa9", 2, &st2),
	      "mbrtowc NULL pwc");
	CHECK(osv_mbrtowc(NULL, NULL, 0, &st1) == mbrtowc(NULL, NULL, 0, &st2),
	      "mbrtowc NULL s");
	CHECK(osv_mbrtowc(NULL, "a", 0, &st1) == mbrtowc(NULL, "a", 0, &st2),
	      "mbrtowc n == 0");
	CHECK(osv_mbrlen("\xc3", 1, NULL) == mbrlen("\xc3", 1, NULL) &&
		  osv_mbrlen("\xa9", 1, NULL) == mbrlen("\xa9", 1, NULL),
	      "mbrlen's own state");
	CHECK(osv_mbsinit(NULL) == mbsinit(NULL), "mbsinit(NULL)");
	for (int c = -1; c < 256; c++)
		CHECK(osv_btowc(c) == btowc(c), "btowc(%d)", c);
	snprintf(name, sizeof(name),
		 "mbrtowc, mbrlen, btowc in %s: every "
		 "sequence up to 3 bytes, longer ones",
		 loc);
	dt_group_end(name);
}

static void test_wcrtomb(const char *loc)
{
	char name[80], b1[8], b2[8];
	set_both(LC_ALL, loc);
	for (unsigned c = 0; c < 0x110000; c += c < 0x20000 ? 1 : 7) {
		memset(b1, 0, 8);
		memset(b2, 0, 8);
		errno = 0;
		size_t r1 = osv_wcrtomb(b1, (wchar_t)c, NULL);
		int e1 = errno;
		errno = 0;
		size_t r2 = wcrtomb(b2, (wchar_t)c, NULL);
		CHECK(r1 == r2 && e1 == errno && !memcmp(b1, b2, 8),
		      "wcrtomb(0x%x)", c);
		CHECK(osv_wctob(c) == wctob(c), "wctob(0x%x)", c);
	}
	static const unsigned big[] = {0x110000,   0x1fffff,  0x200000,
				       0x3ffffff,  0x4000000, 0x7fffffff,
				       0x80000000, 0xffffffff};
	for (int i = 0; i < 8; i++) {
		memset(b1, 0, 8);
		memset(b2, 0, 8);
		size_t r1 = osv_wcrtomb(b1, (wchar_t)big[i], NULL);
		size_t r2 = wcrtomb(b2, (wchar_t)big[i], NULL);
		CHECK(r1 == r2 && !memcmp(b1, b2, 8), "wcrtomb(0x%x)", big[i]);
	}
	CHECK(osv_wcrtomb(NULL, 0x41, NULL) == wcrtomb(NULL, 0x41, NULL),
	      "wcrtomb(NULL)");
	snprintf(name, sizeof(name), "wcrtomb, wctob in %s: the code points",
		 loc);
	dt_group_end(name);
}

/* UTF-8 text with some invalid bytes, for the string conversions. */
static size_t random_utf8(char *s, size_t max_chars, int invalid)
{
	static const char *pieces[] = {"a",
				       "Z",
				       " ",
				       "\xc3\xa9",
				       "\xe2\x82\xac",
				       "\xf0\x9f\x98\x80",
				       "\xe4\xb8\x80",
				       "~"};
	char *p = s;
	size_t n = dt_below((unsigned)max_chars);
	for (size_t i = 0; i < n; i++) {
		if (invalid && dt_below(20) == 0)
			*p++ = (char)(0x80 + dt_below(128));
		else
			p += sprintf(p, "%s", pieces[dt_below(8)]);
	}
	*p = '\0';
	return (size_t)(p - s);
}

static void test_strings_mb(const char *loc)
{
	char name[80], s[200];
	wchar_t w1[100], w2[100];
	char c1[400], c2[400];
	set_both(LC_ALL, loc);
	for (int t = 0; t < 30000; t++) {
		size_t len = random_utf8(s, 30, t & 1);
		size_t lim = dt_below(40), nms = dt_below((unsigned)len + 3);
		const char *p1 = s, *p2 = s;
		mbstate_t st1 = {0}, st2 = {0};
		wmemset(w1, 0x55, 100);
		wmemset(w2, 0x55, 100);
		errno = 0;
		size_t r1 = osv_mbsrtowcs(t & 2 ? NULL : w1, &p1, lim, &st1);
		int e1 = errno;
		errno = 0;
		size_t r2 = mbsrtowcs(t & 2 ? NULL : w2, &p2, lim, &st2);
		/*
		 * After an invalid sequence glibc's *src depends on how it
		 * buffers (and C leaves it to "past the last character
		 * converted"): ours must be at the bad sequence.
		 */
		if (r2 == (size_t)-1 && !(t & 2))
			p2 = p1 && osv_mbrtowc(NULL, p1, 8, &(mbstate_t){0}) ==
					 (size_t)-1
				 ? p1
				 : NULL;
		CHECK(r1 == r2 && e1 == errno && p1 == p2 &&
			  !memcmp(w1, w2, sizeof(w1)),
		      "mbsrtowcs(%s, %zu): %zd end %td errno %d, glibc %zd end "
		      "%td errno %d",
		      dt_str(s), lim, r1, p1 ? p1 - s : -1, e1, r2,
		      p2 ? p2 - s : -1, errno);
		p1 = p2 = s;
		memset(&st1, 0, sizeof(st1));
		memset(&st2, 0, sizeof(st2));
		wmemset(w1, 0x55, 100);
		wmemset(w2, 0x55, 100);
		r1 = osv_mbsnrtowcs(w1, &p1, nms, lim, &st1);
		r2 = mbsnrtowcs(w2, &p2, nms, lim, &st2);
		if (r2 == (size_t)-1) /* as above */
			p2 = p1;
		CHECK(r1 == r2 && p1 == p2 && !memcmp(w1, w2, sizeof(w1)) &&
			  !osv_mbsinit(&st1) == !mbsinit(&st2),
		      "mbsnrtowcs(%s, %zu, %zu): %zd, glibc %zd", dt_str(s),
		      nms, lim, r1, r2);
		CHECK(osv_mbstowcs(NULL, s, 0) == mbstowcs(NULL, s, 0),
		      "mbstowcs(NULL, %s)", dt_str(s));
		if (t & 1)
			continue;
		/* Back: wide to multibyte, with byte limits. */
		size_t nw = mbstowcs(w2, s, 100);
		if (nw == (size_t)-1)
			continue;
		if (t % 8 == 0 && nw > 0)
			w2[dt_below((unsigned)nw)] =
			    (wchar_t)(0xd800 + dt_below(10));
		const wchar_t *q1 = w2, *q2 = w2;
		memset(c1, '#', sizeof(c1));
		memset(c2, '#', sizeof(c2));
		r1 = osv_wcsrtombs(t & 4 ? NULL : c1, &q1, lim, NULL);
		r2 = wcsrtombs(t & 4 ? NULL : c2, &q2, lim, NULL);
		CHECK(r1 == r2 && q1 == q2 && !memcmp(c1, c2, sizeof(c1)),
		      "wcsrtombs(%s, %zu): %zd, glibc %zd", dt_str(s), lim, r1,
		      r2);
		q1 = q2 = w2;
		memset(c1, '#', sizeof(c1));
		memset(c2, '#', sizeof(c2));
		size_t nwc = dt_below((unsigned)nw + 2);
		r1 = osv_wcsnrtombs(c1, &q1, nwc, lim, NULL);
		r2 = wcsnrtombs(c2, &q2, nwc, lim, NULL);
		CHECK(r1 == r2 && q1 == q2 && !memcmp(c1, c2, sizeof(c1)),
		      "wcsnrtombs(%zu, %zu): %zd, glibc %zd", nwc, lim, r1, r2);
		memset(c1, '#', sizeof(c1));
		memset(c2, '#', sizeof(c2));
		r1 = osv_wcstombs(c1, w2, lim);
		r2 = wcstombs(c2, w2, lim);
		CHECK(r1 == r2 && !memcmp(c1, c2, sizeof(c1)), "wcstombs");
	}
	/* The stateless functions. */
	for (int t = 0; t < 3000; t++) {
		size_t len = random_utf8(s, 3, 1);
		wchar_t a = 0, b = 0;
		size_t n = dt_below((unsigned)len + 2);
		errno = 0;
		int r1 = osv_mbtowc(&a, s, n), e1 = errno;
		mbtowc(NULL, NULL, 0);
		errno = 0;
		int r2 = mbtowc(&b, s, n);
		CHECK(r1 == r2 && e1 == errno && (r1 < 0 || a == b),
		      "mbtowc(%s, %zu): %d, glibc %d", dt_str(s), n, r1, r2);
		CHECK(osv_mblen(s, n) == mblen(s, n), "mblen");
		CHECK(osv_wctomb(c1, a) == wctomb(c2, a) &&
			  (r1 <= 0 || !memcmp(c1, c2, (size_t)r1)),
		      "wctomb(0x%x)", a);
	}
	CHECK(osv_mbtowc(NULL, NULL, 0) == mbtowc(NULL, NULL, 0) &&
		  osv_wctomb(NULL, 0) == wctomb(NULL, 0),
	      "no shift states");
	snprintf(name, sizeof(name),
		 "mbsrtowcs, mbsnrtowcs, wcsrtombs, "
		 "wcsnrtombs, mbtowc, wctomb ... in %s",
		 loc);
	dt_group_end(name);
}

static void test_wcwidth(void)
{
	for (int loc = 0; loc < 2; loc++) {
		set_both(LC_ALL, loc ? "C.UTF-8" : "C");
		for (unsigned c = 0; c < 0x110400; c++)
			CHECK(osv_wcwidth((wchar_t)c) == wcwidth((wchar_t)c),
			      "wcwidth(0x%x) in %s: %d, glibc %d", c,
			      loc ? "C.UTF-8" : "C", osv_wcwidth((wchar_t)c),
			      wcwidth((wchar_t)c));
		CHECK(osv_wcwidth(-1) == wcwidth(-1), "wcwidth(-1)");
		wchar_t s[10];
		for (int t = 0; t < 20000; t++) {
			for (int i = 0; i < 9; i++)
				s[i] = (wchar_t)(dt_below(4)
						     ? 0x20 + dt_below(0x60)
						     : dt_below(0x30000));
			s[9] = 0;
			size_t n = dt_below(12);
			CHECK(osv_wcswidth(s, n) == wcswidth(s, n), "wcswidth");
		}
	}
	set_both(LC_ALL, "C");
	dt_group_end("wcwidth on every code point, wcswidth, in C and C.UTF-8");
}

static void random_wcs(wchar_t *s, size_t n)
{
	static const wchar_t al[] = {L'a', L'b', 0xe9, 0x10000, -5, 0x7fffffff};
	for (size_t i = 0; i < n; i++)
		s[i] = al[dt_below(6)];
	s[n] = 0;
}

static void test_wcs(void)
{
	wchar_t a[40], b[40], d1[90], d2[90];
	for (int t = 0; t < 30000; t++) {
		random_wcs(a, dt_below(12));
		random_wcs(b, dt_below(4));
		size_t n = dt_below(14);
		wchar_t c = a[dt_below(13)];
		CHECK(osv_wcslen(a) == wcslen(a) &&
			  osv_wcsnlen(a, n) == wcsnlen(a, n),
		      "wcslen");
		CHECK(dt_sign(osv_wcscmp(a, b)) == dt_sign(wcscmp(a, b)) &&
			  dt_sign(osv_wcsncmp(a, b, n)) ==
			      dt_sign(wcsncmp(a, b, n)) &&
			  dt_sign(osv_wcscoll(a, b)) == dt_sign(wcscoll(a, b)),
		      "wcscmp, wcsncmp, wcscoll");
		CHECK(osv_wcschr(a, c) == wcschr(a, c) &&
			  osv_wcsrchr(a, c) == wcsrchr(a, c) &&
			  osv_wcschrnul(a, c) == wcschrnul(a, c),
		      "wcschr, wcsrchr, wcschrnul");
		CHECK(osv_wcsspn(a, b) == wcsspn(a, b) &&
			  osv_wcscspn(a, b) == wcscspn(a, b) &&
			  osv_wcspbrk(a, b) == wcspbrk(a, b),
		      "wcsspn, wcscspn, wcspbrk");
		CHECK(osv_wcsstr(a, b) == wcsstr(a, b) &&
			  osv_wcswcs(a, b) == wcsstr(a, b),
		      "wcsstr, wcswcs");
		CHECK(osv_wmemchr(a, c, n) == wmemchr(a, c, n) &&
			  dt_sign(osv_wmemcmp(a, b, n < 4 ? n : 4)) ==
			      dt_sign(wmemcmp(a, b, n < 4 ? n : 4)),
		      "wmemchr, wmemcmp");
		/* The copying functions, into buffers filled alike. */
		wmemset(d1, 7, 90);
		wmemset(d2, 7, 90);
		CHECK(osv_wcscpy(d1, a) == d1 && wcscpy(d2, a) &&
			  !wmemcmp(d1, d2, 90),
		      "wcscpy");
		CHECK(osv_wcscat(d1, b) == d1 && wcscat(d2, b) &&
			  !wmemcmp(d1, d2, 90),
		      "wcscat");
		CHECK(osv_wcsncat(d1, a, n) == d1 && wcsncat(d2, a, n) &&
			  !wmemcmp(d1, d2, 90),
		      "wcsncat");
		wmemset(d1, 7, 90);
		wmemset(d2, 7, 90);
		CHECK(osv_wcsncpy(d1, a, n) == d1 && wcsncpy(d2, a, n) &&
			  !wmemcmp(d1, d2, 90),
		      "wcsncpy");
		CHECK(osv_wcpcpy(d1, a) - d1 == wcpcpy(d2, a) - d2 &&
			  !wmemcmp(d1, d2, 90),
		      "wcpcpy");
		CHECK(osv_wcpncpy(d1 + 20, a, n) - d1 ==
			      wcpncpy(d2 + 20, a, n) - d2 &&
			  !wmemcmp(d1, d2, 90),
		      "wcpncpy");
		CHECK(osv_wcsxfrm(d1 + 40, a, n) == wcsxfrm(d2 + 40, a, n) &&
			  !wmemcmp(d1, d2, 90),
		      "wcsxfrm");
		CHECK(osv_wmempcpy(d1, a, n) - d1 == wmempcpy(d2, a, n) - d2 &&
			  osv_wmemcpy(d1 + 50, b, 3) == d1 + 50 &&
			  wmemcpy(d2 + 50, b, 3) &&
			  osv_wmemset(d1 + 60, c, n) &&
			  wmemset(d2 + 60, c, n) &&
			  osv_wmemmove(d1 + 1, d1, 30) &&
			  wmemmove(d2 + 1, d2, 30) && !wmemcmp(d1, d2, 90),
		      "wmempcpy, wmemcpy, wmemset, wmemmove");
		wchar_t *x = osv_wcsdup(a);
		CHECK(x && !wcscmp(x, a), "wcsdup");
		free(x);
		/* wcstok over delimiters b. */
		wchar_t t1[40], t2[40], *s1, *s2;
		wcscpy(t1, a);
		wcscpy(t2, a);
		for (int i = 0; i < 14; i++) {
			wchar_t *r1 = osv_wcstok(i ? NULL : t1, b, &s1);
			wchar_t *r2 = wcstok(i ? NULL : t2, b, &s2);
			CHECK((r1 ? r1 - t1 : -1) == (r2 ? r2 - t2 : -1) &&
				  (s1 ? s1 - t1 : -1) == (s2 ? s2 - t2 : -1),
			      "wcstok: %td %td, glibc %td %td",
			      r1 ? r1 - t1 : -1, s1 ? s1 - t1 : -1,
			      r2 ? r2 - t2 : -1, s2 ? s2 - t2 : -1);
			if (!r2)
				break;
		}
	}
	dt_group_end("wcs* and wmem* functions on random strings");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("1..0 # SKIP the C.UTF-8 locale is not available\n");
		return 0;
	}
	setlocale(LC_ALL, "C");
	test_setlocale();
	test_langinfo();
	test_mbrtowc("C");
	test_mbrtowc("C.UTF-8");
	test_wcrtomb("C");
	test_wcrtomb("C.UTF-8");
	test_strings_mb("C");
	test_strings_mb("C.UTF-8");
	test_wcwidth();
	test_wcs();
	printf("# %lu byte sequences through mbrtowc\n", mb_cases);
	return dt_done();
}
