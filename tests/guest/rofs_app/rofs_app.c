/*
 * An application run from a rofs root by osv-run --image
 * (tests/guest/rofs.test), built as any application with the host's
 * compiler and glibc headers:
 *   app.so walk DIR    every file under DIR through the libc (opendir,
 *                      lstat, readlink, open, read): "file SHA256 SIZE
 *                      PATH", "link PATH -> TARGET", "dir MODE PATH",
 *                      then "walked N, E errors"; exit 0 or 1
 *   app.so erofs       changes to the image fail with EROFS
 *   app.so ARGS...     prints its arguments and exits with 3
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rofs_sha256.h"

static unsigned walked;
static int errors;
static char buf[64 * 1024];

static void fail(const char *what, const char *path)
{
	printf("error: %s %s: %s\n", what, path, strerror(errno));
	errors++;
}

static void hash_file(const char *path)
{
	struct sha256 c;
	char hex[65];
	unsigned long size = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return fail("open", path);
	sha256_init(&c);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		sha256_update(&c, buf, (size_t)n);
		size += (unsigned long)n;
	}
	if (n < 0)
		fail("read", path);
	close(fd);
	sha256_hex(&c, hex);
	printf("file %s %lu %s\n", hex, size, path);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!d)
		return fail("opendir", dir);
	while ((e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		walked++;
		if (lstat(path, &st)) {
			fail("lstat", path);
		} else if (S_ISDIR(st.st_mode)) {
			printf("dir %o %s\n", (unsigned)st.st_mode & 07777,
			       path);
			walk(path);
		} else if (S_ISLNK(st.st_mode)) {
			char t[4096];
			ssize_t n = readlink(path, t, sizeof(t));
			if (n < 0)
				fail("readlink", path);
			else
				printf("link %s -> %.*s\n", path, (int)n, t);
		} else {
			hash_file(path);
		}
	}
	closedir(d);
}

static const char *erofs(int rc)
{
	return rc < 0 && errno == EROFS ? "EROFS" : strerror(errno);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "walk")) {
		walk(argv[2]);
		printf("walked %u, %d errors\n", walked, errors);
		return errors ? 1 : 0;
	}
	if (argc == 2 && !strcmp(argv[1], "erofs")) {
		int create = open("/data/new", O_WRONLY | O_CREAT, 0644);
		const char *c = erofs(create);
		const char *m = erofs(mkdir("/data/newdir", 0755));
		const char *u = erofs(unlink("/data/hello"));
		printf("app erofs: create %s mkdir %s unlink %s\n", c, m, u);
		return 0;
	}
	printf("rofs app:");
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 3;
}
