/*
 * bench/zfs's application: sequential read throughput of files and
 * devices, built as any application.
 *   zfs_app.so read PATH...     reads each PATH whole (1 MiB reads)
 *                               twice: "read PATH BYTES MS MB/s" for the
 *                               first (cold) and second (warm) pass
 *   zfs_app.so copy FROM TO     copies a file (to put one in a ramfs)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
		} else if (!strcmp(argv[i], "read") && i + 1 < argc) {
			rc |= read_all(argv[i + 1], "cold", buf);
			rc |= read_all(argv[i + 1], "warm", buf);
			i += 1;
		} else {
			fprintf(stderr, "usage: zfs_app.so [copy FROM TO | read PATH]...\n");
			return 2;
		}
	}
	return rc;
}
