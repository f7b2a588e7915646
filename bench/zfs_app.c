/*
 * bench/zfs's application: sequential read throughput of files and
 * devices, built as any application.
 *   zfs_app.so read PATH...     reads each PATH whole (1 MiB reads)
 *                               twice: "read PATH BYTES MS MB/s" for the
 *                               first (cold) and second (warm) pass
 *   zfs_app.so copy FROM TO     copies a file (to put one in a ramfs)
 *   zfs_app.so write PATH MIB   writes MIB MiB of random bytes (1 MiB
 *                               writes), then fsyncs: "write seq PATH
 *                               BYTES MS MB/s" (the fsync counted)
 *   zfs_app.so rwfsync PATH MIB OPS
 *                               4 KiB writes at random 4 KiB-aligned
 *                               offsets of the first MIB MiB of PATH
 *                               (a file written first, or a device),
 *                               each followed by fsync: "rwfsync PATH
 *                               OPS MS ops/s"
 *   zfs_app.so small DIR N SIZE creates DIR, then N files of SIZE bytes
 *                               in it (create, write, close each):
 *                               "small DIR N MS files/s", then the
 *                               sync(2) after them: "small-sync MS"
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int read_all(const char *path, const char *pass, char *buf)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	unsigned long long total = 0;
	ssize_t n;
	double t0 = now_ms();
	while ((n = read(fd, buf, CHUNK)) > 0)
		total += (unsigned long long)n;
	double ms = now_ms() - t0;
	close(fd);
	if (n < 0) {
		perror(path);
		return 1;
	}
	printf("read %s %s %llu bytes %.1f ms %.1f MB/s\n", pass, path, total,
	       ms, ms > 0 ? total / 1e3 / ms : 0.0);
	return 0;
}

static int copy(const char *from, const char *to, char *buf)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT, 0644);
	ssize_t n;
	if (in < 0 || out < 0) {
		perror("copy");
		return 1;
	}
	while ((n = read(in, buf, CHUNK)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			perror(to);
			return 1;
		}
	close(in);
	close(out);
	return n < 0;
}

static unsigned long long rnd_state = 88172645463325252ull;

static unsigned long long rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void fill(char *buf, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i += 8) {
		unsigned long long v = rnd();
		memcpy(buf + i, &v, 8);
	}
}

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "%s %s: %s\n", what, path, strerror(errno));
	return 1;
}

/* Sequential: mib MiB in 1 MiB writes, then fsync. */
static int write_seq(const char *path, long mib, char *buf)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return fail("open", path);
	fill(buf, CHUNK);
	double t0 = now_ms();
	for (long i = 0; i < mib; i++) {
		buf[i % CHUNK] ^= 1; /* no two blocks alike */
		if (write(fd, buf, CHUNK) != CHUNK)
			return fail("write", path);
	}
	if (fsync(fd))
		return fail("fsync", path);
	double ms = now_ms() - t0;
	close(fd);
	unsigned long long total = (unsigned long long)mib << 20;
	printf("write seq %s %llu bytes %.1f ms %.1f MB/s\n", path, total, ms,
	       ms > 0 ? total / 1e3 / ms : 0.0);
	return 0;
}

/* 4 KiB random writes within the first mib MiB, each fsync'ed. */
static int write_random_fsync(const char *path, long mib, long ops,
			      char *buf)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return fail("open", path);
	long blocks = mib << 8;
	fill(buf, 4096);
	double t0 = now_ms();
	for (long i = 0; i < ops; i++) {
		off_t off = (off_t)(rnd() % (unsigned long long)blocks) * 4096;
		buf[i % 4096] ^= 1;
		if (pwrite(fd, buf, 4096, off) != 4096)
			return fail("pwrite", path);
		if (fsync(fd))
			return fail("fsync", path);
	}
	double ms = now_ms() - t0;
	close(fd);
	printf("rwfsync %s %ld ops %.1f ms %.1f ops/s\n", path, ops, ms,
	       ms > 0 ? ops * 1e3 / ms : 0.0);
	return 0;
}

/* n files of size bytes: create, write, close; then sync. */
static int small_files(const char *dir, long n, long size, char *buf)
{
	char path[256];
	if (mkdir(dir, 0755) && errno != EEXIST)
		return fail("mkdir", dir);
	fill(buf, (size_t)size);
	double t0 = now_ms();
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", dir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		buf[i % size] ^= 1;
		if (fd < 0 || write(fd, buf, (size_t)size) != size || close(fd))
			return fail("create", path);
	}
	double ms = now_ms() - t0;
	printf("small %s %ld files %.1f ms %.1f files/s\n", dir, n, ms,
	       ms > 0 ? n * 1e3 / ms : 0.0);
	t0 = now_ms();
	sync();
	printf("small-sync %s %.1f ms\n", dir, now_ms() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	char *buf = malloc(CHUNK);
	int rc = 0;
	if (!buf)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "copy") && i + 2 < argc) {
			rc |= copy(argv[i + 1], argv[i + 2], buf);
			i += 2;
		} else if (!strcmp(argv[i], "write") && i + 2 < argc) {
			rc |= write_seq(argv[i + 1], atol(argv[i + 2]), buf);
			i += 2;
		} else if (!strcmp(argv[i], "rwfsync") && i + 3 < argc) {
			rc |= write_random_fsync(argv[i + 1], atol(argv[i + 2]),
						 atol(argv[i + 3]), buf);
			i += 3;
		} else if (!strcmp(argv[i], "small") && i + 3 < argc) {
			long size = atol(argv[i + 3]);
			if (size < 1 || size > CHUNK)
				return 2;
			rc |= small_files(argv[i + 1], atol(argv[i + 2]), size,
					  buf);
			i += 3;
		} else if (!strcmp(argv[i], "read") && i + 1 < argc) {
			rc |= read_all(argv[i + 1], "cold", buf);
			rc |= read_all(argv[i + 1], "warm", buf);
			i += 1;
		} else {
			fprintf(stderr,
				"usage: zfs_app.so [copy FROM TO | read PATH | "
				"write PATH MIB | rwfsync PATH MIB OPS | "
				"small DIR N SIZE]...\n");
			return 2;
		}
	}
	return rc;
}
