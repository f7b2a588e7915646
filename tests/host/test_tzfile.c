/*
 * Time-zone files (TZif) against glibc, both reading the host's
 * /usr/share/zoneinfo: tzset's variables, localtime_r from 1900 to 2100
 * and at every change of offset (found by bisection on glibc's
 * readings), mktime with tm_isdst -1, 0 and 1 in the hours skipped and
 * repeated, strftime's %Z and %z, leap seconds (right/UTC), the ways TZ
 * names a file, and corrupted copies of a file: truncated, bytes
 * flipped, counts made absurd (no crash, the same fallback as glibc).
 * Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "difftest.h"
#include "tm_diff.h"

#define ZONEINFO "/usr/share/zoneinfo"

/*
 * The libc's allocations while tzset runs (the zone file's buffer) are
 * placed so that the block ends where an unreadable page begins, and a
 * freed block becomes unreadable: a read past a file's bytes, or of a
 * buffer freed since, faults (the test's failure, from the handler).
 * The link wraps malloc and free (local.mk); glibc's own are not.
 */
void *__real_malloc(size_t n);
void __real_free(void *p);
static bool guarded;
#define GUARD_SLOTS 16
#define DEAD_SLOTS 64
struct guard_block {
	char *base, *block;
	size_t span;
};
static struct guard_block live[GUARD_SLOTS], dead[DEAD_SLOTS];
static unsigned dead_next;

static void guard_fault(int sig)
{
	(void)sig;
	static const char msg[] = "not ok - read past a zone file's bytes "
				  "or of a freed buffer\n";
	(void)!write(1, msg, sizeof(msg) - 1);
	_exit(1);
}

void *__wrap_malloc(size_t n)
{
	if (!guarded)
		return __real_malloc(n);
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (n + page - 1) / page * page + page;
	for (int i = 0; i < GUARD_SLOTS; i++) {
		if (live[i].base)
			continue;
		char *base = mmap(NULL, span, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED)
			return NULL;
		mprotect(base + span - page, page, PROT_NONE);
		live[i] =
		    (struct guard_block){base, base + span - page - n, span};
		return live[i].block;
	}
	abort(); /* more live blocks than a zone load makes */
}

void __wrap_free(void *p)
{
	for (int i = 0; i < GUARD_SLOTS; i++) {
		if (!live[i].base || live[i].block != p)
			continue;
		mprotect(live[i].base, live[i].span, PROT_NONE);
		struct guard_block *d = &dead[dead_next++ % DEAD_SLOTS];
		if (d->base)
			munmap(d->base, d->span);
		*d = live[i];
		live[i].base = NULL;
		return;
	}
	__real_free(p);
}

static void osv_tzset_guarded(void)
{
	guarded = true;
	osv_tzset();
	guarded = false;
}

static const char *const zones[] = {
    "Europe/Paris",	      "America/New_York",   "Australia/Lord_Howe",
    "Asia/Kolkata",	      "Pacific/Apia",	    "America/Sao_Paulo",
    "Africa/Casablanca",      "right/UTC",	    ":America/New_York",
    ZONEINFO "/Asia/Kolkata", "Antarctica/Troll",   "Europe/Dublin",
    "America/Caracas",	      "right/Europe/Paris", "Europe/London",
    "Europe/Moscow",
};
#define NZONES (sizeof(zones) / sizeof(zones[0]))

static void set_tz(const char *tz)
{
	if (tz) {
		setenv("TZ", tz, 1);
		osv_setenv("TZ", tz, 1);
	} else {
		unsetenv("TZ");
		osv_unsetenv("TZ");
	}
	tzset();
	osv_tzset_guarded();
}

static bool same_vars(void)
{
	return !strcmp(osv_tzname[0], tzname[0]) &&
	       !strcmp(osv_tzname[1], tzname[1]) && osv_timezone == timezone &&
	       osv_daylight == daylight;
}

static void check_vars(const char *tz)
{
	CHECK(same_vars(),
	      "TZ=%s: tzname %s %s timezone %ld daylight %d, glibc %s %s %ld "
	      "%d",
	      tz, osv_tzname[0], osv_tzname[1], osv_timezone, osv_daylight,
	      tzname[0], tzname[1], timezone, daylight);
}

