/*
 * wctype.h, the locale objects and the _l functions, wcstol and wcstod
 * families: against glibc, in the C and C.UTF-8 locales.  Every code
 * point (and WEOF, beyond-Unicode values) through every class and case
 * mapping; locale objects made both ways and read through glibc's own
 * <ctype.h> macros; uselocale per thread; wide number conversions of
 * generated strings with Unicode white space.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <wchar.h>
#include <time.h>
#include <wctype.h>

#include "difftest.h"
#include "osv_libc.h"

char *osv_setlocale(int category, const char *locale);
wctype_t osv_wctype(const char *name);
int osv_iswctype(wint_t wc, wctype_t desc);
int osv_iswctype_l(wint_t wc, wctype_t desc, locale_t l);
wint_t osv_towlower(wint_t wc);
wint_t osv_towupper(wint_t wc);
wint_t osv_towlower_l(wint_t wc, locale_t l);
wint_t osv_towupper_l(wint_t wc, locale_t l);
wctrans_t osv_wctrans(const char *name);
wint_t osv_towctrans(wint_t wc, wctrans_t t);
int osv_iswalnum(wint_t), osv_iswalpha(wint_t), osv_iswblank(wint_t),
    osv_iswcntrl(wint_t), osv_iswdigit(wint_t), osv_iswgraph(wint_t),
    osv_iswlower(wint_t), osv_iswprint(wint_t), osv_iswpunct(wint_t),
    osv_iswspace(wint_t), osv_iswupper(wint_t), osv_iswxdigit(wint_t);
int osv_iswalpha_l(wint_t, locale_t), osv_iswupper_l(wint_t, locale_t);
int osv_isalpha_l(int, locale_t), osv_toupper_l(int, locale_t);
locale_t osv_newlocale(int mask, const char *name, locale_t base);
locale_t osv_duplocale(locale_t l);
void osv_freelocale(locale_t l);
locale_t osv_uselocale(locale_t l);
char *osv_nl_langinfo_l(nl_item item, locale_t l);
double osv_strtod_l(const char *s, char **end, locale_t l);
long osv_strtol_l(const char *s, char **end, int base, locale_t l);
int osv_strcoll_l(const char *a, const char *b, locale_t l);
size_t osv_mbrtowc(wchar_t *pwc, const char *s, size_t n, mbstate_t *ps);
long osv_wcstol(const wchar_t *s, wchar_t **end, int base);
unsigned long osv_wcstoul(const wchar_t *s, wchar_t **end, int base);
long long osv_wcstoll(const wchar_t *s, wchar_t **end, int base);
unsigned long long osv_wcstoull(const wchar_t *s, wchar_t **end, int base);
double osv_wcstod(const wchar_t *s, wchar_t **end);
float osv_wcstof(const wchar_t *s, wchar_t **end);
long double osv_wcstold(const wchar_t *s, wchar_t **end);
double osv_wcstod_l(const wchar_t *s, wchar_t **end, locale_t l);

static const char *const class_names[] = {"alnum", "alpha", "blank", "cntrl",
					  "digit", "graph", "lower", "print",
					  "punct", "space", "upper", "xdigit"};
#define NCLASSES 12

static int (*const osv_is[NCLASSES])(wint_t) = {
    osv_iswalnum, osv_iswalpha, osv_iswblank, osv_iswcntrl,
    osv_iswdigit, osv_iswgraph, osv_iswlower, osv_iswprint,
    osv_iswpunct, osv_iswspace, osv_iswupper, osv_iswxdigit};
static int (*const glibc_is[NCLASSES])(wint_t) = {
    iswalnum, iswalpha, iswblank, iswcntrl, iswdigit, iswgraph,
    iswlower, iswprint, iswpunct, iswspace, iswupper, iswxdigit};

static void set_both(const char *name)
{
	if (!setlocale(LC_ALL, name) || !osv_setlocale(LC_ALL, name)) {
		printf("Bail out! locale %s missing\n", name);
		exit(1);
	}
}

/* Every code point, WEOF and a few beyond Unicode. */
static void check_classes(const char *loc)
{
	char title[96];
	set_both(loc);
	for (int k = 0; k < NCLASSES; k++) {
		wctype_t g = wctype(class_names[k]);
		wctype_t o = osv_wctype(class_names[k]);
		CHECK(o != 0, "wctype(%s)", class_names[k]);
		for (wint_t c = 0; c <= 0x110010; c++) {
			int want = glibc_is[k](c) != 0;
			CHECK((osv_is[k](c) != 0) == want &&
				  (osv_iswctype(c, o) != 0) ==
				      (iswctype(c, g) != 0),
			      "%s: isw%s(%#x) = %d, glibc %d", loc,
			      class_names[k], c, osv_is[k](c) != 0, want);
		}
		CHECK(!osv_is[k](WEOF), "%s: isw%s(WEOF)", loc, class_names[k]);
	}
	CHECK(osv_wctype("alphabet") == 0 && osv_wctype("") == 0,
	      "wctype of unknown classes is 0");
	CHECK(osv_iswctype('a', 0) == 0, "iswctype(c, 0) is 0");
	snprintf(title, sizeof(title), "%s: the 12 classes of every code point",
		 loc);
	dt_group_end(title);

	wctrans_t up = osv_wctrans("toupper"), lo = osv_wctrans("tolower");
	CHECK(up && lo && !osv_wctrans("totitle"), "wctrans names");
	for (wint_t c = 0; c <= 0x110010; c++) {
		CHECK(osv_towupper(c) == towupper(c) &&
			  osv_towctrans(c, up) == towupper(c),
		      "%s: towupper(%#x) = %#x, glibc %#x", loc, c,
		      osv_towupper(c), towupper(c));
		CHECK(osv_towlower(c) == towlower(c) &&
			  osv_towctrans(c, lo) == towlower(c),
		      "%s: towlower(%#x) = %#x, glibc %#x", loc, c,
		      osv_towlower(c), towlower(c));
	}
	CHECK(osv_towupper(WEOF) == WEOF && osv_towlower(WEOF) == WEOF,
	      "WEOF maps to itself");
	snprintf(title, sizeof(title), "%s: towupper, towlower, towctrans",
		 loc);
	dt_group_end(title);
}

