/*
 * Time-zone files (TZif, RFC 8536): read whole into memory, checked once
 * so that no later lookup can leave the buffer, then searched in place.
 * Of a version 2+ file only the 64-bit block and the footer are used.
 * Readings follow glibc's where it departs from the RFC: before the
 * first transition the first standard-time type applies, after the last
 * the footer's TZ rule does (with no leap-second correction).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "time_impl.h"

#define HEADER_SIZE 44
#define MAX_FILE_SIZE (1 << 20)

static struct {
	unsigned char *data;
	const unsigned char *times, *type_idx, *types, *abbrs, *leaps;
	uint32_t ntimes, ntypes, nchars, nleaps;
	uint32_t names_len; /* of the names the types use, NULs included */
	int width;	    /* bytes of a time: 4 (version 1) or 8 */
	bool has_rule;	    /* the footer's, parsed into osv_tz */
} zone;

/* A big-endian signed number of n bytes. */
static long long get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	int unused = 64 - 8 * n;
	return (long long)(v << unused) >> unused;
}

/*
 * A regular file of at most MAX_FILE_SIZE bytes, plus a NUL; NULL for
 * anything else.  O_NONBLOCK because a FIFO's open waits for a writer,
 * and the type checked because a device or a FIFO need not ever end.
 */
static unsigned char *read_file(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	unsigned char *buf = NULL;
	size_t len = 0;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    st.st_size <= MAX_FILE_SIZE &&
	    (buf = malloc((size_t)st.st_size + 1))) {
		ssize_t n = 1;
		while (len < (size_t)st.st_size && n > 0) {
			n = read(fd, buf + len, (size_t)st.st_size - len);
			if (n > 0)
				len += (size_t)n;
		}
		if (n < 0) {
			free(buf);
			buf = NULL;
		}
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[len] = '\0'; /* the footer's end if it has no newline */
	*size = len;
	return buf;
}

/*
 * Lays out the data block after the header at p (end: the file's end)
 * and, if it is the one used, checks it; the address after it, or NULL
 * if the file is too short or the block inconsistent.
 */
static const unsigned char *map_block(const unsigned char *p,
				      const unsigned char *end, int width,
				      bool used)
{
	if (end - p < HEADER_SIZE || memcmp(p, "TZif", 4))
		return NULL;
	uint32_t isut = (uint32_t)get_be(p + 20, 4),
		 isstd = (uint32_t)get_be(p + 24, 4);
	zone.nleaps = (uint32_t)get_be(p + 28, 4);
	zone.ntimes = (uint32_t)get_be(p + 32, 4);
	zone.ntypes = (uint32_t)get_be(p + 36, 4);
	zone.nchars = (uint32_t)get_be(p + 40, 4);
	uint64_t len = (uint64_t)zone.ntimes * (width + 1) +
		       (uint64_t)zone.ntypes * 6 + zone.nchars +
		       (uint64_t)zone.nleaps * (width + 4) + isstd + isut;
	p += HEADER_SIZE;
	if (len > (uint64_t)(end - p))
		return NULL;
	if (!used)
		return p + len;
	if (zone.ntypes == 0 || zone.ntypes > 256 || zone.nchars == 0 ||
	    isstd > zone.ntypes || isut > zone.ntypes)
		return NULL;
	zone.width = width;
	zone.times = p;
	zone.type_idx = p + zone.ntimes * width;
	zone.types = zone.type_idx + zone.ntimes;
	zone.abbrs = zone.types + zone.ntypes * 6;
	zone.leaps = zone.abbrs + zone.nchars;
	for (uint32_t i = 0; i < zone.ntimes; i++)
		if (zone.type_idx[i] >= zone.ntypes)
			return NULL;
	zone.names_len = 0;
	for (uint32_t i = 0; i < zone.ntypes; i++) {
		const unsigned char *t = zone.types + i * 6, *nul;
		if (t[4] > 1 || t[5] >= zone.nchars ||
		    !(nul =
			  memchr(zone.abbrs + t[5], '\0', zone.nchars - t[5])))
			return NULL;
		uint32_t used = (uint32_t)(nul - zone.abbrs) + 1;
		if (used > zone.names_len)
			zone.names_len = used;
	}
	return p + len;
}

/*
 * The footer, "\nTZ\n" (the string ends at a newline, a NUL or the
 * file's end, which read_file made a NUL).  Like glibc, a file with
 * less than two bytes there is refused, and one without the first
 * newline, or with an empty string, has no rule.
 */
static bool read_footer(unsigned char *p, const unsigned char *end)
{
	zone.has_rule = false;
	if (end - p < 2)
		return false;
	if (p[0] != '\n' || p[1] == '\n' || !p[1])
		return true;
	char *spec = (char *)p + 1, *newline = strchr(spec, '\n');
	if (newline)
		*newline = '\0';
	osv_tz_parse(spec, &osv_tz);
	zone.has_rule = true;
	return true;
}

/*
 * tm_zone and tzname point at the names: a copy here outlives the file
 * (a later zone rewrites it, as TZ strings rewrite osv_tz's names, but
 * every byte of it stays followed by a NUL).  A file whose names need
 * more (tzdata's need under 60 bytes) is refused, not kept pointed into.
 */
static bool keep_names(void)
{
	static char names[256];
	if (zone.names_len > sizeof(names))
		return false;
	memcpy(names, zone.abbrs, zone.names_len);
	zone.abbrs = (const unsigned char *)names;
	return true;
}

