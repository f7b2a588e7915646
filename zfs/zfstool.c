/*
 * osv-zfs ls|cat|stat|bp IMAGE PATH, osv-zfs get IMAGE PATH DEST: reads a
 * pool image with the same code the kernel module will use
 * (dmu_read.c, zpl_read.c), for tests and for looking into images.
 *
 *   ls    one line per entry, sorted: mode (octal), size, name
 *   cat   the file's contents
 *   stat  the object's attributes, and a symlink's target
 *   bp    the block pointers in the object's dnode, as zdb -E takes
 *         them (16 hex words)
 *   get   copies PATH (a file, or a directory with everything below
 *         it) out to DEST, which must not exist: contents, symlinks,
 *         FIFOs, sockets, modes; devices and owners when run as root
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hostbio.h"
#include "zfs.h"

struct entry {
	char *name;
	uint64_t obj;
};

struct list {
	struct entry *e;
	size_t n, cap;
};

static int collect(void *arg, const char *name, uint64_t obj)
{
	struct list *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct entry *e = realloc(l->e, cap * sizeof(*e));
		if (!e)
			return -ZFS_ENOMEM;
		l->e = e;
		l->cap = cap;
	}
	l->e[l->n].name = strdup(name);
	l->e[l->n++].obj = obj;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static int do_ls(struct zplr_fs *fs, uint64_t obj)
{
	struct list l = {0};
	struct zplr_stat st;
	int err = zplr_stat(fs, obj, &st);
	if (!err && !S_ISDIR(st.mode)) {
		printf("%06" PRIo64 " %" PRIu64 " %s\n", st.mode, st.size, "");
		return 0;
	}
	if (!err)
		err = zplr_readdir(fs, obj, collect, &l);
	qsort(l.e, l.n, sizeof(*l.e), by_name);
	for (size_t i = 0; !err && i < l.n; i++) {
		err = zplr_stat(fs, l.e[i].obj, &st);
		if (!err)
			printf("%06" PRIo64 " %" PRIu64 " %s\n", st.mode,
			       st.size, l.e[i].name);
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.e[i].name);
	free(l.e);
	return err;
}

static int do_cat(struct zplr_fs *fs, uint64_t obj)
{
	size_t bs = 1 << 20, got;
	char *buf = malloc(bs);
	int err = buf ? 0 : -ZFS_ENOMEM;
	for (uint64_t off = 0; !err; off += got) {
		err = zplr_read(fs, obj, off, buf, bs, &got);
		if (err || got == 0)
			break;
		if (fwrite(buf, 1, got, stdout) != got)
			err = -ZFS_EIO;
	}
	free(buf);
	return err;
}

static int do_stat(struct zplr_fs *fs, uint64_t obj)
{
	struct zplr_stat st;
	int err = zplr_stat(fs, obj, &st);
	if (err)
		return err;
	printf("object: %" PRIu64 "\nmode: %06" PRIo64 "\nsize: %" PRIu64
	       "\nlinks: %" PRIu64 "\nuid: %" PRIu64 "\ngid: %" PRIu64
	       "\nparent: %" PRIu64 "\nmtime: %" PRIu64 ".%09" PRIu64 "\n",
	       st.obj, st.mode, st.size, st.links, st.uid, st.gid, st.parent,
	       st.mtime[0], st.mtime[1]);
	if (S_ISCHR(st.mode) || S_ISBLK(st.mode))
		printf("rdev: %" PRIu64 ",%" PRIu64 "\n", st.rdev >> 32,
		       st.rdev & 0xffffffff);
	if (S_ISLNK(st.mode)) {
		char target[4097];
		err = zplr_readlink(fs, obj, target, sizeof(target));
		if (!err)
			printf("target: %s\n", target);
	}
	return err;
}

/* The object's block pointers in the dnode, as zdb -E takes them:
 * 16 words in hex, colon-separated. */
static int do_bp(struct zfs_reader *r, uint64_t obj)
{
	struct zr_objset os;
	dnode_phys_t dn;
	int err = zr_root_dataset(r, &os);
	if (!err)
		err = zr_dnode(r, &os, obj, &dn);
	for (int i = 0; !err && i < dn.dn_nblkptr; i++) {
		const uint64_t *w = (const uint64_t *)&dn.dn_blkptr[i];
		for (int k = 0; k < 16; k++)
			printf("%s%" PRIx64, k ? ":" : "", w[k]);
		printf("\n");
	}
	return err;
}

/* ---- get: copying out ---- */

static int copy_file(struct zplr_fs *fs, uint64_t obj, const char *dest,
		     const struct zplr_stat *st)
{
	size_t bs = 1 << 20, got;
	char *buf = malloc(bs);
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int err = buf && fd >= 0 ? 0 : -ZFS_EIO;
	if (fd < 0)
		fprintf(stderr, "osv-zfs: %s: %s\n", dest, strerror(errno));
	for (uint64_t off = 0; !err; off += got) {
		err = zplr_read(fs, obj, off, buf, bs, &got);
		if (err || got == 0)
			break;
		if (pwrite(fd, buf, got, (off_t)off) != (ssize_t)got) {
			fprintf(stderr, "osv-zfs: %s: %s\n", dest,
				strerror(errno));
			err = -ZFS_EIO;
		}
	}
	if (!err && ftruncate(fd, (off_t)st->size) != 0)
		err = -ZFS_EIO; /* a hole at the end */
	if (fd >= 0 && close(fd) != 0 && !err)
		err = -ZFS_EIO;
	free(buf);
	return err;
}

