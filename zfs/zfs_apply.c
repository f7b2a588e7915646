/*
 * osv-zfs apply IMAGE SCRIPT: changes a pool image with the write
 * engine (txg.c, zpl_write.c), one operation a line:
 *
 *   create PATH [MODE]        mkdir PATH [MODE]
 *   write PATH OFFSET HOSTFILE  (creates PATH when missing, mode 644)
 *   append PATH HOSTFILE       truncate PATH SIZE
 *   rm PATH    rmdir PATH    mv FROM TO    link EXISTING NEW
 *   symlink TARGET PATH       chmod MODE PATH (octal)
 *   utime PATH ATIME MTIME (seconds)
 *   sync      commits the open txg
 *   commit    the same, then prints "committed TXG" (once it is on disk)
 *   df        prints the size and the free bytes
 *
 * Fields are separated by single spaces (names cannot hold one).  A
 * line starting with "-" may fail: its error is printed and the script
 * goes on; any other failure stops it.  The open txg is committed at
 * the end, and whenever 64 MiB of blocks are waiting.  Times are
 * SOURCE_DATE_EPOCH when set, else the clock's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hostbio.h"
#include "zfs.h"

#define AUTO_COMMIT (64u << 20)

/* PATH's parent directory and last name (pointing into path). */
static int parent_of(struct zplw_fs *fs, char *path, uint64_t *dir,
		     const char **name)
{
	char *slash = strrchr(path, '/');
	if (!slash || !slash[1])
		return -ZFS_EINVAL;
	*name = slash + 1;
	*slash = 0;
	int err = zplw_walk(fs, path, dir);
	*slash = '/';
	return err;
}

/* Copies a host file into obj at off, a block at a time. */
static int copy_in(struct zplw_fs *fs, uint64_t obj, uint64_t off,
		   const char *host)
{
	int fd = open(host, O_RDONLY | O_CLOEXEC), err = 0;
	if (fd < 0)
		return -errno;
	char *buf = malloc(1u << 20);
	ssize_t n;
	if (!buf)
		err = -ZFS_ENOMEM;
	while (!err && (n = read(fd, buf, 1u << 20)) > 0) {
		err = zplw_write(fs, obj, off, buf, n);
		off += n;
	}
	if (!err && n < 0)
		err = -errno;
	free(buf);
	close(fd);
	return err;
}

static uint64_t now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	return e ? strtoull(e, NULL, 10) : (uint64_t)time(NULL);
}

