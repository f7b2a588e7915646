/*
 * strftime in the C locale, output for output what glibc 2.36 writes,
 * quirks included: every piece a conversion emits is padded to the
 * field width on its own (so "%10z" pads the sign and the digits), the
 * pad is zeros under the 0 flag and spaces otherwise, numbers pad their
 * digits with zeros (spaces under _, %e, %k and %l; not at all under -),
 * years (%Y, %G, %C) get no minimum number of digits and wrap like
 * ints, %s pads like a string, and an unknown conversion is copied out
 * whole (upper-cased under ^).  Composite conversions (%c, %D, ...)
 * are formatted first and then padded and cased as one piece.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "program_vars.h"
#include "time_impl.h"

struct out {
	char *p;
	size_t len, max;
	bool full; /* something did not fit */
};

/* One conversion's flags. */
struct spec {
	char pad;    /* 0, '_', '-' or '0' */
	bool upcase; /* ^ */
	bool swap;   /* # */
	long width;  /* -1 when absent */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->max)
		o->p[o->len] = c;
	else
		o->full = true;
	o->len++;
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* A piece of output, padded to the width; case: 'u', 'l' or 0. */
static void emit(struct out *o, const struct spec *sp, const char *s, size_t n,
		 char to_case)
{
	for (long i = (long)n; i < sp->width; i++)
		put(o, sp->pad == '0' ? '0' : ' ');
	for (size_t i = 0; i < n; i++)
		put(o, to_case == 'u'	? upper(s[i])
		       : to_case == 'l' ? lower(s[i])
					: s[i]);
}

/*
 * A number with at least `digits` characters (sign included), padded
 * with zeros, or spaces when space_pad or the _ flag asks; the - flag
 * drops that padding, and the width then pads with spaces.
 */
static void emit_number(struct out *o, const struct spec *sp, int digits,
			bool space_pad, long long v)
{
	char buf[32], *end = buf + sizeof(buf), *p = end;
	unsigned long long u =
	    v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	long want = sp->width > digits ? sp->width : digits;
	if (sp->pad == '-')
		want = 0;
	char fill = sp->pad == '_' || (space_pad && sp->pad != '0') ? ' ' : '0';
	long len = (long)(end - p) + (v < 0);
	if (fill == '0') {
		for (; len < want; len++)
			*--p = '0';
		if (v < 0)
			*--p = '-';
	} else {
		if (v < 0)
			*--p = '-';
		for (; len < want; len++)
			*--p = ' ';
	}
	emit(o, sp, p, (size_t)(end - p), 0);
}

/* A name, cased by ^ (upper) or # (upper, or lower for %p and %Z). */
static void emit_name(struct out *o, const struct spec *sp, const char *s,
		      bool swap_lowers)
{
	char to_case = sp->upcase ? 'u' : 0;
	if (sp->swap)
		to_case = swap_lowers ? 'l' : 'u';
	emit(o, sp, s, strlen(s), to_case);
}

static const char *name(const char *const *names, int n, int i)
{
	return i >= 0 && i < n ? names[i] : "?";
}

/* In int arithmetic, wrapping past INT_MAX as glibc's does. */
static long long year_of(const struct tm *tm)
{
	return (int)((unsigned)tm->tm_year + 1900u);
}

static int mod7(long long v)
{
	return (int)((v % 7 + 7) % 7);
}

/*
 * Days since the Monday of ISO week 1 (the week with the year's first
 * Thursday) for day yday of a year, given that day's weekday.
 */
static long long iso_week_days(long long yday, int wday)
{
	int jan1 = mod7((long long)wday + 6 - yday); /* Monday = 0 */
	return yday + (jan1 <= 3 ? jan1 : jan1 - 7);
}

/*
 * ISO 8601 week number and week-based year from tm_yday and tm_wday
 * alone, with the year in int arithmetic, as glibc computes them.
 */
static int iso_week(const struct tm *tm, long long *year)
{
	int y = (int)((unsigned)tm->tm_year + 1900u);
	long long yday = tm->tm_yday;
	long long days = iso_week_days(yday, tm->tm_wday);
	if (days < 0) {
		y--;
		days =
		    iso_week_days(yday + (is_leap(y) ? 366 : 365), tm->tm_wday);
	} else {
		long long next =
		    iso_week_days(yday - (is_leap(y) ? 366 : 365), tm->tm_wday);
		if (next >= 0) {
			y++;
			days = next;
		}
	}
	*year = y;
	return (int)(days / 7 + 1);
}