static int get(struct zplr_fs *fs, uint64_t obj, const char *dest);

static int get_dir(struct zplr_fs *fs, uint64_t obj, const char *dest)
{
	struct list l = {0};
	int err = mkdir(dest, 0700) == 0 ? 0 : -ZFS_EIO;
	if (err)
		fprintf(stderr, "osv-zfs: %s: %s\n", dest, strerror(errno));
	if (!err)
		err = zplr_readdir(fs, obj, collect, &l);
	for (size_t i = 0; !err && i < l.n; i++) {
		char *sub;
		if (asprintf(&sub, "%s/%s", dest, l.e[i].name) < 0)
			err = -ZFS_ENOMEM;
		if (!err)
			err = get(fs, l.e[i].obj, sub);
		free(sub);
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.e[i].name);
	free(l.e);
	return err;
}

static int get(struct zplr_fs *fs, uint64_t obj, const char *dest)
{
	struct zplr_stat st;
	int err = zplr_stat(fs, obj, &st);
	if (err)
		return err;
	if (S_ISDIR(st.mode)) {
		err = get_dir(fs, obj, dest);
	} else if (S_ISREG(st.mode)) {
		err = copy_file(fs, obj, dest, &st);
	} else if (S_ISLNK(st.mode)) {
		char target[4097];
		err = zplr_readlink(fs, obj, target, sizeof(target));
		if (!err && symlink(target, dest) != 0) {
			fprintf(stderr, "osv-zfs: %s: %s\n", dest,
				strerror(errno));
			err = -ZFS_EIO;
		}
		if (!err && geteuid() == 0 &&
		    lchown(dest, (uid_t)st.uid, (gid_t)st.gid) != 0)
			err = -ZFS_EIO;
		return err;
	} else if (mknod(dest, (mode_t)(st.mode & (S_IFMT | 0777)),
			 makedev(st.rdev >> 32, st.rdev & 0xffffffff)) != 0) {
		/* devices need privileges: said, and skipped */
		fprintf(stderr, "osv-zfs: %s: %s\n", dest, strerror(errno));
		return errno == EPERM ? 0 : -ZFS_EIO;
	}
	if (!err && geteuid() == 0 &&
	    chown(dest, (uid_t)st.uid, (gid_t)st.gid) != 0)
		err = -ZFS_EIO;
	if (!err && chmod(dest, (mode_t)(st.mode & 07777)) != 0)
		err = -ZFS_EIO;
	return err;
}

int main(int argc, char **argv)
{
	bool is_get = argc == 5 && strcmp(argv[1], "get") == 0;
	if (argc == 4 && strcmp(argv[1], "apply") == 0)
		return zfs_apply(argv[2], argv[3]);
	if (!is_get &&
	    (argc != 4 || (strcmp(argv[1], "ls") && strcmp(argv[1], "cat") &&
			   strcmp(argv[1], "stat") && strcmp(argv[1], "bp")))) {
		fprintf(stderr, "usage: osv-zfs ls|cat|stat|bp IMAGE PATH\n"
				"       osv-zfs get IMAGE PATH DEST\n");
		return 2;
	}
	int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		perror(argv[2]);
		return 1;
	}
	struct zfs_bio bio = {&fd, host_bio_read, NULL, (uint64_t)sb.st_size, NULL};
	struct zfs_reader *r = NULL;
	struct zplr_fs *fs = NULL;
	char err[256] = "";
	uint64_t obj;
	int rc = zr_open(&bio, &r, err, sizeof(err));
	if (!rc)
		rc = zplr_mount(r, &fs);
	if (!rc) {
		rc = zplr_lookup(fs, argv[3], &obj);
		if (rc == -ZFS_ENOENT) {
			fprintf(stderr, "osv-zfs: %s: no such file\n", argv[3]);
			rc = 1;
			goto out;
		}
	}
	if (!rc && is_get)
		rc = get(fs, obj, argv[4]);
	else if (!rc && strcmp(argv[1], "bp") == 0)
		rc = do_bp(r, obj);
	else if (!rc)
		rc = strcmp(argv[1], "ls") == 0	   ? do_ls(fs, obj)
		     : strcmp(argv[1], "cat") == 0 ? do_cat(fs, obj)
						   : do_stat(fs, obj);
	if (rc)
		fprintf(stderr, "osv-zfs: %s: %s\n", argv[2],
			err[0] ? err : zr_error(r));
out:
	zplr_unmount(fs);
	zr_close(r);
	close(fd);
	return rc ? 1 : 0;
}
