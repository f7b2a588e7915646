/*
 * The guest side of tests/guest/zfs_crash.test: changes files and
 * fsyncs in a loop, and after each fsync returned prints what is now
 * durable, so that the host, having killed the machine at any moment,
 * can check that all of it is on the disk.
 *
 *   zfs_crash.so run DIR SEED N
 *
 * makes DIR, then does N steps (0: until killed), each one of:
 *   - a new file DIR/fI of a seeded size (0 to 300000 bytes), written,
 *     fsync'ed: "durable file DIR/fI SHA256";
 *   - a line appended to DIR/log, fsync'ed:
 *     "durable log DIR/log BYTES SHA256-OF-THOSE-BYTES";
 *   - a piece of DIR/over (200000 bytes) overwritten in place: first
 *     "pending over DIR/over SHA256" (what the file will hold), then,
 *     once fsync'ed, "durable over DIR/over SHA256".
 * Then "run done".  Lines are written with one write(2) each, so a kill
 * cuts at most the last.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rofs_sha256.h"

#define OVER_SIZE 200000
#define FILE_MAX 300000

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void fill(unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v = next();
		memcpy(b + i, &v, n - i < 8 ? n - i : 8);
	}
}

static void say(const char *fmt, const char *a, const char *b, long n)
{
	char line[512];
	int len = n < 0 ? snprintf(line, sizeof(line), fmt, a, b)
			: snprintf(line, sizeof(line), fmt, a, n, b);
	if (write(1, line, (size_t)len) != len)
		exit(3);
}

static void sha_hex(const void *b, size_t n, char hex[65])
{
	struct sha256 c;
	sha256_init(&c);
	sha256_update(&c, b, n);
	sha256_hex(&c, hex);
}

static int fail(const char *what, const char *path)
{
	printf("error: %s %s: %s\n", what, path, strerror(errno));
	fflush(stdout);
	return 1;
}

/* Writes n bytes at off of path (created when missing), fsyncs. */
static int write_sync(const char *path, int flags, const void *b, size_t n,
		      off_t off)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
	if (fd < 0)
		return fail("open", path);
	ssize_t w = (flags & O_APPEND) ? write(fd, b, n) : pwrite(fd, b, n, off);
	if (w != (ssize_t)n)
		return fail("write", path);
	if (fsync(fd))
		return fail("fsync", path);
	if (close(fd))
		return fail("close", path);
	return 0;
}

static int run(const char *dir, uint64_t seed, long steps)
{
	static unsigned char buf[FILE_MAX], over[OVER_SIZE], *log;
	static char path[400], logp[400], overp[400], hex[65];
	size_t loglen = 0, logcap = 0;
	bool have_over = false;
	rng = seed;
	if (mkdir(dir, 0755))
		return fail("mkdir", dir);
	snprintf(logp, sizeof(logp), "%s/log", dir);
	snprintf(overp, sizeof(overp), "%s/over", dir);
	for (long i = 0; steps == 0 || i < steps; i++) {
		unsigned kind = (unsigned)(next() % 3);
		if (kind == 2 && !have_over) {
			fill(over, OVER_SIZE);
			sha_hex(over, OVER_SIZE, hex);
			say("pending over %s %s\n", overp, hex, -1);
			if (write_sync(overp, O_TRUNC, over, OVER_SIZE, 0))
				return 1;
			say("durable over %s %s\n", overp, hex, -1);
			have_over = true;
		} else if (kind == 2) {
			size_t n = 1 + next() % 20000;
			size_t off = next() % (OVER_SIZE - n);
			fill(over + off, n);
			sha_hex(over, OVER_SIZE, hex);
			say("pending over %s %s\n", overp, hex, -1);
			if (write_sync(overp, 0, over + off, n, (off_t)off))
				return 1;
			say("durable over %s %s\n", overp, hex, -1);
		} else if (kind == 1) {
			char line[128];
			int n = snprintf(line, sizeof(line), "record %ld %016llx\n",
					 i, (unsigned long long)next());
			if (loglen + (size_t)n > logcap) {
				logcap = 2 * (loglen + (size_t)n);
				log = realloc(log, logcap);
				if (!log)
					return fail("realloc", logp);
			}
			memcpy(log + loglen, line, (size_t)n);
			loglen += (size_t)n;
			if (write_sync(logp, O_APPEND, line, (size_t)n, 0))
				return 1;
			sha_hex(log, loglen, hex);
			say("durable log %s %ld %s\n", logp, hex, (long)loglen);
		} else {
			size_t n = next() % (FILE_MAX + 1);
			fill(buf, n);
			snprintf(path, sizeof(path), "%s/f%ld", dir, i);
			if (write_sync(path, O_TRUNC, buf, n, 0))
				return 1;
			sha_hex(buf, n, hex);
			say("durable file %s %s\n", path, hex, -1);
		}
	}
	say("run done%s%s\n", "", "", -1);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "run"))
		return run(argv[2], strtoull(argv[3], NULL, 10),
			   strtol(argv[4], NULL, 10));
	fprintf(stderr, "usage: zfs_crash.so run DIR SEED STEPS\n");
	return 64;
}
