/*
 * The initrd's memory once the files borrowing it go (kernel/fs/
 * bootfs_release.c).  Commands, each printing lines the test reads:
 *   free               "free N": the free RAM in bytes (sysinfo)
 *   sum PATH...        "sum SHA-256 SIZE PATH" for each file
 *   rm PATH...         unlinks them
 *   truncate PATH N    truncates PATH to N bytes
 *   fill N             writes N bytes to /tmp/fill and reads them back:
 *                      "fill ok" when the memory holds what was written;
 *                      +N: N bytes more than the first "free" said
 * run in the order given, e.g. "free sum /a rm /a free".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "rofs_sha256.h"

static int sum(const char *path)
{
	static unsigned char buf[65536];
	struct sha256 c;
	char hex[65];
	long long size = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("error %s: open: %s\n", path, strerror(errno));
		return 1;
	}
	sha256_init(&c);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			printf("error %s: read: %s\n", path, strerror(errno));
			close(fd);
			return 1;
		}
		if (n == 0)
			break;
		sha256_update(&c, buf, (size_t)n);
		size += n;
	}
	close(fd);
	sha256_hex(&c, hex);
	printf("sum %s %lld %s\n", hex, size, path);
	return 0;
}

/* Writes n bytes of a pattern and reads them back. */
static int fill(long n)
{
	static unsigned char buf[65536];
	int fd = open("/tmp/fill", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int bad = fd < 0;
	for (long off = 0; !bad && off < n; off += (long)sizeof(buf)) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)((off + (long)i) * 131 >> 3);
		size_t len = n - off < (long)sizeof(buf) ? (size_t)(n - off)
							 : sizeof(buf);
		bad = write(fd, buf, len) != (ssize_t)len;
	}
	for (long off = 0; !bad && off < n; off += (long)sizeof(buf)) {
		size_t len = n - off < (long)sizeof(buf) ? (size_t)(n - off)
							 : sizeof(buf);
		bad = pread(fd, buf, len, off) != (ssize_t)len;
		for (size_t i = 0; !bad && i < len; i++)
			bad = buf[i] !=
			      (unsigned char)((off + (long)i) * 131 >> 3);
	}
	if (fd >= 0)
		close(fd);
	unlink("/tmp/fill");
	printf("fill %s\n", bad ? "bad" : "ok");
	return bad;
}

int main(int argc, char **argv)
{
	int failed = 0;
	const char *cmd = "";
	long first_free = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "free") || !strcmp(a, "sum") ||
		    !strcmp(a, "rm") || !strcmp(a, "truncate") ||
		    !strcmp(a, "fill")) {
			cmd = a;
			if (!strcmp(a, "free")) {
				struct sysinfo si;
				sysinfo(&si);
				printf("free %lu\n", si.freeram * si.mem_unit);
				if (first_free < 0)
					first_free =
					    (long)(si.freeram * si.mem_unit);
			}
			continue;
		}
		if (!strcmp(cmd, "sum")) {
			failed |= sum(a);
		} else if (!strcmp(cmd, "rm")) {
			if (unlink(a)) {
				printf("error %s: unlink: %s\n", a,
				       strerror(errno));
				failed = 1;
			}
		} else if (!strcmp(cmd, "truncate") && i + 1 < argc) {
			if (truncate(a, atol(argv[i + 1]))) {
				printf("error %s: truncate: %s\n", a,
				       strerror(errno));
				failed = 1;
			}
			i++;
		} else if (!strcmp(cmd, "fill")) {
			failed |= fill(atol(a) + (*a == '+' ? first_free : 0));
		} else {
			printf("error: what is '%s'?\n", a);
			return 2;
		}
	}
	return failed;
}