static size_t format(char *s, size_t max, const char *fmt, const struct tm *tm);

/* A conversion defined as a format of others, padded and cased whole. */
static void emit_composite(struct out *o, const struct spec *sp,
			   const char *fmt, const struct tm *tm)
{
	char buf[128];
	size_t n = format(buf, sizeof(buf), fmt, tm);
	emit(o, sp, buf, n, sp->upcase ? 'u' : 0);
}

/* %z: the sign and the digits are two pieces, each padded (glibc). */
static void emit_offset(struct out *o, const struct spec *sp,
			const struct tm *tm)
{
	if (tm->tm_isdst < 0)
		return;
	long off = tm->tm_gmtoff;
	emit(o, sp, off < 0 ? "-" : "+", 1, 0);
	off = off < 0 ? -off : off;
	off /= 60;
	emit_number(o, sp, 4, false, off / 60 * 100 + off % 60);
}

static void emit_zone(struct out *o, const struct spec *sp, const struct tm *tm)
{
	const char *zone = tm->tm_zone;
	if (!zone && tm->tm_isdst >= 0) {
		osv_tz_lock();
		osv_tz_update();
		zone = TZNAME[tm->tm_isdst > 0];
		osv_tz_unlock();
	}
	if (!zone)
		zone = "";
	emit_name(o, sp, zone, true);
}

/*
 * %s: the broken-down time read as local time, as mktime does; padded
 * as a string, so zeros go before a minus sign (glibc).
 */
static void emit_epoch(struct out *o, const struct spec *sp,
		       const struct tm *tm)
{
	struct tm copy = *tm;
	long long t = mktime(&copy);
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u =
	    t < 0 ? -(unsigned long long)t : (unsigned long long)t;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (t < 0)
		*--p = '-';
	emit(o, sp, p, (size_t)(buf + sizeof(buf) - p), 0);
}

/* As glibc: 12 taken off once, not modulo (hour 25 reads 13). */
static int hour12(const struct tm *tm)
{
	int h = tm->tm_hour > 12 ? tm->tm_hour - 12 : tm->tm_hour;
	return h ? h : 12;
}

/* The numeric conversions; false if c is none of them. */
static bool convert_number(struct out *o, const struct spec *sp, char c,
			   const struct tm *tm)
{
	long long y = year_of(tm), iso_year;
	switch (c) {
	case 'C':
		emit_number(o, sp, 1, false, floor_div(y, 100));
		return true;
	case 'd':
		emit_number(o, sp, 2, false, tm->tm_mday);
		return true;
	case 'e':
		emit_number(o, sp, 2, true, tm->tm_mday);
		return true;
	case 'G':
		iso_week(tm, &iso_year);
		emit_number(o, sp, 1, false, iso_year);
		return true;
	case 'g':
		iso_week(tm, &iso_year);
		emit_number(o, sp, 2, false, (iso_year % 100 + 100) % 100);
		return true;
	case 'H':
		emit_number(o, sp, 2, false, tm->tm_hour);
		return true;
	case 'I':
		emit_number(o, sp, 2, false, hour12(tm));
		return true;
	case 'j':
		emit_number(o, sp, 3, false, (long long)tm->tm_yday + 1);
		return true;
	case 'k':
		emit_number(o, sp, 2, true, tm->tm_hour);
		return true;
	case 'l':
		emit_number(o, sp, 2, true, hour12(tm));
		return true;
	case 'm':
		emit_number(o, sp, 2, false, (long long)tm->tm_mon + 1);
		return true;
	case 'M':
		emit_number(o, sp, 2, false, tm->tm_min);
		return true;
	case 'S':
		emit_number(o, sp, 2, false, tm->tm_sec);
		return true;
	case 'u':
		emit_number(o, sp, 1, false,
			    mod7((long long)tm->tm_wday + 6) + 1);
		return true;
	case 'U': /* C's truncating division, as glibc */
		emit_number(o, sp, 2, false,
			    ((long long)tm->tm_yday - tm->tm_wday + 7) / 7);
		return true;
	case 'V':
		emit_number(o, sp, 2, false, iso_week(tm, &iso_year));
		return true;
	case 'w':
		emit_number(o, sp, 1, false, tm->tm_wday);
		return true;
	case 'W':
		emit_number(o, sp, 2, false,
			    ((long long)tm->tm_yday -
			     ((long long)tm->tm_wday - 1 + 7) % 7 + 7) /
				7);
		return true;
	case 'y': /* from tm_year, which cannot overflow like the year */
		emit_number(o, sp, 2, false, (tm->tm_year % 100 + 100) % 100);
		return true;
	case 'Y':
		emit_number(o, sp, 1, false, y);
		return true;
	}
	return false;
}

