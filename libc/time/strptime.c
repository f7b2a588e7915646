/*
 * strptime in the C locale, with glibc's conversions and its rules:
 * numbers skip leading white space and take at most the field's digits
 * (fewer when another digit would pass the maximum); names match
 * without regard to case, the longest of the full and abbreviated
 * forms; white space in the format matches any amount, other characters
 * themselves.  The fields not given are then derived as glibc does:
 * %p shifts a 12-hour %I, %C combines with %y, a date gives tm_wday and
 * tm_yday, %j gives the month and day, %U or %W with a weekday give
 * the date.  Returns the first character not taken, or NULL.
 *
 * The E and O modifiers are accepted before the conversions glibc
 * allows them on and change nothing (the C locale has no alternative
 * forms), except that %Ey fails as in glibc.  Where one call has several
 * modified conversions, glibc consults the locale's era data after the
 * first and its results vary (an O conversion after another fails, an
 * E one may not): not reproduced.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "locale_impl.h"
#include "time_impl.h"

/* What the conversions saw, for the fields derived at the end. */
struct seen {
	bool have_I, is_pm, want_century, want_xday, have_wday, have_yday;
	bool have_mon, have_mday, have_uweek, have_wweek;
	int century, week_no;
};

static const char *parse(const char *s, const char *fmt, struct tm *tm,
			 struct seen *st);

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/*
 * A number of at most n digits in [lo, hi], after white space; digits
 * stop early when one more would pass hi (glibc's get_number).
 */
static const char *number(const char *s, int lo, int hi, int n, int *out)
{
	int v = 0;

	s = skip_space(s);
	if (*s < '0' || *s > '9')
		return NULL;
	do
		v = v * 10 + (*s++ - '0');
	while (--n > 0 && v * 10 <= hi && *s >= '0' && *s <= '9');
	if (v < lo || v > hi)
		return NULL;
	*out = v;
	return s;
}

/* The longest of the names (full, abbreviated) s starts with. */
static const char *name(const char *s, const char *const *full,
			const char *const *abbr, int count, int *out)
{
	size_t best = 0;

	for (int i = 0; i < count; i++) {
		size_t f = strlen(full[i]), a = strlen(abbr[i]);
		if (f > best && strncasecmp(s, full[i], f) == 0) {
			best = f;
			*out = i;
		}
		if (a > best && strncasecmp(s, abbr[i], a) == 0) {
			best = a;
			*out = i;
		}
	}
	return best ? s + best : NULL;
}

static const char *am_pm(const char *s, struct seen *st)
{
	if (strncasecmp(s, "AM", 2) == 0)
		st->is_pm = false;
	else if (strncasecmp(s, "PM", 2) == 0)
		st->is_pm = true;
	else
		return NULL;
	return s + 2;
}

/* %s: seconds since the epoch, converted as localtime does. */
static const char *epoch_seconds(const char *s, struct tm *tm)
{
	time_t secs = 0;

	if (*s < '0' || *s > '9')
		return NULL;
	do {
		if (__builtin_mul_overflow(secs, 10, &secs) ||
		    __builtin_add_overflow(secs, *s - '0', &secs))
			return NULL;
		s++;
	} while (*s >= '0' && *s <= '9');
	return localtime_r(&secs, tm) ? s : NULL;
}

/* %z: Z, or +hh, +hhmm, +hh:mm (or -). */
static const char *utc_offset(const char *s, struct tm *tm)
{
	int v = 0, n = 0;

	s = skip_space(s);
	if (*s == 'Z') {
		tm->tm_gmtoff = 0;
		return s + 1;
	}
	if (*s != '+' && *s != '-')
		return NULL;
	bool neg = *s++ == '-';
	while (n < 4 && *s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		if (++n == 2 && *s == ':' && isdigit((unsigned char)s[1]))
			s++;
	}
	if (n == 2)
		v *= 100;
	else if (n != 4 || v % 100 >= 60)
		return NULL;
	tm->tm_gmtoff = (v / 100) * 3600L + (v % 100) * 60L;
	if (neg)
		tm->tm_gmtoff = -tm->tm_gmtoff;
	return s;
}

/* One conversion c (after any E or O modifier): where it ends, or NULL. */
static const char *convert(const char *s, char c, struct tm *tm,
			   struct seen *st)
{
	int v;