/* localtime_r, then strftime's zone conversions on its result. */
static bool check_localtime(const char *tz, time_t v)
{
	struct tm a, b;
	char s1[64], s2[64];
	errno = 0;
	struct tm *r1 = osv_localtime_r(&v, &a);
	int e1 = errno;
	errno = 0;
	struct tm *r2 = localtime_r(&v, &b);
	CHECK(!r1 == !r2 && e1 == errno && (!r1 || same_tm(&a, &b)),
	      "TZ=%s localtime_r(%ld): %s, glibc %s", tz, v,
	      r1 ? tm_str(&a) : "NULL", r2 ? tm_str(&b) : "NULL");
	/* glibc's localtime_r names the period it read in tzname. */
	CHECK(same_vars(),
	      "TZ=%s after localtime_r(%ld): tzname %s %s timezone %ld "
	      "daylight %d, glibc %s %s %ld %d",
	      tz, v, osv_tzname[0], osv_tzname[1], osv_timezone, osv_daylight,
	      tzname[0], tzname[1], timezone, daylight);
	if (!r1 || !r2)
		return false;
	osv_strftime(s1, sizeof(s1), "%Z %z %c", &a);
	strftime(s2, sizeof(s2), "%Z %z %c", &b);
	CHECK(!strcmp(s1, s2), "TZ=%s strftime(%ld): %s, glibc %s", tz, v, s1,
	      s2);
	return true;
}

static void check_mktime(const char *tz, const struct tm *tm)
{
	struct tm c = *tm, d = *tm;
	errno = 0;
	time_t m1 = osv_mktime(&c);
	int e1 = errno;
	errno = 0;
	time_t m2 = mktime(&d);
	CHECK(m1 == m2 && e1 == errno && same_tm(&c, &d),
	      "TZ=%s mktime(%s): %ld %s, glibc %ld %s", tz, tm_str(tm), m1,
	      tm_str(&c), m2, tm_str(&d));
	CHECK(same_vars(),
	      "TZ=%s after mktime(%s): tzname %s %s timezone %ld daylight %d, "
	      "glibc %s %s %ld %d",
	      tz, tm_str(tm), osv_tzname[0], osv_tzname[1], osv_timezone,
	      osv_daylight, tzname[0], tzname[1], timezone, daylight);
}

static bool same_reading(time_t a, time_t b)
{
	struct tm x, y;
	localtime_r(&a, &x);
	localtime_r(&b, &y);
	return x.tm_gmtoff == y.tm_gmtoff && x.tm_isdst == y.tm_isdst &&
	       !strcmp(x.tm_zone, y.tm_zone);
}

/* Around a change between lo and hi (glibc's readings differ). */
static void check_change(const char *tz, time_t lo, time_t hi)
{
	while (hi - lo > 1) {
		time_t mid = lo + (hi - lo) / 2;
		if (same_reading(lo, mid))
			lo = mid;
		else
			hi = mid;
	}
	for (time_t v = hi - 2; v <= hi + 1; v++)
		check_localtime(tz, v);
	/* Local times from two hours before to two after, all tm_isdst. */
	struct tm base;
	time_t from = hi - 2 * 3600;
	localtime_r(&from, &base);
	for (int m = 0; m <= 4 * 60; m += 10) {
		for (int isdst = -1; isdst <= 1; isdst++) {
			struct tm c = base;
			c.tm_min += m;
			c.tm_isdst = isdst;
			check_mktime(tz, &c);
		}
	}
}

static void test_zone(const char *tz)
{
	set_tz(tz);
	check_vars(tz);
	/* 1900 to 2100 in steps of about five days. */
	time_t prev = -2208988800LL;
	for (time_t v = prev; v < 4102444800LL; v += 432000 + dt_below(3600)) {
		check_localtime(tz, v);
		if (!same_reading(prev, v))
			check_change(tz, prev, v);
		prev = v;
	}
	for (int i = 0; i < 20000; i++) {
		time_t v = (time_t)(dt_rand() % 20000000000LL) - 10000000000LL;
		if (!check_localtime(tz, v))
			continue;
		struct tm c;
		localtime_r(&v, &c);
		c.tm_isdst = (int)dt_below(3) - 1;
		c.tm_hour += (int)dt_below(48) - 24;
		check_mktime(tz, &c);
	}
}

/* right/UTC: the seconds around each June 30th and December 31st. */
static void test_leap_seconds(void)
{
	set_tz("right/UTC");
	for (int y = 1972; y <= 2020; y++) {
		for (int half = 0; half < 2; half++) {
			struct tm end = {.tm_year = y - 1900,
					 .tm_mon = half ? 11 : 5,
					 .tm_mday = half ? 31 : 30,
					 .tm_hour = 23,
					 .tm_min = 59,
					 .tm_sec = 59};
			time_t t = timegm(&end);
			for (time_t v = t - 3; v < t + 40; v++) {
				if (!check_localtime("right/UTC", v))
					continue;
				struct tm c;
				localtime_r(&v, &c);
				check_mktime("right/UTC", &c);
			}
		}
	}
}