/* The other conversions; false if c is none of them. */
static bool convert_text(struct out *o, const struct spec *sp, char c,
			 const struct tm *tm)
{
	switch (c) {
	case 'a':
		emit_name(o, sp, name(osv_c_abdays, 7, tm->tm_wday), false);
		return true;
	case 'A':
		emit_name(o, sp, name(osv_c_days, 7, tm->tm_wday), false);
		return true;
	case 'b':
	case 'h':
		emit_name(o, sp, name(osv_c_abmonths, 12, tm->tm_mon), false);
		return true;
	case 'B':
		emit_name(o, sp, name(osv_c_months, 12, tm->tm_mon), false);
		return true;
	case 'p':
		emit_name(o, sp, tm->tm_hour < 12 ? "AM" : "PM", true);
		return true;
	case 'P':
		emit(o, sp, tm->tm_hour < 12 ? "am" : "pm", 2, 0);
		return true;
	case 'c':
		emit_composite(o, sp, "%a %b %e %H:%M:%S %Y", tm);
		return true;
	case 'D':
	case 'x':
		emit_composite(o, sp, "%m/%d/%y", tm);
		return true;
	case 'F':
		emit_composite(o, sp, "%Y-%m-%d", tm);
		return true;
	case 'r':
		emit_composite(o, sp, "%I:%M:%S %p", tm);
		return true;
	case 'R':
		emit_composite(o, sp, "%H:%M", tm);
		return true;
	case 'T':
	case 'X':
		emit_composite(o, sp, "%H:%M:%S", tm);
		return true;
	case 'n':
		emit(o, sp, "\n", 1, 0);
		return true;
	case 't':
		emit(o, sp, "\t", 1, 0);
		return true;
	case '%':
		emit(o, sp, "%", 1, 0);
		return true;
	case 's':
		emit_epoch(o, sp, tm);
		return true;
	case 'z':
		emit_offset(o, sp, tm);
		return true;
	case 'Z':
		emit_zone(o, sp, tm);
		return true;
	}
	return false;
}

/* glibc ignores E and O except on the conversions that reject them. */
static bool modifier_allowed(char mod, char c)
{
	if (!mod)
		return true;
	return !strchr(mod == 'E' ? "aAbBdDeFgGhHIjklmMSUVwW" : "aAcDFxXY", c);
}

/*
 * Parses the flags, width and modifier after '%' at *fp, then converts;
 * a conversion glibc does not know is copied out as written.
 */
static void conversion(struct out *o, const char **fp, const struct tm *tm)
{
	const char *start = *fp, *f = start + 1;
	struct spec sp = {0, false, false, -1};
	for (;; f++) {
		if (*f == '_' || *f == '-' || *f == '0')
			sp.pad = *f;
		else if (*f == '^')
			sp.upcase = true;
		else if (*f == '#')
			sp.swap = true;
		else
			break;
	}
	if (*f >= '1' && *f <= '9') {
		sp.width = 0;
		for (; *f >= '0' && *f <= '9'; f++)
			if (sp.width < 100000)
				sp.width = sp.width * 10 + (*f - '0');
	}
	char mod = *f == 'E' || *f == 'O' ? *f++ : 0;
	char c = *f;
	*fp = *f ? f + 1 : f;
	if (c && modifier_allowed(mod, c) &&
	    (convert_number(o, &sp, c, tm) || convert_text(o, &sp, c, tm)))
		return;
	/* glibc has already applied # (as upper case) to %b and %h here. */
	bool upcase = sp.upcase || (sp.swap && strchr("bBh", c) && c);
	emit(o, &sp, start, (size_t)(*fp - start), upcase ? 'u' : 0);
}

static size_t format(char *s, size_t max, const char *fmt, const struct tm *tm)
{
	struct out o = {s, 0, max, false};
	for (const char *f = fmt; *f;) {
		if (*f == '%')
			conversion(&o, &f, tm);
		else
			put(&o, *f++);
	}
	if (o.full || !max)
		return 0;
	s[o.len] = '\0';
	return o.len;
}

size_t strftime(char *restrict s, size_t max, const char *restrict fmt,
		const struct tm *restrict tm)
{
	return format(s, max, fmt, tm);
}