/* The objects: names, errors, and glibc's macros reading them. */
static void check_objects(void)
{
	set_both("C");
	locale_t c = osv_newlocale(LC_ALL_MASK, "C", NULL);
	locale_t u = osv_newlocale(LC_ALL_MASK, "C.UTF-8", NULL);
	locale_t gu = newlocale(LC_ALL_MASK, "C.UTF-8", NULL);
	CHECK(c && u, "newlocale C and C.UTF-8");
	CHECK(!osv_iswalpha_l(0xe9, c) && osv_iswalpha_l(0xe9, u) &&
		  osv_iswupper_l(0xc9, u) && osv_towupper_l(0xe9, u) == 0xc9 &&
		  osv_towupper_l(0xe9, c) == 0xe9,
	      "the _l functions follow their locale, not the global one");
	for (wint_t w = 0; w < 0x3000; w++)
		CHECK(osv_iswctype_l(w, osv_wctype("alpha"), u) ==
			      (iswalpha_l(w, gu) != 0) &&
			  osv_towlower_l(w, u) == towlower_l(w, gu),
		      "iswalpha_l/towlower_l(%#x, C.UTF-8)", w);
	/* glibc's inline forms read the object's tables. */
	for (int ch = -128; ch < 256; ch++) {
		CHECK(!!__isctype_l(ch, _ISalpha, u) == !!isalpha(ch) &&
			  !!__isctype_l(ch, _ISspace, c) == !!isspace(ch) &&
			  u->__ctype_toupper[ch] == toupper(ch) &&
			  u->__ctype_tolower[ch] == tolower(ch),
		      "glibc's macros on an object, c=%d", ch);
		CHECK(!!osv_isalpha_l(ch, u) == !!isalpha(ch) &&
			  osv_toupper_l(ch, c) == toupper(ch),
		      "isalpha_l/toupper_l(%d)", ch);
	}
	CHECK(!strcmp(osv_nl_langinfo_l(CODESET, u), "UTF-8") &&
		  !strcmp(osv_nl_langinfo_l(CODESET, c), "ANSI_X3.4-1968"),
	      "nl_langinfo_l(CODESET)");
	CHECK(!strcmp(u->__names[LC_CTYPE], "C.UTF-8") &&
		  !strcmp(c->__names[LC_NUMERIC], "C"),
	      "__names");
	/* A mask changes only its categories; base is reused. */
	locale_t m = osv_newlocale(LC_CTYPE_MASK, "C.utf8", c);
	CHECK(m == c && osv_iswalpha_l(0xe9, m) &&
		  !strcmp(m->__names[LC_CTYPE], "C.utf8") &&
		  !strcmp(m->__names[LC_TIME], "C"),
	      "newlocale(LC_CTYPE_MASK, base)");
	errno = 0;
	CHECK(!osv_newlocale(LC_ALL_MASK, "de_DE.UTF-8", NULL) &&
		  errno == ENOENT,
	      "an unknown locale is ENOENT");
	errno = 0;
	CHECK(!osv_newlocale(1 << 30, "C", NULL) && errno == EINVAL,
	      "a bad mask is EINVAL");
	/* glibc reads LC_ALL's bit alone as every category (libstdc++). */
	locale_t a = osv_newlocale(1 << LC_ALL, "C.UTF-8", NULL);
	locale_t ga = newlocale(1 << LC_ALL, "C.UTF-8", NULL);
	CHECK(a && ga && osv_iswalpha_l(0xe9, a) && iswalpha_l(0xe9, ga) &&
		  !strcmp(a->__names[LC_TIME], ga->__names[LC_TIME]),
	      "newlocale(1 << LC_ALL) sets every category, as glibc's");
	errno = 0;
	CHECK(!osv_newlocale(1 << LC_ALL | LC_CTYPE_MASK, "C", NULL) &&
		  errno == EINVAL,
	      "LC_ALL's bit with another is EINVAL, as glibc's");
	osv_freelocale(a);
	freelocale(ga);
	osv_setenv("LANG", "C.UTF-8", 1);
	locale_t e = osv_newlocale(LC_ALL_MASK, "", NULL);
	CHECK(e && osv_iswalpha_l(0xe9, e), "\"\" takes LANG");
	osv_unsetenv("LANG");
	osv_setlocale(LC_CTYPE, "C.UTF-8");
	locale_t d = osv_duplocale(LC_GLOBAL_LOCALE);
	osv_setlocale(LC_ALL, "C");
	CHECK(d && osv_iswalpha_l(0xe9, d) && !osv_iswalpha(0xe9),
	      "duplocale(LC_GLOBAL_LOCALE) copies the global locale");
	locale_t d2 = osv_duplocale(u);
	CHECK(d2 && d2 != u && osv_iswalpha_l(0xe9, d2), "duplocale(obj)");
	char *end;
	CHECK(osv_strtod_l("2.5e3x", &end, u) == 2500.0 && *end == 'x' &&
		  osv_strtol_l(" -0x1f", NULL, 0, u) == -31 &&
		  osv_strcoll_l("a", "b", u) < 0,
	      "strtod_l, strtol_l, strcoll_l");
	osv_freelocale(c);
	osv_freelocale(u);
	osv_freelocale(e);
	osv_freelocale(d);
	osv_freelocale(d2);
	freelocale(gu);
	dt_group_end("newlocale, duplocale, freelocale, _l functions");
}