/* The ways of naming a zone: TZ unset (/etc/localtime), "", TZDIR. */
static void test_names(void)
{
	static const char *const names[] = {
	    "",
	    ":",
	    "Europe/Paris/",
	    "Nowhere/Zone",
	    "..",
	    ":Europe/Paris",
	    "UTC",
	    "EST5EDT",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		set_tz(names[i]);
		check_vars(names[i]);
		check_localtime(names[i], 1700000000);
		check_localtime(names[i], 1720000000);
	}
	set_tz(NULL);
	check_vars("(unset)");
	check_localtime("(unset)", 1720000000);
	/* TZ values alike in their first 150 bytes: each is read whole. */
	char longer[2][300];
	for (int i = 0; i < 2; i++) {
		int n = snprintf(longer[i], sizeof(longer[i]), "%s/", ZONEINFO);
		for (; n < 150; n += 2)
			strcat(longer[i], "./");
		strcat(longer[i], i ? "Asia/Tokyo" : "Europe/Paris");
		set_tz(longer[i]);
		check_vars(longer[i]);
		check_localtime(longer[i], 1720000000);
	}
	setenv("TZDIR", ZONEINFO "/Europe", 1);
	osv_setenv("TZDIR", ZONEINFO "/Europe", 1);
	set_tz("Paris");
	check_vars("Paris under TZDIR");
	check_localtime("Paris under TZDIR", 1720000000);
	unsetenv("TZDIR");
	osv_unsetenv("TZDIR");
}

static unsigned char *slurp(const char *path, size_t *len)
{
	static unsigned char buf[1 << 16];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

/*
 * A corrupt copy read by both: the same variables, and the same
 * readings when glibc's are deterministic (its search of transitions
 * out of order is not: only the fallback is compared then).
 */
static void check_corrupt(const char *path, const unsigned char *data,
			  size_t len, bool sorted, const char *what)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
	set_tz("UTC0"); /* both read TZ again only when it changes */
	set_tz(path);
	CHECK(same_vars(),
	      "%s: tzname %s %s timezone %ld daylight %d, glibc "
	      "%s %s %ld %d",
	      what, osv_tzname[0], osv_tzname[1], osv_timezone, osv_daylight,
	      tzname[0], tzname[1], timezone, daylight);
	if (!sorted)
		return;
	static const time_t instants[] = {-3000000000LL, 0,
					  1000000000,	 1700000000,
					  4000000000LL,	 4002500000LL};
	for (size_t i = 0; i < sizeof(instants) / sizeof(instants[0]); i++)
		check_localtime(what, instants[i]);
}

/* Whether the 64-bit transition times of a version 2 file still ascend. */
static bool transitions_sorted(const unsigned char *d, size_t len)
{
#define BE32(p) ((uint32_t)(p)[0] << 24 | (p)[1] << 16 | (p)[2] << 8 | (p)[3])
	if (len < 44 || memcmp(d, "TZif", 4))
		return true;
	size_t v1 = 44 + BE32(d + 32) * 5 + BE32(d + 36) * 6 + BE32(d + 40) +
		    BE32(d + 28) * 8 + BE32(d + 24) + BE32(d + 20);
	if (v1 + 44 > len || v1 > len)
		return true;
	const unsigned char *h = d + v1;
	size_t n = BE32(h + 32);
	if (v1 + 44 + n * 8 > len)
		return true;
	for (size_t i = 1; i < n; i++) {
		const unsigned char *a = h + 44 + (i - 1) * 8, *b = a + 8;
		int64_t x = 0, y = 0;
		for (int k = 0; k < 8; k++) {
			x = (int64_t)((uint64_t)x << 8 | a[k]);
			y = (int64_t)((uint64_t)y << 8 | b[k]);
		}
		if (x >= y)
			return false;
	}
	return true;
#undef BE32
}

