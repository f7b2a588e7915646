/*
 * mktime, resolving local times the way glibc's mktime does (its
 * published heuristics, reimplemented):
 *  - the offset is found by iterating from the offset of the previous
 *    call's result, so in the hour that happens twice the reading closest
 *    to the previous result wins;
 *  - in a time that never happens (a gap) the time is read with one of
 *    the offsets on either side (see solve), or refused (EOVERFLOW);
 *  - elsewhere, when tm_isdst disagrees with the time found, a time
 *    with the asked tm_isdst is looked for within about seven years
 *    either way, in steps of a week, and its offset used; if there is
 *    none, one hour is added or taken off;
 *  - seconds outside 0..59 are added after all that.
 */
#include <errno.h>
#include <time.h>

#include "time_impl.h"

#define PROBE_STRIDE 601200L
#define PROBE_BOUND (457243200L / 2 + PROBE_STRIDE)

/* The previous result's offset: where the next search starts. */
static long previous_offset;

/*
 * Each probe is a localtime_r in glibc's mktime, which names the period
 * it reads in tzname: after a call that fails, tzname is the last
 * probe's.
 */
static void probe(long long t, struct tz_reading *r)
{
	osv_tz_read(t, r);
	osv_tz_note_reading(t);
}

/* Seconds east of UTC in effect at t, leap seconds taken off. */
static long offset_at(long long t)
{
	struct tz_reading r;
	probe(t, &r);
	return r.east - r.leap;
}

static bool is_dst(long long t)
{
	struct tz_reading r;
	probe(t, &r);
	return r.isdst;
}

/*
 * The time whose local reading is `local`, by successive corrections
 * from the previous result's offset.  In a gap the corrections swing
 * between two times; like glibc, the first return to a time that fits
 * ends the search (*gap set): one whose tm_isdst differs from the one
 * asked for, or when none is asked for, either unless only the other is
 * daylight time.  false after six tries, as glibc.
 */
static bool solve(long long local, int isdst, long long *t, bool *gap)
{
	long long now = local - previous_offset, last = now, before_last = now;
	bool last_dst = false;
	for (int tries = 6; tries > 0; tries--) {
		struct tz_reading r;
		probe(now, &r);
		long long error = local - (now + r.east - r.leap);
		*gap = error != 0;
		if (!*gap) {
			*t = now;
			return true;
		}
		bool fits =
		    isdst < 0 ? !last_dst || r.isdst : r.isdst != (isdst > 0);
		if (now == before_last && now != last && fits) {
			*t = now;
			return true;
		}
		before_last = last;
		last = now;
		last_dst = r.isdst;
		now += error;
	}
	return false;
}

/* tm_isdst asked for one thing, t is the other: look nearby. */
static long long fix_isdst(long long local, long long t, int isdst)
{
	bool want = isdst > 0;
	for (long delta = PROBE_STRIDE; delta < PROBE_BOUND;
	     delta += PROBE_STRIDE) {
		for (int dir = -1; dir <= 1; dir += 2) {
			long long probe = t + dir * delta;
			if (is_dst(probe) == want)
				return local - offset_at(probe);
		}
	}
	return want ? t - 3600 : t + 3600;
}

static time_t mktime_locked(struct tm *tm)
{
	long long local, t;
	bool gap;
	struct tm out, clamped = *tm;
	osv_tz_update();
	clamped.tm_sec = tm->tm_sec < 0 ? 0 : tm->tm_sec > 59 ? 59 : tm->tm_sec;
	if (!osv_tm_to_seconds(&clamped, &local) ||
	    local > 0x7fffffffffffffffLL - 200000 ||
	    local < -0x7fffffffffffffffLL + 200000 ||
	    !solve(local, tm->tm_isdst, &t, &gap)) {
		errno = EOVERFLOW;
		return -1;
	}
	if (!gap && tm->tm_isdst >= 0 && is_dst(t) != (tm->tm_isdst > 0))
		t = fix_isdst(local, t, tm->tm_isdst);
	previous_offset = (long)(local - t);
	if (__builtin_add_overflow(t, (long long)tm->tm_sec - clamped.tm_sec,
				   &t) ||
	    !osv_localtime_at(t, &out)) {
		errno = EOVERFLOW;
		return -1;
	}
	*tm = out;
	return t;
}

time_t mktime(struct tm *tm)
{
	osv_tz_lock();
	time_t t = mktime_locked(tm);
	osv_tz_unlock();
	return t;
}

LIBC_ALIAS(mktime, timelocal);