static locale_t utf8_obj;
static int thread_saw[3];

static void *other_thread(void *arg)
{
	(void)arg;
	/* The global locale is C: this thread sees ASCII only. */
	thread_saw[0] = osv_iswalpha(0xe9) != 0;
	thread_saw[1] = osv_uselocale(NULL) == LC_GLOBAL_LOCALE;
	return NULL;
}

static void check_uselocale(void)
{
	set_both("C");
	utf8_obj = osv_newlocale(LC_ALL_MASK, "C.UTF-8", NULL);
	CHECK(osv_uselocale(NULL) == LC_GLOBAL_LOCALE,
	      "uselocale(NULL) is LC_GLOBAL_LOCALE at first");
	CHECK(osv_uselocale(utf8_obj) == LC_GLOBAL_LOCALE &&
		  osv_uselocale(NULL) == utf8_obj,
	      "uselocale installs an object");
	wchar_t w = 0;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t r = osv_mbrtowc(&w, "\xc3\xa9", 2, &st);
	CHECK(osv_iswalpha(0xe9) && r == 2 && w == 0xe9,
	      "this thread's functions follow its locale (mbrtowc %zd)",
	      (ssize_t)r);
	pthread_t t;
	pthread_create(&t, NULL, other_thread, NULL);
	pthread_join(t, NULL);
	CHECK(!thread_saw[0] && thread_saw[1],
	      "another thread keeps the global locale");
	CHECK(osv_uselocale(LC_GLOBAL_LOCALE) == utf8_obj &&
		  !osv_iswalpha(0xe9),
	      "uselocale(LC_GLOBAL_LOCALE) goes back");
	osv_freelocale(utf8_obj);
	dt_group_end("uselocale is per thread");
}