	switch (c) {
	case '%':
		return *s == '%' ? s + 1 : NULL;
	case 'a':
	case 'A':
		s = name(s, osv_c_days, osv_c_abdays, 7, &tm->tm_wday);
		st->have_wday = true;
		return s;
	case 'b':
	case 'B':
	case 'h':
		s = name(s, osv_c_months, osv_c_abmonths, 12, &tm->tm_mon);
		st->have_mon = st->want_xday = true;
		return s;
	case 'c':
		st->want_xday = true;
		return parse(s, "%a %b %e %H:%M:%S %Y", tm, st);
	case 'C':
		if ((s = number(s, 0, 99, 2, &v))) {
			st->century = v;
			st->want_xday = true;
		}
		return s;
	case 'd':
	case 'e':
		if ((s = number(s, 1, 31, 2, &tm->tm_mday)))
			st->have_mday = st->want_xday = true;
		return s;
	case 'D':
	case 'x':
		st->want_xday = true;
		return parse(s, "%m/%d/%y", tm, st);
	case 'F':
		st->want_xday = true;
		return parse(s, "%Y-%m-%d", tm, st);
	case 'g':
	case 'V':
		return number(s, 0, c == 'g' ? 99 : 53, 2, &v); /* ignored */
	case 'G':
		if (*s < '0' || *s > '9')
			return NULL;
		while (*s >= '0' && *s <= '9')
			s++; /* ignored, as by glibc */
		return s;
	case 'H':
	case 'k':
		if ((s = number(s, 0, 23, 2, &tm->tm_hour)))
			st->have_I = false;
		return s;
	case 'I':
	case 'l':
		if ((s = number(s, 1, 12, 2, &v))) {
			tm->tm_hour = v % 12;
			st->have_I = true;
		}
		return s;
	case 'j':
		if ((s = number(s, 1, 366, 3, &v))) {
			tm->tm_yday = v - 1;
			st->have_yday = true;
		}
		return s;
	case 'm':
		if ((s = number(s, 1, 12, 2, &v))) {
			tm->tm_mon = v - 1;
			st->have_mon = st->want_xday = true;
		}
		return s;
	case 'M':
		return number(s, 0, 59, 2, &tm->tm_min);
	case 'n':
	case 't':
		return skip_space(s);
	case 'p':
		return am_pm(s, st);
	case 'r':
		return parse(s, "%I:%M:%S %p", tm, st);
	case 'R':
		return parse(s, "%H:%M", tm, st);
	case 's':
		return epoch_seconds(s, tm);
	case 'S':
		return number(s, 0, 61, 2, &tm->tm_sec);
	case 'T':
	case 'X':
		return parse(s, "%H:%M:%S", tm, st);
	case 'u':
		if ((s = number(s, 1, 7, 1, &v))) {
			tm->tm_wday = v % 7;
			st->have_wday = true;
		}
		return s;
	case 'U':
	case 'W':
		if ((s = number(s, 0, 53, 2, &st->week_no))) {
			st->have_uweek = c == 'U';
			st->have_wweek = c == 'W';
		}
		return s;
	case 'w':
		if ((s = number(s, 0, 6, 1, &tm->tm_wday)))
			st->have_wday = true;
		return s;
	case 'y':
		if ((s = number(s, 0, 99, 2, &v))) {
			tm->tm_year = v >= 69 ? v : v + 100;
			st->want_century = st->want_xday = true;
		}
		return s;
	case 'Y':
		if ((s = number(s, 0, 9999, 4, &v))) {
			tm->tm_year = v - 1900;
			st->want_century = false;
			st->want_xday = true;
		}
		return s;
	case 'z':
		return utc_offset(s, tm);
	case 'Z':
		/* The zone's name is read past, not used (glibc's rule). */
		s = skip_space(s);
		while (*s && !isspace((unsigned char)*s))
			s++;
		return s;
	default:
		return NULL;
	}
}

/* The conversions E and O may modify in the C locale (glibc's sets). */
static bool modifiable(char mod, char c)
{
	return strchr(mod == 'E' ? "cCxXyY" : "bBhdeHImMSUWVwy", c) != NULL;
}

