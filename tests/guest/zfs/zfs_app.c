/*
 * An application run from a ZFS root (tests/guest/zfs.test), built as
 * any application with the host's compiler and glibc headers; the tree
 * walk is rofs_app.so's.
 *   app.so mmap PATH     the file mapped MAP_PRIVATE: "mmap SHA256 SIZE
 *                        PATH", and whether a write to the private
 *                        copy stays private ("private ok")
 *   app.so statvfs PATH  "statvfs f_type MAGIC rdonly R blocks N"
 *   app.so erofs PATH    creating, removing, renaming and writing under
 *                        PATH fail with EROFS: "erofs ok" or what did not
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "rofs_sha256.h"

static int map_file(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		printf("mmap: %s: %s\n", path, strerror(errno));
		return 1;
	}
	size_t len = (size_t)st.st_size;
	unsigned char *p =
	    mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		printf("mmap: %s: %s\n", path, strerror(errno));
		return 1;
	}
	struct sha256 c;
	char hex[65];
	sha256_init(&c);
	sha256_update(&c, p, len);
	sha256_hex(&c, hex);
	printf("mmap %s %zu %s\n", hex, len, path);
	/* a private copy: the file must not change */
	unsigned char first = p[0], again;
	p[0] = (unsigned char)~first;
	int private_ok = pread(fd, &again, 1, 0) == 1 && again == first;
	printf("private %s\n", private_ok ? "ok" : "LEAKED");
	munmap(p, len);
	close(fd);
	return private_ok ? 0 : 1;
}

static int show_statvfs(const char *path)
{
	struct statvfs sv;
	struct statfs sf;
	if (statvfs(path, &sv) || statfs(path, &sf)) {
		printf("statvfs: %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("statvfs f_type %lx rdonly %d blocks %lu bsize %lu\n",
	       (unsigned long)sf.f_type, (sv.f_flag & ST_RDONLY) ? 1 : 0,
	       (unsigned long)sv.f_blocks, (unsigned long)sv.f_bsize);
	return 0;
}

static int check_erofs(const char *what, int rc, int *bad)
{
	if (rc < 0 && errno == EROFS)
		return 0;
	printf("erofs: %s: %s\n", what, rc < 0 ? strerror(errno) : "done");
	++*bad;
	return 1;
}

static int erofs(const char *dir)
{
	char a[512], b[512];
	int bad = 0;
	snprintf(a, sizeof(a), "%s/new", dir);
	check_erofs("create", open(a, O_WRONLY | O_CREAT, 0644), &bad);
	check_erofs("mkdir", mkdir(a, 0755), &bad);
	check_erofs("symlink", symlink("x", a), &bad);
	snprintf(a, sizeof(a), "%s/hello", dir);
	snprintf(b, sizeof(b), "%s/renamed", dir);
	check_erofs("open for writing", open(a, O_WRONLY), &bad);
	check_erofs("unlink", unlink(a), &bad);
	check_erofs("rename", rename(a, b), &bad);
	check_erofs("truncate", truncate(a, 0), &bad);
	check_erofs("chmod", chmod(a, 0600), &bad);
	if (!bad)
		printf("erofs ok\n");
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "mmap"))
		return map_file(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "statvfs"))
		return show_statvfs(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "erofs"))
		return erofs(argv[2]);
	printf("usage: app.so mmap|statvfs|erofs PATH\n");
	return 2;
}