static int op(struct zfs_wpool *p, struct zplw_fs *fs, char **a, int n)
{
	uint64_t dir, obj, d2;
	const char *name, *n2;
	int err;
#define NEED(k)                                                                \
	if (n != (k))                                                          \
	return -ZFS_EINVAL
	if (!strcmp(a[0], "sync") || !strcmp(a[0], "commit")) {
		NEED(1);
		uint64_t txg = wpool_txg(p);
		err = zplw_commit(fs);
		if (!err && a[0][0] == 'c') {
			printf("committed %llu\n", (unsigned long long)txg);
			fflush(stdout);
		}
		return err;
	}
	if (!strcmp(a[0], "df")) {
		uint64_t size, avail;
		NEED(1);
		zplw_statfs(fs, &size, &avail);
		printf("%llu %llu\n", (unsigned long long)size,
		       (unsigned long long)avail);
		return 0;
	}
	if (n < 2)
		return -ZFS_EINVAL;
	if (!strcmp(a[0], "create") || !strcmp(a[0], "mkdir")) {
		if (n != 2 && n != 3)
			return -ZFS_EINVAL;
		uint32_t mode = n == 3		 ? strtoul(a[2], NULL, 8)
				: a[0][0] == 'c' ? 0644
						 : 0755;
		if ((err = parent_of(fs, a[1], &dir, &name)))
			return err;
		return a[0][0] == 'c'
			   ? zplw_create(fs, dir, name, mode, 0, 0, &obj)
			   : zplw_mkdir(fs, dir, name, mode, 0, 0, &obj);
	}
	if (!strcmp(a[0], "write") || !strcmp(a[0], "append")) {
		bool app = a[0][0] == 'a';
		NEED(app ? 3 : 4);
		err = zplw_walk(fs, a[1], &obj);
		if (err == -ZFS_ENOENT && !app) {
			err = parent_of(fs, a[1], &dir, &name);
			if (!err)
				err = zplw_create(fs, dir, name, 0644, 0, 0,
						  &obj);
		}
		if (err)
			return err;
		uint64_t off = 0;
		if (app) {
			struct zplr_stat st;
			err = zplw_getattr(fs, obj, &st);
			off = st.size;
		} else {
			off = strtoull(a[2], NULL, 0);
		}
		return err ? err : copy_in(fs, obj, off, a[app ? 2 : 3]);
	}
	if (!strcmp(a[0], "truncate")) {
		NEED(3);
		err = zplw_walk(fs, a[1], &obj);
		return err ? err
			   : zplw_truncate(fs, obj, strtoull(a[2], NULL, 0));
	}
	if (!strcmp(a[0], "rm") || !strcmp(a[0], "rmdir")) {
		NEED(2);
		if ((err = parent_of(fs, a[1], &dir, &name)))
			return err;
		return strcmp(a[0], "rm") == 0 ? zplw_unlink(fs, dir, name)
					       : zplw_rmdir(fs, dir, name);
	}
	if (!strcmp(a[0], "mv")) {
		NEED(3);
		if ((err = parent_of(fs, a[1], &dir, &name)) ||
		    (err = parent_of(fs, a[2], &d2, &n2)))
			return err;
		return zplw_rename(fs, dir, name, d2, n2);
	}
	if (!strcmp(a[0], "link")) {
		NEED(3);
		if ((err = zplw_walk(fs, a[1], &obj)) ||
		    (err = parent_of(fs, a[2], &dir, &name)))
			return err;
		return zplw_link(fs, dir, name, obj);
	}
	if (!strcmp(a[0], "symlink")) {
		NEED(3);
		if ((err = parent_of(fs, a[2], &dir, &name)))
			return err;
		return zplw_symlink(fs, dir, name, a[1], 0, 0, &obj);
	}
	if (!strcmp(a[0], "chmod")) {
		NEED(3);
		err = zplw_walk(fs, a[2], &obj);
		return err ? err : zplw_chmod(fs, obj, strtoul(a[1], NULL, 8));
	}
	if (!strcmp(a[0], "utime")) {
		NEED(4);
		uint64_t at[2] = {strtoull(a[2], NULL, 0), 0};
		uint64_t mt[2] = {strtoull(a[3], NULL, 0), 0};
		err = zplw_walk(fs, a[1], &obj);
		return err ? err : zplw_utimens(fs, obj, at, mt);
	}
	return -ZFS_EINVAL;
#undef NEED
}

int zfs_apply(const char *image, const char *script)
{
	FILE *f = fopen(script, "r");
	int fd = open(image, O_RDWR | O_CLOEXEC), err;
	struct zfs_wpool *p = NULL;
	struct zplw_fs *fs = NULL;
	char errbuf[256], *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;

	if (!f || fd < 0) {
		perror(!f ? script : image);
		return 1;
	}
	off_t size = lseek(fd, 0, SEEK_END);
	struct zfs_bio bio = {&fd, host_bio_read, host_bio_write,
			      (uint64_t)size, host_bio_flush};
	err = wpool_open(&bio, &p, errbuf, sizeof(errbuf));
	if (err) {
		fprintf(stderr, "osv-zfs: %s: %s\n", image, errbuf);
		goto out;
	}
	err = zplw_mount(p, &fs);
	if (err) {
		fprintf(stderr, "osv-zfs: %s: %s\n", image, zplw_error(fs));
		goto out;
	}
	zplw_set_time(fs, now(), 0);
	while (getline(&line, &cap, f) > 0) {
		char *a[8], *s = line, *tok;
		int n = 0;
		lineno++;
		line[strcspn(line, "\n")] = 0;
		bool may_fail = *s == '-';
		s += may_fail;
		while (n < 8 && (tok = strsep(&s, " ")))
			if (*tok)
				a[n++] = tok;
		if (!n || a[0][0] == '#')
			continue;
		err = op(p, fs, a, n);
		if (!err && wpool_dirty_bytes(p) > AUTO_COMMIT)
			err = zplw_commit(fs);
		if (err) {
			fprintf(stderr, "osv-zfs: %s:%u: %s: %s\n", script,
				lineno, a[0], strerror(-err));
			if (!may_fail)
				goto out;
			err = 0;
		}
	}
	err = zplw_commit(fs);
	if (err)
		fprintf(stderr, "osv-zfs: %s: %s\n", image, zplw_error(fs));
out:
	zplw_unmount(fs);
	wpool_close(p);
	free(line);
	fclose(f);
	close(fd);
	return err ? 1 : 0;
}