static void unload(void)
{
	free(zone.data);
	zone.data = NULL;
}

bool osv_tzfile_load(const char *path)
{
	size_t size;
	unload();
	unsigned char *data = read_file(path, &size);
	if (!data)
		return false;
	bool v1 = size > 4 && !data[4];
	const unsigned char *end = data + size,
			    *p = map_block(data, end, 4, v1);
	if (p && !v1) /* version 2+: the 64-bit block follows */
		p = map_block(p, end, 8, true);
	zone.has_rule = false;
	if (!p || (!v1 && !read_footer((unsigned char *)p, end)) ||
	    !keep_names()) {
		free(data);
		return false;
	}
	zone.data = data;
	return true;
}

bool osv_tzfile_loaded(void)
{
	return zone.data != NULL;
}

static const unsigned char *type_at(uint32_t i)
{
	return zone.types + i * 6;
}

static long long time_at(uint32_t i)
{
	return get_be(zone.times + i * zone.width, zone.width);
}

/* The first standard-time type, or type 0 if all are daylight time. */
static uint32_t first_standard_type(void)
{
	for (uint32_t i = 0; i < zone.ntypes; i++)
		if (!type_at(i)[4])
			return i;
	return 0;
}

static void read_type(uint32_t type, struct tz_reading *r)
{
	const unsigned char *t = type_at(type);
	r->east = (long)get_be(t, 4);
	r->isdst = t[4];
	r->name = (const char *)zone.abbrs + t[5];
}

/* The leap seconds elapsed at t, and whether t is one being inserted. */
static void read_leaps(long long t, struct tz_reading *r)
{
	const unsigned char *rec = NULL, *prev = NULL;
	int size = zone.width + 4;
	uint32_t i = 0;
	for (; i < zone.nleaps; i++) {
		const unsigned char *l = zone.leaps + i * size;
		if (get_be(l, zone.width) > t)
			break;
		prev = rec;
		rec = l;
	}
	if (!rec)
		return;
	r->leap = (long)get_be(rec + zone.width, 4);
	long before = prev ? (long)get_be(prev + zone.width, 4) : 0;
	if (get_be(rec, zone.width) != t || r->leap <= before)
		return;
	/* Consecutive inserted seconds all end at this one. */
	for (r->leap_hit = 1, i--; i > 0; i--, r->leap_hit++) {
		const unsigned char *l = zone.leaps + i * size, *e = l - size;
		if (get_be(l, zone.width) != get_be(e, zone.width) + 1 ||
		    get_be(l + zone.width, 4) != get_be(e + zone.width, 4) + 1)
			break;
	}
}

/* How many transitions are at or before t. */
static uint32_t transitions_until(long long t)
{
	uint32_t lo = 0, hi = zone.ntimes;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (time_at(mid) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether the footer's rule, not the transitions, says what t is. */
static bool ruled(uint32_t until)
{
	return until && until == zone.ntimes && zone.has_rule;
}

void osv_tzfile_read(long long t, struct tz_reading *r)
{
	uint32_t until = transitions_until(t);

	r->leap = 0;
	r->leap_hit = 0;
	if (ruled(until)) {
		osv_tz_rule_read(t, r);
		return;
	}
	read_type(until ? zone.type_idx[until - 1] : first_standard_type(), r);
	read_leaps(t, r);
}

/*
 * Before the first transition: the first standard type's name, and the
 * first daylight type's (glibc's reading of the types' order).
 */
static void names_before_first(const char *names[2])
{
	struct tz_reading r;

	read_type(first_standard_type(), &r);
	names[0] = r.name;
	for (uint32_t i = 0; i < zone.ntypes && !names[1]; i++) {
		read_type(i, &r);
		if (r.isdst)
			names[1] = r.name;
	}
}

bool osv_tzfile_names_at(long long t, const char *names[2])
{
	uint32_t until = transitions_until(t);

	names[0] = names[1] = NULL;
	if (ruled(until))
		return false;
	if (!until)
		names_before_first(names);
	for (uint32_t i = until ? until - 1 : zone.ntimes;
	     i < zone.ntimes && !(names[0] && names[1]); i++) {
		struct tz_reading r;
		read_type(zone.type_idx[i], &r);
		if (!names[r.isdst])
			names[r.isdst] = r.name;
	}
	if (!names[0])
		names[0] = names[1];
	if (!names[1])
		names[1] = names[0];
	return true;
}

/*
 * tzset's variables as glibc sets them from a file: each name is that
 * of the last transition to a type of its kind (the first type's if
 * none), each offset that of the last transition to its kind.
 */
void osv_tzfile_summary(const char *names[2], long *std_east, long *dst_east)
{
	bool offset_seen[2] = {false, false};
	long east[2] = {0, 0};
	names[0] = names[1] = NULL;
	for (uint32_t i = zone.ntimes; i-- > 0;) {
		struct tz_reading r;
		read_type(zone.type_idx[i], &r);
		if (!names[r.isdst])
			names[r.isdst] = r.name;
		if (!offset_seen[r.isdst]) {
			offset_seen[r.isdst] = true;
			east[r.isdst] = r.east;
		}
	}
	if (!names[0])
		names[0] = (const char *)zone.abbrs;
	if (!names[1])
		names[1] = names[0];
	if (!zone.ntimes) {
		struct tz_reading r;
		read_type(0, &r);
		east[0] = r.east;
	}
	*std_east = east[0];
	*dst_east = offset_seen[1] ? east[1] : east[0];
}
