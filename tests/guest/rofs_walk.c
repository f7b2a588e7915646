/*
 * rofs test kernel (tests/guest/rofs.test), booted with a rofs root:
 *   rofs_walk walk     every file under / (but the /dev, /proc and /tmp
 *                      mounts): "file SHA256 SIZE PATH", "link PATH ->
 *                      TARGET", "dir MODE PATH", then "walked N"
 *   rofs_walk erofs    changes to the read-only root: each errno
 *   rofs_walk stat P   "stat MODE SIZE NLINK MTIME.NS PATH" of P (lstat)
 * It uses the kernel's file calls (fs_calls.h), as the libc does.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "fs_calls.h"
#include "mm.h"
#include "rofs_sha256.h"

#define AT_SYMLINK_NOFOLLOW_ 0x100

struct dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

static unsigned walked;
static int failures;
static char readbuf[64 * 1024];

static void fail(const char *what, const char *path, long err)
{
	printf("error: %s %s: %ld\n", what, path, err);
	failures++;
}

static void hash_file(const char *path)
{
	struct sha256 c;
	char hex[65];
	uint64_t size = 0;
	int fd = fs_openat(AT_FDCWD, path, O_RDONLY, 0);

	if (fd < 0)
		return fail("open", path, fd);
	sha256_init(&c);
	for (;;) {
		long n = fs_read(fd, readbuf, sizeof(readbuf));
		if (n < 0) {
			fail("read", path, n);
			break;
		}
		if (n == 0)
			break;
		sha256_update(&c, readbuf, (size_t)n);
		size += (uint64_t)n;
	}
	fs_close(fd);
	sha256_hex(&c, hex);
	printf("file %s %lu %s\n", hex, (unsigned long)size, path);
}

static bool is_mount_point(const char *path)
{
	return !strcmp(path, "/dev") || !strcmp(path, "/proc") ||
	       !strcmp(path, "/tmp");
}

static void walk(const char *dir)
{
	int fd = fs_openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY, 0);
	char *buf = heap_alloc(8192);
	char path[4096];
	long n;

	if (fd < 0 || !buf) {
		heap_free(buf);
		return fail("opendir", dir, fd);
	}
	while ((n = fs_getdents64(fd, buf, 8192)) > 0) {
		for (long at = 0; at < n;) {
			struct dirent64 *d = (void *)(buf + at);
			at += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s",
				 strcmp(dir, "/") ? dir : "", d->d_name);
			if (is_mount_point(path))
				continue;
			walked++;
			struct vfs_attr a;
			int rc = fs_fstatat(AT_FDCWD, path, &a,
					    AT_SYMLINK_NOFOLLOW_);
			if (rc) {
				fail("stat", path, rc);
			} else if ((a.mode & VFS_IFMT) == VFS_IFDIR) {
				printf("dir %o %s\n", a.mode & 07777, path);
				walk(path);
			} else if ((a.mode & VFS_IFMT) == VFS_IFLNK) {
				char t[4096];
				long len = fs_readlinkat(AT_FDCWD, path, t,
							 sizeof(t) - 1);
				if (len < 0)
					fail("readlink", path, len);
				else
					printf("link %s -> %.*s\n", path,
					       (int)len, t);
			} else {
				hash_file(path);
			}
		}
	}
	if (n < 0)
		fail("getdents64", dir, n);
	fs_close(fd);
	heap_free(buf);
}

static void erofs(void)
{
	int create = fs_openat(AT_FDCWD, "/new", O_WRONLY | O_CREAT, 0644);
	int writable = fs_openat(AT_FDCWD, "/data/hello", O_RDWR, 0);
	int mkdir = fs_mkdirat(AT_FDCWD, "/newdir", 0755);
	int unlink = fs_unlinkat(AT_FDCWD, "/data/hello", 0);
	int chmod = fs_fchmodat(AT_FDCWD, "/data/hello", 0600, 0);
	int symlink = fs_symlinkat("x", AT_FDCWD, "/newlink");
	int rename =
	    fs_renameat2(AT_FDCWD, "/data/hello", AT_FDCWD, "/data/moved", 0);
	int truncate = fs_truncate("/data/hello", 0);

	printf("erofs: create %d open-rdwr %d mkdir %d unlink %d chmod %d "
	       "symlink %d rename %d truncate %d\n",
	       create, writable, mkdir, unlink, chmod, symlink, rename,
	       truncate);
	/* and reading still works */
	char buf[16] = {0};
	int fd = fs_openat(AT_FDCWD, "/data/hello", O_RDONLY, 0);
	long n = fd < 0 ? fd : fs_read(fd, buf, sizeof(buf) - 1);
	printf("read /data/hello: %ld '%s'\n", n, n > 0 ? buf : "");
	if (fd >= 0)
		fs_close(fd);
	/* the mounts on the read-only root's mount points are writable */
	int tmp = fs_openat(AT_FDCWD, "/tmp/scratch", O_WRONLY | O_CREAT, 0644);
	long written = tmp < 0 ? tmp : fs_write(tmp, "x", 1);
	int null = fs_openat(AT_FDCWD, "/dev/null", O_WRONLY, 0);
	printf("mounts: /tmp/scratch %s, wrote %ld; /dev/null %s\n",
	       tmp >= 0 ? "created" : "not created", written,
	       null >= 0 ? "opened" : "not opened");
	if (tmp >= 0)
		fs_close(tmp);
	if (null >= 0)
		fs_close(null);
	struct vfs_statfs st;
	unsigned long flags;
	int rc = fs_statfs("/", &st, &flags);
	printf("statfs /: %d magic %lx flags %lx files %lu\n", rc,
	       (unsigned long)st.magic, flags, (unsigned long)st.files);
}

int app_main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "walk")) {
		walk("/");
		printf("walked %u, %d errors\n", walked, failures);
		return failures ? 1 : 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "erofs")) {
		erofs();
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "stat")) {
		struct vfs_attr a;
		int rc =
		    fs_fstatat(AT_FDCWD, argv[2], &a, AT_SYMLINK_NOFOLLOW_);
		if (rc)
			printf("stat %s: %d\n", argv[2], rc);
		else
			printf("stat %o %lu %u %ld.%09ld %s\n", a.mode,
			       (unsigned long)a.size, a.nlink,
			       (long)a.mtime.tv_sec, (long)a.mtime.tv_nsec,
			       argv[2]);
		return rc ? 1 : 0;
	}
	printf("usage: rofs_walk walk | erofs | stat PATH\n");
	return 64;
}
