/*
 * rofs test kernel (tests/guest/rofs.test), booted with a rofs root:
 *   rofs_walk erofs    changes to the read-only root: each errno; the
 *                      mounts on its mount points; statfs
 *   rofs_walk stat P   "stat MODE SIZE NLINK MTIME.NS PATH" of P (lstat)
 *   rofs_walk pread P  P read with pread in pieces of odd sizes at odd
 *                      offsets (across the cache's chunks), hashed in
 *                      order: "pread SHA256 SIZE", and the reads at the
 *                      last byte and past the end
 * It uses the kernel's file calls (fs_calls.h), below the libc; the
 * walk of a whole tree is done by an application (rofs_app/rofs_app.c).
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

static int pread_pieces(const char *path)
{
	int fd = fs_openat(AT_FDCWD, path, O_RDONLY, 0);
	char *buf = heap_alloc(300000);
	uint64_t off = 0, seed = 12345;
	struct sha256 c;
	char hex[65];
	long n;

	if (fd < 0 || !buf) {
		printf("pread %s: open %d\n", path, fd);
		return 1;
	}
	sha256_init(&c);
	do {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		size_t len = 1 + (size_t)(seed >> 33) % 299999;
		n = fs_pread(fd, buf, len, (int64_t)off);
		if (n > 0) {
			sha256_update(&c, buf, (size_t)n);
			off += (uint64_t)n;
		}
	} while (n > 0);
	sha256_hex(&c, hex);
	long last = fs_pread(fd, buf, 10, (int64_t)off - 1);
	long past = fs_pread(fd, buf, 10, (int64_t)off + 5);
	printf("pread %s %lu, at the last byte %ld, past the end %ld\n", hex,
	       (unsigned long)off, last, past);
	fs_close(fd);
	heap_free(buf);
	return n < 0;
}

int app_main(int argc, char **argv)
{
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
	if (argc >= 3 && !strcmp(argv[1], "pread"))
		return pread_pieces(argv[2]);
	printf("usage: rofs_walk erofs | stat PATH | pread PATH\n");
	return 64;
}
