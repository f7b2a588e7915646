/*
 * The time zone from the TZ variable (see time_impl.h).  Like glibc,
 * every value is first looked for as a file (TZ="" as "Universal", a
 * leading ':' dropped, unset as /etc/localtime), then read as a POSIX
 * string.  Of that string, like glibc: hours clamp at 24, a zone without
 * daylight saving has its standard name in both tzname entries, a DST zone
 * without a rule uses the US one (M3.2.0,M11.1.0), and a string that does not
 * parse leaves UTC with whatever names were read.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "program_vars.h"
#include "time_impl.h"

struct tz_state osv_tz = {"GMT", "GMT", 0, 0, false, {0}, {0}};

char *__tzname[2] = {osv_tz.std_name, osv_tz.dst_name};
int __daylight;
long __timezone;
LIBC_ALIAS(__tzname, tzname);
LIBC_ALIAS(__daylight, daylight);
LIBC_ALIAS(__timezone, timezone);

char **osv_tzname_var = __tzname;
long *osv_timezone_var = &__timezone;
int *osv_daylight_var = &__daylight;

#define DEFAULT_ZONE "/etc/localtime"

static bool initialized, last_unset;
/* TZ as last read, whole (NULL if unset, or if it could not be copied). */
static char *last_tz;
/* timezone and daylight as tzset set them from a file. */
static long file_west;
static int file_dst;

/* "XST" (letters) or "<+0530>" (letters, digits, signs): 3 or more. */
static const char *parse_name(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	if (*s == '<') {
		for (s++; isalnum((unsigned char)*s) || *s == '+' || *s == '-';
		     s++)
			if (n + 1 < cap)
				out[n++] = *s;
		if (*s++ != '>')
			return NULL;
	} else {
		for (; isalpha((unsigned char)*s); s++)
			if (n + 1 < cap)
				out[n++] = *s;
	}
	out[n] = '\0';
	return n >= 3 ? s : NULL;
}

static const char *parse_number(const char *s, long *v)
{
	if (!isdigit((unsigned char)*s))
		return NULL;
	for (*v = 0; isdigit((unsigned char)*s); s++)
		if (*v < 100000)
			*v = *v * 10 + (*s - '0');
	return s;
}

/* [+-]hh[:mm[:ss]] in seconds, hours clamped at max_hours. */
static const char *parse_hms(const char *s, long *secs, long max_hours)
{
	long h, m = 0, sec = 0;
	int sign = *s == '-' ? -1 : 1;
	if (*s == '-' || *s == '+')
		s++;
	if (!(s = parse_number(s, &h)))
		return NULL;
	if (*s == ':' && isdigit((unsigned char)s[1])) {
		s = parse_number(s + 1, &m);
		if (*s == ':' && isdigit((unsigned char)s[1]))
			s = parse_number(s + 1, &sec);
	}
	if (h > max_hours)
		h = max_hours;
	*secs =
	    sign * (h * 3600 + (m > 59 ? 59 : m) * 60 + (sec > 59 ? 59 : sec));
	return s;
}

/* ",Jn", ",n" or ",Mm.w.d", then an optional "/time". */
static const char *parse_rule(const char *s, struct tz_rule *r)
{
	long a, b, c;
	if (*s++ != ',')
		return NULL;
	r->kind = *s == 'J' || *s == 'M' ? *s++ : 'D';
	if (!(s = parse_number(s, &a)))
		return NULL;
	r->day = (int)a;
	if (r->kind == 'M') {
		if (*s++ != '.' || !(s = parse_number(s, &b)) || *s++ != '.' ||
		    !(s = parse_number(s, &c)))
			return NULL;
		r->month = (int)a;
		r->week = (int)b;
		r->day = (int)c;
	}
	r->time = 7200;
	if (*s == '/')
		s = parse_hms(s + 1, &r->time, 167);
	return s;
}

void osv_tz_parse(const char *tz, struct tz_state *z)
{
	static const struct tz_rule us_start = {'M', 0, 2, 3, 7200},
				    us_end = {'M', 0, 1, 11, 7200};
	memset(z, 0, sizeof(*z));
	strcpy(z->std_name, "UTC");
	strcpy(z->dst_name, "UTC");
	if (!*tz)
		return;
	const char *s = parse_name(tz, z->std_name, sizeof(z->std_name));
	if (!s) {
		z->std_name[0] = z->dst_name[0] = '\0';
		return;
	}
	z->dst_name[0] = '\0';
	if (!(s = parse_hms(s, &z->std_offset, 24)))
		return;
	strcpy(z->dst_name, z->std_name);
	if (!*s)
		return;
	if (!(s = parse_name(s, z->dst_name, sizeof(z->dst_name)))) {
		strcpy(z->dst_name, z->std_name);
		return;
	}
	z->has_dst = true;
	z->dst_offset = z->std_offset - 3600;
	if (*s && *s != ',')
		s = parse_hms(s, &z->dst_offset, 24);
	z->start = us_start;
	z->end = us_end;
	if (s && *s == ',' && (s = parse_rule(s, &z->start)))
		parse_rule(s, &z->end);
}