static void test_corrupt(void)
{
	size_t len;
	unsigned char *orig = slurp(ZONEINFO "/Europe/Paris", &len);
	unsigned char copy[1 << 16];
	char path[] = "/tmp/tzfile-XXXXXX", what[128];
	int fd = mkstemp(path);
	if (!orig || fd < 0) {
		printf("# no " ZONEINFO "/Europe/Paris or no /tmp\n");
		exit(77);
	}
	close(fd);
	size_t data_end = len - 1; /* the footer's first newline */
	while (data_end > 0 && orig[data_end - 1] != '\n')
		data_end--;
	data_end--;
	/*
	 * A footer cut or flipped is a bad POSIX rule, which glibc reads
	 * half-parsed (or with its posixrules file): as for TZ strings
	 * (test_time), that is no spec, so only tzset's variables compare.
	 */
	for (int i = 0; i < 300; i++) {
		size_t cut = i < 60 ? (size_t)i : (size_t)dt_below(len);
		snprintf(what, sizeof(what), "truncated at %zu of %zu", cut,
			 len);
		check_corrupt(path, orig, cut,
			      cut <= data_end + 1 || cut >= len - 1, what);
	}
	for (int i = 0; i < 400; i++) {
		memcpy(copy, orig, len);
		size_t at = i < 60 ? (size_t)i : (size_t)dt_below(len);
		unsigned char flip = (unsigned char)(1 + dt_below(255));
		copy[at] ^= flip;
		snprintf(what, sizeof(what), "byte %zu ^ %#x", at, flip);
		check_corrupt(path, copy, len,
			      at < data_end && transitions_sorted(copy, len),
			      what);
	}
	/*
	 * Read as version 1 (its 32-bit block only, the rest ignored):
	 * whole, then cut, so that the 4-byte times are read to the end.
	 */
	for (int i = 0; i < 120; i++) {
		memcpy(copy, orig, len);
		copy[4] = '\0';
		size_t cut = i == 0 ? len : (size_t)dt_below(len);
		snprintf(what, sizeof(what), "version 1, cut at %zu", cut);
		check_corrupt(path, copy, cut, true, what);
	}
	/* Absurd counts, in both headers. */
	static const uint32_t counts[] = {0,   1,	   255,	      256,
					  257, 0x7fffffff, 0xffffffff};
	size_t second = 0;
	for (size_t k = 44; k + 4 < len; k++)
		if (!memcmp(orig + k, "TZif", 4))
			second = k;
	for (int h = 0; h < 2; h++) {
		for (int field = 0; field < 6; field++) {
			for (size_t c = 0; c < sizeof(counts) / 4; c++) {
				memcpy(copy, orig, len);
				unsigned char *p =
				    copy + (h ? second : 0) + 20 + field * 4;
				p[0] = (unsigned char)(counts[c] >> 24);
				p[1] = (unsigned char)(counts[c] >> 16);
				p[2] = (unsigned char)(counts[c] >> 8);
				p[3] = (unsigned char)counts[c];
				snprintf(what, sizeof(what),
					 "header %d count %d = %u", h, field,
					 counts[c]);
				check_corrupt(path, copy, len, false, what);
			}
		}
	}
	/* Footers: "\nTZ\n" replaced. */
#define FOOTER(s)                                                              \
	{                                                                      \
		s, sizeof(s) - 1                                               \
	}
	static const struct {
		const char *s;
		size_t len;
	} footers[] = {
	    FOOTER("\nCET-1CEST,M3.5.0,M10.5.0/3"),
	    FOOTER("CET-1CEST,M3.5.0,M10.5.0/3\n"),
	    FOOTER("\nCET-1CEST,M3.5.0,M10.5.0/3\nXYZ"),
	    FOOTER("\n\n"),
	    FOOTER("\nEST5EDT\n"),
	    FOOTER("\nCET-1CEST,M3."),
	    FOOTER(""),
	    FOOTER("\n"),
	    FOOTER("\nXYZ-1QQQ,M3.5.0,M10.5.0/3\n\n"),
	    FOOTER("\nCET-1CEST,M3.5.0,M10.5.0/3\0abc\n"),
	    FOOTER("\nCET-1CEST,M3.5.0,M10.5.0/3\n"),
	};
	for (size_t i = 0; i < sizeof(footers) / sizeof(footers[0]); i++) {
		memcpy(copy, orig, data_end);
		memcpy(copy + data_end, footers[i].s, footers[i].len);
		snprintf(what, sizeof(what), "footer %zu", i);
		check_corrupt(path, copy, data_end + footers[i].len, true,
			      what);
	}
	unlink(path);
	dt_group_end("corrupt copies of Europe/Paris: truncated, bytes "
		     "flipped, absurd counts");
}

static unsigned char *put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return p + 4;
}

