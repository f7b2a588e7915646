/*
 * strptime against glibc's in the C locale: every conversion, over
 * strings strftime made from random times (whole and cut short), with
 * white space, case changes and stray characters mixed in; also random
 * formats over random text.  The end pointer and every field of the
 * struct tm (filled with the same values first) must agree.  Output is
 * TAP.  Not compared: %Ey and several E or O conversions in one format
 * (glibc's results depend on era data the C locale lacks; see
 * libc/time/strptime.c), and week numbers that put the date
 * outside its year (glibc indexes past its tables).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <time.h>

#include "difftest.h"

char *osv_strptime(const char *s, const char *fmt, struct tm *tm);

static bool same_tm(const struct tm *a, const struct tm *b)
{
	return a->tm_sec == b->tm_sec && a->tm_min == b->tm_min &&
	       a->tm_hour == b->tm_hour && a->tm_mday == b->tm_mday &&
	       a->tm_mon == b->tm_mon && a->tm_year == b->tm_year &&
	       a->tm_wday == b->tm_wday && a->tm_yday == b->tm_yday &&
	       a->tm_gmtoff == b->tm_gmtoff;
}

static const char *show(const struct tm *t)
{
	static char buf[2][128];
	static int k;
	k ^= 1;
	snprintf(buf[k], sizeof(buf[k]), "%d-%d-%d %d:%d:%d w%d y%d off%ld",
		 t->tm_year, t->tm_mon, t->tm_mday, t->tm_hour, t->tm_min,
		 t->tm_sec, t->tm_wday, t->tm_yday, t->tm_gmtoff);
	return buf[k];
}

/* A struct tm both start from: zeros, or a fixed date. */
static void start(struct tm *t, int kind)
{
	memset(t, 0, sizeof(*t));
	if (kind) {
		t->tm_year = 99;
		t->tm_mon = 6;
		t->tm_mday = 14;
		t->tm_wday = 3;
		t->tm_yday = 194;
	}
}

static void compare(const char *in, const char *fmt)
{
	for (int kind = 0; kind < 2; kind++) {
		struct tm a, b;
		start(&a, kind);
		start(&b, kind);
		char *ra = strptime(in, fmt, &a);
		char *rb = osv_strptime(in, fmt, &b);
		/* glibc reads past its month table for a week number
		 * that ends outside the year: no result to compare */
		if (ra && (strstr(fmt, "%U") || strstr(fmt, "%W")) &&
		    (a.tm_yday < 0 || a.tm_yday >= 365))
			continue;
		bool ok = ra == rb && (!ra || same_tm(&a, &b));
		CHECK(ok, "\"%s\" with \"%s\": glibc %ld %s, osv %ld %s",
		      dt_str(in), fmt, ra ? (long)(ra - in) : -1L, show(&a),
		      rb ? (long)(rb - in) : -1L, show(&b));
	}
}

static const char *const formats[] = {
    "%a %A %b %B %h",
    "%c",
    "%C%y",
    "%d/%e",
    "%D",
    "%F",
    "%H:%M:%S",
    "%I:%M %p",
    "%j",
    "%m",
    "%n%t",
    "%r",
    "%R",
    "%T",
    "%u %w",
    "%U %a",
    "%W %u",
    "%x",
    "%X",
    "%y",
    "%Y",
    "%Y-%j",
    "%G %g %V",
    "%k %l",
    "%EY",
    "%Ec",
    "%Ex",
    "%EX",
    "%EC %y",
    "%Od",
    "%Oe %b",
    "%OI %p",
    "%Om",
    "%Ow",
    "%Oy",
    "%Y %U %w",
    "%Y %W %a",
    "%C",
    "%y %C",
    "%s",
    "%%",
    "%z",
    "%Z %Y",
    "%Y-%m-%dT%H:%M:%S%z",
    "%b %d %Y %I:%M:%S %p",
    "%A, %d %B %Y",
    "%Y%m%d",
    "%H%M%S",
    "%-d/%_m/%04Y",
    "%j %Y",
    "%p %I",
    "%U %w %Y",
};
#define NFORMATS (sizeof(formats) / sizeof(*formats))

/* Changes s a little: a cut, a case change, extra spaces, a stray char. */
static void mutate(char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	size_t at = dt_rand() % n;
	switch (dt_rand() % 5) {
	case 0:
		s[at] = '\0';
		break;
	case 1:
		s[at] = (char)(isupper((unsigned char)s[at]) ? tolower(s[at])
							     : toupper(s[at]));
		break;
	case 2:
		if (n + 3 < 256) {
			memmove(s + at + 2, s + at, n - at + 1);
			s[at] = ' ';
			s[at + 1] = '\t';
		}
		break;
	case 3:
		s[at] = "0123456789 :-+Zx/"[dt_rand() % 17];
		break;
	default:
		break;
	}
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	for (size_t f = 0; f < NFORMATS; f++) {
		for (int i = 0; i < 400; i++) {
			time_t t =
			    (time_t)(dt_rand() % 8000000000ULL) - 2000000000LL;
			struct tm tm;
			gmtime_r(&t, &tm);
			tm.tm_gmtoff = (long)(dt_rand() % 100000) - 50000;
			tm.tm_gmtoff -= tm.tm_gmtoff % 60;
			char in[256];
			strftime(in, sizeof(in) - 8, formats[f], &tm);
			if (i % 2)
				mutate(in);
			compare(in, formats[f]);
		}
		char name[80];
		snprintf(name, sizeof(name), "\"%s\"", formats[f]);
		dt_group_end(name);
	}
	static const char convs[] = "aAbBcCdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ%";
	for (int i = 0; i < 20000; i++) {
		char fmt[16], in[32];
		int k = 0;
		for (int j = (int)(dt_rand() % 3) + 1; j > 0; j--) {
			fmt[k++] = '%';
			fmt[k++] = convs[dt_rand() % (sizeof(convs) - 1)];
			if (dt_rand() % 3 == 0)
				fmt[k++] = " /:"[dt_rand() % 3];
		}
		fmt[k] = '\0';
		size_t n = dt_rand() % 12;
		for (size_t j = 0; j < n; j++)
			in[j] = " 0123456789SunMonDecPMam:+-/"[dt_rand() % 28];
		in[n] = '\0';
		compare(in, fmt);
	}
	dt_group_end("random formats over random text");
	return dt_done();
}
