/*
 * mktime, resolving local times the way glibc's mktime does (its
 * published heuristics, reimplemented):
 *  - the offset is found by iterating from the offset of the previous
 *    call's result, so in the hour that happens twice the reading closest
 *    to the previous result wins;
 *  - in the hour that never happens the time is read with the offset the
 *    caller asked for (tm_isdst > 0: daylight, else standard);
 *  - when tm_isdst disagrees with the time found, a time with the asked
 *    tm_isdst is looked for within about seven years either way, in
 *    steps of a week, and its offset used; if there is none, one hour is
 *    added or taken off;
 *  - seconds outside 0..59 are added after all that.
 */
#include <errno.h>
#include <time.h>

#include "time_impl.h"

#define PROBE_STRIDE 601200L
#define PROBE_BOUND (457243200L / 2 + PROBE_STRIDE)

/* The previous result's offset: where the next search starts. */
static long previous_offset;

/* Seconds east of UTC in effect at t. */
static long offset_at(long long t)
{
	return -(osv_tz_is_dst(t) ? osv_tz.dst_offset : osv_tz.std_offset);
}

/* The time whose local reading is `local`, starting from a guess. */
static long long solve(long long local, int isdst)
{
	long first = offset_at(local - previous_offset);
	long second = offset_at(local - first);
	if (second == first)
		return local - first;
	if (offset_at(local - second) == second)
		return local - second;
	/* A gap: neither offset reads back; take the one asked for. */
	return local + (isdst > 0 ? osv_tz.dst_offset : osv_tz.std_offset);
}

/* tm_isdst asked for one thing, t is the other: look nearby. */
static long long fix_isdst(long long local, long long t, int isdst)
{
	bool want = isdst > 0;
	for (long delta = PROBE_STRIDE; delta < PROBE_BOUND;
	     delta += PROBE_STRIDE) {
		for (int dir = -1; dir <= 1; dir += 2) {
			long long probe = t + dir * delta;
			if (osv_tz_is_dst(probe) == want)
				return local - offset_at(probe);
		}
	}
	return want ? t - 3600 : t + 3600;
}

time_t mktime(struct tm *tm)
{
	long long local, t;
	struct tm out, clamped = *tm;
	osv_tz_update();
	clamped.tm_sec = tm->tm_sec < 0 ? 0 : tm->tm_sec > 59 ? 59 : tm->tm_sec;
	if (!osv_tm_to_seconds(&clamped, &local) ||
	    local > 0x7fffffffffffffffLL - 200000 ||
	    local < -0x7fffffffffffffffLL + 200000) {
		errno = EOVERFLOW;
		return -1;
	}
	t = solve(local, tm->tm_isdst);
	if (tm->tm_isdst >= 0 && osv_tz_is_dst(t) != (tm->tm_isdst > 0))
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

LIBC_ALIAS(mktime, timelocal);