/* Wide strings of numbers with leading white space, ASCII and not. */
static const wchar_t spaces[] = {L' ',	 L'\t',	 L'\n', 0x3000,
				 0x2003, 0x2028, 0xa0,	0x1680};
static const char *const numbers[] = {
    "0",
    "-0",
    "42",
    "+17",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "0x1F",
    "0X",
    "0x",
    "077",
    "08",
    "1e10",
    "1.5",
    "-.5e-3",
    ".",
    "e5",
    "inf",
    "-Infinity",
    "nan",
    "nan(123)",
    "0x1.8p1",
    "1e400",
    "1e-400",
    "4.9e-324",
    "2.2250738585072011e-308",
    "123abc",
    "z",
    "",
    "  7",
    "1.00000000000000011102230246251565404236316680908203125",
    "179769313486231580793728971405301e276",
};

static void wide(wchar_t *dst, const char *src, wchar_t lead, int nlead,
		 wchar_t tail)
{
	int i = 0;
	for (; i < nlead; i++)
		dst[i] = lead;
	for (; *src; src++)
		dst[i++] = (unsigned char)*src;
	dst[i++] = tail;
	dst[i] = 0;
}

#define SAME_INT(fn, osvfn, base)                                              \
	do {                                                                   \
		wchar_t *e1, *e2;                                              \
		errno = 0;                                                     \
		__typeof(fn(w, &e1, base)) a_ = osvfn(w, &e1, base);           \
		int ea_ = errno;                                               \
		errno = 0;                                                     \
		__typeof(a_) b_ = fn(w, &e2, base);                            \
		int eb_ = errno;                                               \
		CHECK(a_ == b_ && e1 - w == e2 - w && ea_ == eb_,              \
		      "%s: " #fn "(\"%ls\", %d) = %lld end %td errno %d, "     \
		      "glibc %lld end %td errno %d",                           \
		      loc, w, base, (long long)a_, e1 - w, ea_, (long long)b_, \
		      e2 - w, eb_);                                            \
	} while (0)

#define SAME_FP(fn, osvfn)                                                     \
	do {                                                                   \
		wchar_t *e1, *e2;                                              \
		errno = 0;                                                     \
		__typeof(fn(w, &e1)) a_ = osvfn(w, &e1);                       \
		int ea_ = errno;                                               \
		errno = 0;                                                     \
		__typeof(a_) b_ = fn(w, &e2);                                  \
		int eb_ = errno;                                               \
		int same = (isnan(a_) && isnan(b_)) ||                         \
			   (a_ == b_ && signbit(a_) == signbit(b_));           \
		CHECK(same &&e1 - w == e2 - w && ea_ == eb_,                   \
		      "%s: " #fn "(\"%ls\") = %La end %td errno %d, glibc "    \
		      "%La end %td errno %d",                                  \
		      loc, w, (long double)a_, e1 - w, ea_, (long double)b_,   \
		      e2 - w, eb_);                                            \
	} while (0)