static const char *parse(const char *s, const char *fmt, struct tm *tm,
			 struct seen *st)
{
	while (*fmt) {
		if (isspace((unsigned char)*fmt)) {
			s = skip_space(s);
			fmt++;
			continue;
		}
		if (*fmt != '%') {
			if (*s != *fmt)
				return NULL;
			s++;
			fmt++;
			continue;
		}
		fmt++;
		/* strftime's flags and field widths mean nothing here */
		while (*fmt && strchr("-_0^#", *fmt))
			fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			fmt++;
		char c = *fmt++;
		if (c == 'E' || c == 'O') {
			char m = c;
			c = *fmt++;
			/* glibc's %Ey needs an era, which the C locale lacks */
			if (!c || !modifiable(m, c) || (m == 'E' && c == 'y'))
				return NULL;
		}
		if (!c || !(s = convert(s, c, tm, st)))
			return NULL;
	}
	return s;
}

static int days_before_month(int year, int mon)
{
	return (int)(osv_days_from_civil(year, mon + 1, 1) -
		     osv_days_from_civil(year, 1, 1));
}

/*
 * The weekday of the date in tm, counted from 1970-01-01 (a Thursday)
 * with glibc's arithmetic: leap days by truncating division of the year
 * before March, which agrees with the calendar from year 1 on and gives
 * glibc's answers for year 0 and before.
 */
static void set_wday(struct tm *tm)
{
	long long year = 1900LL + tm->tm_year - (tm->tm_mon < 2);
	long long quads = year / 4, centuries = quads / 25;
	long long days = 365LL * (tm->tm_year - 70) + quads - centuries +
			 (quads % 25 < 0) + centuries / 4 +
			 days_before_month(1970, tm->tm_mon) + tm->tm_mday - 1 -
			 473;
	tm->tm_wday = (int)((days % 7 + 7) % 7);
}

/* The month and day of tm_yday, for those not given. */
static void set_date_from_yday(struct tm *tm, const struct seen *st)
{
	int year = 1900 + tm->tm_year, mon = 0;

	while (mon < 11 && days_before_month(year, mon + 1) <= tm->tm_yday)
		mon++;
	if (!st->have_mon)
		tm->tm_mon = mon;
	if (!st->have_mday)
		tm->tm_mday = tm->tm_yday - days_before_month(year, mon) + 1;
}

static void derive(struct tm *tm, struct seen *st)
{
	if (st->have_I && st->is_pm)
		tm->tm_hour += 12;
	if (st->century != -1)
		tm->tm_year = st->want_century
				  ? tm->tm_year % 100 + (st->century - 19) * 100
				  : (st->century - 19) * 100;
	if (st->want_xday && !st->have_wday) {
		if (!(st->have_mon && st->have_mday) && st->have_yday) {
			set_date_from_yday(tm, st);
			st->have_mon = st->have_mday = true;
		}
		if (tm->tm_year >= -1900 && (unsigned)tm->tm_mon <= 11)
			set_wday(tm);
	}
	if (st->want_xday && !st->have_yday && (unsigned)tm->tm_mon <= 11)
		tm->tm_yday =
		    days_before_month(1900 + tm->tm_year, tm->tm_mon) +
		    tm->tm_mday - 1;
	if ((st->have_uweek || st->have_wweek) && st->have_wday) {
		int wday = tm->tm_wday, mday = tm->tm_mday, mon = tm->tm_mon;
		int offset = st->have_uweek ? 0 : 1;
		tm->tm_mday = 1;
		tm->tm_mon = 0;
		set_wday(tm); /* of January 1st */
		if (st->have_mday)
			tm->tm_mday = mday;
		if (st->have_mon)
			tm->tm_mon = mon;
		if (!st->have_yday)
			tm->tm_yday = (7 - (tm->tm_wday - offset)) % 7 +
				      (st->week_no - 1) * 7 +
				      (wday - offset + 7) % 7;
		if (!st->have_mday || !st->have_mon)
			set_date_from_yday(tm, st);
		tm->tm_wday = wday;
	}
}

char *strptime(const char *restrict s, const char *restrict fmt,
	       struct tm *restrict tm)
{
	struct seen st = {.century = -1};

	s = parse(s, fmt, tm, &st);
	if (s)
		derive(tm, &st);
	return (char *)s;
}