/*
 * Loads the file a TZ value names, relative ones under TZDIR.  The path
 * is not built with snprintf: the caller holds tz_lock, and a printf
 * handler the program registered could call localtime and deadlock.
 */
static bool load_zone_file(const char *name)
{
	char path[256];
	const char *dir = getenv("TZDIR");
	if (*name == '/')
		return osv_tzfile_load(name);
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	size_t dir_len = strlen(dir), name_len = strlen(name);
	if (dir_len + 1 + name_len >= sizeof(path))
		return false; /* as a truncated path would not be tried */
	memcpy(path, dir, dir_len);
	path[dir_len] = '/';
	memcpy(path + dir_len + 1, name, name_len + 1);
	return osv_tzfile_load(path);
}

/* The zone a TZ value (NULL: unset) names; tzname, west, daylight. */
static void select_zone(const char *tz, long *west, int *dst)
{
	const char *name = !tz ? DEFAULT_ZONE : !*tz ? "Universal" : tz;
	if (*name == ':')
		name++;
	if (load_zone_file(name)) {
		const char *names[2];
		long std_east, dst_east;
		osv_tzfile_summary(names, &std_east, &dst_east);
		TZNAME[0] = (char *)names[0];
		TZNAME[1] = (char *)names[1];
		*west = file_west = -std_east;
		*dst = file_dst = std_east != dst_east;
		return;
	}
	osv_tz_parse(strcmp(name, DEFAULT_ZONE) ? name : "", &osv_tz);
	TZNAME[0] = osv_tz.std_name;
	TZNAME[1] = osv_tz.dst_name;
	*west = osv_tz.std_offset;
	*dst = osv_tz.has_dst;
}

/* Whether TZ is still what was last read: tzset then has nothing to do. */
static bool tz_unchanged(const char *tz)
{
	if (!initialized || last_unset != !tz)
		return false;
	return !tz || (last_tz && !strcmp(tz, last_tz));
}

/* Without memory for the copy, TZ is read again every time. */
static void remember_tz(const char *tz)
{
	free(last_tz);
	last_tz = tz ? strdup(tz) : NULL;
	last_unset = !tz;
	initialized = true;
}

void osv_tz_update(void)
{
	const char *tz = getenv("TZ");
	if (tz_unchanged(tz))
		return;
	remember_tz(tz);
	long west;
	int dst;
	select_zone(tz, &west, &dst);
	TIMEZONE = west;
	DAYLIGHT = dst;
}

void osv_tz_rule_read(long long t, struct tz_reading *r)
{
	r->isdst = osv_tz_is_dst(&osv_tz, t);
	r->east = -(r->isdst ? osv_tz.dst_offset : osv_tz.std_offset);
	r->name = r->isdst ? osv_tz.dst_name : osv_tz.std_name;
	r->leap = 0;
	r->leap_hit = 0;
}

void osv_tz_note_reading(long long t)
{
	const char *names[2];

	if (!osv_tzfile_loaded())
		return;
	if (osv_tzfile_names_at(t, names)) {
		TZNAME[0] = (char *)names[0];
		TZNAME[1] = (char *)names[1];
		TIMEZONE = file_west;
		DAYLIGHT = file_dst;
		return;
	}
	TZNAME[0] = osv_tz.std_name;
	TZNAME[1] = osv_tz.dst_name;
	TIMEZONE = osv_tz.std_offset;
	DAYLIGHT = osv_tz.has_dst && osv_tz.dst_offset != osv_tz.std_offset;
}

void osv_tz_read(long long t, struct tz_reading *r)
{
	if (osv_tzfile_loaded())
		osv_tzfile_read(t, r);
	else
		osv_tz_rule_read(t, r);
}

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

void osv_tz_lock(void)
{
	pthread_mutex_lock(&tz_lock);
}

void osv_tz_unlock(void)
{
	pthread_mutex_unlock(&tz_lock);
}

void tzset(void)
{
	osv_tz_lock();
	osv_tz_update();
	osv_tz_unlock();
}