static void check_wcsto(const char *loc)
{
	char title[64];
	wchar_t w[1024];
	set_both(loc);
	static const wchar_t tails[] = {0, L'x', 0xe9, L' '};
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		for (size_t s = 0; s < sizeof(spaces) / sizeof(spaces[0]); s++)
			for (int nl = 0; nl < 3; nl++)
				for (size_t t = 0; t < 4; t++) {
					wide(w, numbers[i], spaces[s], nl,
					     tails[t]);
					static const int bases[] = {0, 10, 16,
								    8, 36};
					for (int b = 0; b < 5; b++) {
						SAME_INT(wcstol, osv_wcstol,
							 bases[b]);
						SAME_INT(wcstoul, osv_wcstoul,
							 bases[b]);
						SAME_INT(wcstoll, osv_wcstoll,
							 bases[b]);
						SAME_INT(wcstoull, osv_wcstoull,
							 bases[b]);
					}
					SAME_FP(wcstod, osv_wcstod);
					SAME_FP(wcstof, osv_wcstof);
					SAME_FP(wcstold, osv_wcstold);
				}
	/* Random decimals and long mantissas (the heap copy). */
	for (int i = 0; i < 20000; i++) {
		char buf[700];
		int len = snprintf(buf, sizeof(buf), "%s%llu.%llue%d",
				   dt_rand() & 1 ? "-" : "",
				   (unsigned long long)dt_rand(),
				   (unsigned long long)dt_rand(),
				   (int)(dt_rand() % 700) - 350);
		if (i % 50 == 0)
			for (; len < 600; len++)
				buf[len] = (char)('0' + dt_rand() % 10);
		buf[len] = '\0';
		wide(w, buf, 0x3000, i & 1, 0);
		SAME_FP(wcstod, osv_wcstod);
		SAME_FP(wcstold, osv_wcstold);
		SAME_INT(wcstoll, osv_wcstoll, 10);
	}
	wchar_t *e;
	CHECK(osv_wcstod_l(L" 1.25", &e, LC_GLOBAL_LOCALE) == 1.25 && !*e,
	      "wcstod_l");
	snprintf(title, sizeof(title), "%s: wcstol, wcstod and their family",
		 loc);
	dt_group_end(title);
}

size_t osv_wcsftime(wchar_t *s, size_t max, const wchar_t *fmt,
		    const struct tm *tm);

/* wcsftime against glibc: every conversion, flags, widths, literal
 * non-ASCII characters, and results that do not fit. */
static void check_wcsftime(const char *loc)
{
	static const wchar_t *const formats[] = {
	    L"%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M",
	    L"%n %p %P %r %R %s %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%",
	    L"%Ec %EC %Ex %EX %Ey %EY %Od %Oe %OH %OI %Om %OM %OS %Ou %OU",
	    L"%_5d|%-d|%010Y|%^a|%#b|%-3H|%_H",
	    L"\u00e9t\u00e9 %Y \u2014 %B \u4e2d",
	    L"%",
	    L"abc%",
	    L"%q %Q",
	    L"",
	};
	char title[64];
	set_both(loc);
	setenv("TZ", "UTC0", 1);
	tzset();
	for (int k = 0; k < 2000; k++) {
		time_t t = (time_t)(dt_rand() % 4000000000ULL) - 1000000000;
		struct tm tm;
		gmtime_r(&t, &tm);
		for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]);
		     f++) {
			static const size_t maxes[] = {256, 20, 1};
			for (int m = 0; m < 3; m++) {
				wchar_t a[256], b[256];
				wmemset(a, L'#', 256);
				wmemset(b, L'#', 256);
				size_t ra =
				    osv_wcsftime(a, maxes[m], formats[f], &tm);
				size_t rb =
				    wcsftime(b, maxes[m], formats[f], &tm);
				CHECK(ra == rb && (!ra || !wcscmp(a, b)),
				      "%s: wcsftime(\"%ls\", max %zu) at %lld: "
				      "%zu \"%ls\", glibc %zu \"%ls\"",
				      loc, formats[f], maxes[m], (long long)t,
				      ra, ra ? a : L"", rb, rb ? b : L"");
			}
		}
	}
	snprintf(title, sizeof(title), "%s: wcsftime", loc);
	dt_group_end(title);
}

int main(void)
{
	check_classes("C");
	check_classes("C.UTF-8");
	check_objects();
	check_uselocale();
	check_wcsto("C");
	check_wcsto("C.UTF-8");
	check_wcsftime("C");
	check_wcsftime("C.UTF-8");
	return dt_done();
}