/*
 * A version 2 file of one type, UTC+1 named "LONGNAME", whose table of
 * names is nchars bytes (NULs after the name): both blocks, footer.
 */
static size_t long_names_file(unsigned char *f, uint32_t nchars)
{
	unsigned char *p = f;
	for (int block = 0; block < 2; block++) {
		memset(p, 0, 44);
		memcpy(p, "TZif2", 5);
		p = put_be32(p + 36, 1); /* typecnt */
		p = put_be32(p, nchars);
		p = put_be32(p, 3600);
		*p++ = 0; /* isdst */
		*p++ = 0; /* abbreviation index */
		memset(p, 0, nchars);
		memcpy(p, "LONGNAME", 8);
		p += nchars;
	}
	memcpy(p, "\n\n", 2);
	return (size_t)(p + 2 - f);
}

/*
 * tm_zone outlives the zone it came from, whatever the length of the
 * file's table of names (tzdata's are under 60 bytes; 300 here).
 */
static void test_long_names(void)
{
	static unsigned char f[1024];
	char path[] = "/tmp/tzfile-XXXXXX", s1[64], s2[64];
	int fd = mkstemp(path);
	if (fd < 0) {
		printf("# no /tmp\n");
		exit(77);
	}
	size_t len = long_names_file(f, 300);
	set_tz("UTC0"); /* glibc skips a file of the same inode and mtime */
	CHECK(write(fd, f, len) == (ssize_t)len, "write %s", path);
	close(fd);
	set_tz(path);
	check_vars(path);
	time_t v = 1720000000;
	struct tm a, b;
	check_localtime(path, v);
	osv_localtime_r(&v, &a);
	localtime_r(&v, &b);
	set_tz("UTC0");
	osv_strftime(s1, sizeof(s1), "%Z", &a);
	strftime(s2, sizeof(s2), "%Z", &b);
	CHECK(!strcmp(s1, s2),
	      "%%Z of a reading of %s after TZ=UTC0: %s, "
	      "glibc %s",
	      path, s1, s2);
	unlink(path);
}

/* A hang is this test's failure, not the harness's timeout. */
static void watchdog_fired(int sig)
{
	(void)sig;
	static const char msg[] = "not ok - osv_tzset hung on a special file\n";
	(void)!write(1, msg, sizeof(msg) - 1);
	_exit(1);
}

/*
 * TZ naming what is not a regular file: a FIFO without a writer (whose
 * plain open waits for one, where glibc hangs), an endless device and a
 * directory.  Each is no zone: the value's POSIX parse, which fails
 * (names "" or "/"), so UTC.
 */
static void test_special_files(void)
{
	char dir[] = "/tmp/tzfile-dir-XXXXXX", fifo[64];
	if (!mkdtemp(dir)) {
		printf("# no /tmp\n");
		exit(77);
	}
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	CHECK(!mkfifo(fifo, 0600), "mkfifo %s: %s", fifo, strerror(errno));
	const char *const paths[] = {fifo, "/dev/zero", dir};
	signal(SIGALRM, watchdog_fired);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		alarm(10);
		osv_setenv("TZ", paths[i], 1);
		osv_tzset_guarded();
		alarm(0);
		time_t v = 1720000000;
		struct tm tm;
		CHECK(osv_localtime_r(&v, &tm) && tm.tm_gmtoff == 0 &&
			  osv_timezone == 0 && osv_daylight == 0,
		      "TZ=%s: timezone %ld daylight %d gmtoff %ld", paths[i],
		      osv_timezone, osv_daylight, tm.tm_gmtoff);
	}
	unlink(fifo);
	rmdir(dir);
}

int main(void)
{
	signal(SIGSEGV, guard_fault);
	signal(SIGBUS, guard_fault);
	if (access(ZONEINFO "/Europe/Paris", R_OK)) {
		printf("1..0 # SKIP no " ZONEINFO " (tzdata)\n");
		return 77;
	}
	for (size_t z = 0; z < NZONES; z++) {
		test_zone(zones[z]);
		dt_group_end(zones[z]);
	}
	test_leap_seconds();
	dt_group_end("right/UTC: the seconds around leap seconds");
	test_names();
	dt_group_end("TZ unset, empty, ':', relative, under TZDIR, missing");
	test_corrupt();
	test_special_files();
	dt_group_end("TZ naming a FIFO, /dev/zero, a directory");
	test_long_names();
	dt_group_end("tm_zone of a file with a long table of names");
	return dt_done();
}
