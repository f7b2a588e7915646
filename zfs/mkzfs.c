/*
 * osv-mkzfs [-p POOL] [-s SIZE] [-a ASHIFT] [-c lz4|off] DIR IMAGE: writes
 * a ZFS pool image whose root dataset holds DIR's tree.
 *
 * The host side of libzfscore: it walks DIR, hands the tree to zpl.c,
 * and gives the library a block device over IMAGE.tmp, renamed to IMAGE
 * once the pool is complete.  Timestamps in the image are
 * SOURCE_DATE_EPOCH (0 when unset), so the same tree gives the same
 * bytes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "hostbio.h"
#include "zfs.h"

static const char *prog = "osv-mkzfs";

struct file {
	char *path;
	struct file *next;
};

struct walk {
	struct zpl_builder *zb;
	struct file *files;
	uint64_t bytes, nodes, xattr_files;
	/* hard links: (dev, ino) of files with st_nlink > 1 */
	struct link {
		dev_t dev;
		ino_t ino;
		struct zpl_node *node;
	} * links;
	size_t nlinks, caplinks;
};

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* Files are read block by block, in order: keep the last one open. */
static const char *open_path;
static int open_fd = -1;

static void close_file(void)
{
	if (open_fd >= 0)
		close(open_fd);
	open_fd = -1;
	open_path = NULL;
}

static int read_file(void *arg, uint64_t off, void *buf, size_t len)
{
	const char *path = arg;
	if (path != open_path) {
		close_file();
		open_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (open_fd < 0) {
			fail("%s: %s", path, strerror(errno));
			return -ZFS_EIO;
		}
		open_path = path;
	}
	int fd = open_fd;
	/* Holes in the source stay holes, without reading them. */
	off_t data = lseek(fd, (off_t)off, SEEK_DATA);
	if ((data < 0 && errno == ENXIO) ||
	    (data >= 0 && (uint64_t)data >= off + len))
		return 1;
	size_t done = 0;
	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(off + done));
		if (n <= 0) {
			fail("%s: %s", path,
			     n < 0 ? strerror(errno)
				   : "file shrank while read");
			close_file();
			return -ZFS_EIO;
		}
		done += n;
	}
	return 0;
}

static struct zpl_node *find_link(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nlinks; i++)
		if (w->links[i].dev == st->st_dev &&
		    w->links[i].ino == st->st_ino)
			return w->links[i].node;
	return NULL;
}

static int remember_link(struct walk *w, const struct stat *st,
			 struct zpl_node *n)
{
	if (w->nlinks == w->caplinks) {
		size_t cap = w->caplinks ? 2 * w->caplinks : 16;
		struct link *l = realloc(w->links, cap * sizeof(*l));
		if (!l)
			return fail("out of memory");
		w->links = l;
		w->caplinks = cap;
	}
	w->links[w->nlinks++] = (struct link){st->st_dev, st->st_ino, n};
	return 0;
}

static int walk_dir(struct walk *w, const char *path, struct zpl_node *dir);

static int add_entry(struct walk *w, const char *path, const char *name,
		     struct zpl_node *dir)
{
	struct stat st;
	struct zpl_attr a;
	struct zpl_node *n = NULL;

	if (strlen(name) > 255)
		return fail("%s: name too long (%zu bytes, at most 255)", path,
			    strlen(name));
	if (lstat(path, &st) != 0)
		return fail("%s: %s", path, strerror(errno));
	if (llistxattr(path, NULL, 0) > 0)
		w->xattr_files++;
	/* Devices as a 64-bit Solaris dev_t: major above minor, 32 bits
	 * each, which is how ZFS stores them. */
	a = (struct zpl_attr){
	    st.st_mode, st.st_uid, st.st_gid, (uint64_t)st.st_size,
	    (uint64_t)major(st.st_rdev) << 32 | minor(st.st_rdev)};
	w->nodes++;
	if (S_ISDIR(st.st_mode)) {
		n = zpl_mkdir(w->zb, dir, name, &a);
		if (n)
			return walk_dir(w, path, n);
	} else if (S_ISREG(st.st_mode)) {
		struct zpl_node *first =
		    st.st_nlink > 1 ? find_link(w, &st) : NULL;
		if (first) {
			if (zpl_link(w->zb, dir, name, first))
				return fail("%s: %s", path, zpl_error(w->zb));
			return 0;
		}
		/* Fail now, before anything is written, if it is unreadable. */
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return fail("%s: %s", path, strerror(errno));
		close(fd);
		struct file *f = malloc(sizeof(*f));
		char *p = strdup(path);
		if (!f || !p) {
			free(f);
			free(p);
			return fail("out of memory");
		}
		*f = (struct file){p, w->files};
		w->files = f;
		w->bytes += (uint64_t)st.st_size;
		n = zpl_file(w->zb, dir, name, &a, read_file, p);
		if (n && st.st_nlink > 1 && remember_link(w, &st, n))
			return -1;
	} else if (S_ISLNK(st.st_mode)) {
		char target[4097];
		ssize_t len = readlink(path, target, sizeof(target) - 1);
		if (len < 0)
			return fail("%s: %s", path, strerror(errno));
		target[len] = 0;
		n = zpl_symlink(w->zb, dir, name, &a, target);
	} else {
		/* FIFOs, sockets, devices (hard links to them are rare
		 * enough to be copies) */
		n = zpl_special(w->zb, dir, name, &a);
	}
	if (!n)
		return fail("%s: %s", path, zpl_error(w->zb));
	return 0;
}

static int walk_dir(struct walk *w, const char *path, struct zpl_node *dir)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int err = 0;

	if (!d)
		return fail("%s: %s", path, strerror(errno));
	while (!err && (errno = 0, de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		char *sub;
		if (asprintf(&sub, "%s/%s", path, de->d_name) < 0) {
			err = fail("out of memory");
			break;
		}
		err = add_entry(w, sub, de->d_name, dir);
		free(sub);
	}
	if (!err && errno)
		err = fail("%s: %s", path, strerror(errno));
	closedir(d);
	return err;
}

/* ---- the image file as a block device ---- */

static int parse_size(const char *s, uint64_t *v)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	int shift = 0;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10, end++;
		break;
	case 'm':
	case 'M':
		shift = 20, end++;
		break;
	case 'g':
	case 'G':
		shift = 30, end++;
		break;
	case 't':
	case 'T':
		shift = 40, end++;
		break;
	}
	if (errno || end == s || *end || n == 0 || n > (UINT64_MAX >> shift))
		return -1;
	*v = (uint64_t)n << shift;
	return 0;
}

static bool valid_pool_name(const char *s)
{
	static const char *reserved[] = {"mirror", "raidz", "draid",   "spare",
					 "log",	   "cache", "special", "dedup"};
	size_t n = strlen(s);
	if (n == 0 || n > 200 ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789_-.:",
			s[i]))
			return false;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(*reserved); i++)
		if (strncmp(s, reserved[i], strlen(reserved[i])) == 0)
			return false;
	return true;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [-p POOL] [-s SIZE] [-a ASHIFT] [-c lz4|off] DIR "
		"IMAGE\n"
		"  -p POOL    pool name (default: osv)\n"
		"  -s SIZE    image size, with K, M, G or T (default: from "
		"the tree, at least 64M)\n"
		"  -a ASHIFT  log2 of the sector size, 9 to 16 (default: 12)\n"
		"  -c ALG     compression: lz4 (default) or off\n",
		prog);
}

int main(int argc, char **argv)
{
	const char *pool = "osv";
	uint64_t size = 0, ts = 0;
	int ashift = 12, compress = ZIO_COMPRESS_LZ4, opt;

	while ((opt = getopt(argc, argv, "p:s:a:c:h")) != -1) {
		switch (opt) {
		case 'p':
			pool = optarg;
			break;
		case 's':
			if (parse_size(optarg, &size))
				return fail("bad size '%s'", optarg), 2;
			break;
		case 'a':
			ashift = atoi(optarg);
			if (ashift < 9 || ashift > 16)
				return fail("ashift must be 9 to 16"), 2;
			break;
		case 'c':
			if (strcmp(optarg, "lz4") == 0)
				compress = ZIO_COMPRESS_LZ4;
			else if (strcmp(optarg, "off") == 0)
				compress = ZIO_COMPRESS_OFF;
			else
				return fail("compression must be lz4 or off, "
					    "not '%s'",
					    optarg),
				       2;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage();
		return 2;
	}
	if (!valid_pool_name(pool))
		return fail("invalid pool name '%s'", pool), 2;
	const char *src = argv[optind], *image = argv[optind + 1];
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde)
		ts = strtoull(sde, NULL, 10);

	struct stat st;
	if (stat(src, &st) != 0)
		return fail("%s: %s", src, strerror(errno)), 1;
	if (!S_ISDIR(st.st_mode))
		return fail("%s: not a directory", src), 1;

	struct walk w = {.zb = zpl_new(ts)};
	if (!w.zb)
		return fail("out of memory"), 1;
	struct zpl_attr ra = {st.st_mode, st.st_uid, st.st_gid, 0, 0};
	zpl_root(w.zb, &ra);
	int rc = walk_dir(&w, src, zpl_root(w.zb, NULL)) ? 1 : 0;

	if (!rc && size == 0) {
		/* Data, indirect blocks and ~16 KiB of metadata per object,
		 * a quarter more for slack; the file is sparse anyway. */
		uint64_t est =
		    w.bytes + w.bytes / 64 + w.nodes * 16384 + (32ull << 20);
		size = est + est / 4;
		if (size < ZFS_MINDEVSIZE)
			size = ZFS_MINDEVSIZE;
	}
	size &= ~(uint64_t)(VDEV_LABEL_SIZE - 1);
	if (!rc && size < ZFS_MINDEVSIZE)
		rc = fail("the image must be at least 64M");

	char *tmp = NULL;
	int fd = -1;
	if (!rc && asprintf(&tmp, "%s.tmp", image) < 0)
		rc = fail("out of memory");
	if (!rc) {
		fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || ftruncate(fd, (off_t)size) != 0)
			rc = fail("%s: %s", tmp, strerror(errno));
	}
	if (!rc) {
		struct zfs_bio bio = {&fd, host_bio_read, host_bio_write, size, NULL};
		/* The vdev's path is only a hint for importing; the file
		 * name alone keeps the image independent of where it is
		 * written. */
		const char *base = strrchr(image, '/');
		struct zfs_pool_params prm = {
		    pool, base ? base + 1 : image, ashift, ts, 0, compress};
		struct zfs_pool *p = NULL;
		int err = pool_create(&prm, &bio, &p);
		if (err)
			rc = fail("%s", pool_error(p));
		if (!rc && zpl_write(w.zb, pool_root_objset(p)))
			rc = fail("%s", zpl_error(w.zb));
		if (!rc && pool_finish(p))
			rc = fail("%s", pool_error(p));
		if (rc && p && strstr(pool_writer(p)->err, "full"))
			fail("the tree in %s does not fit in %" PRIu64
			     " bytes; use a larger -s",
			     src, size);
		pool_free(p);
		close_file();
	}
	if (!rc && w.xattr_files)
		fprintf(stderr,
			"%s: warning: the extended attributes of %" PRIu64
			" files are not copied\n",
			prog, w.xattr_files);
	if (fd >= 0 && close(fd) != 0 && !rc)
		rc = fail("%s: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, image) != 0)
		rc = fail("%s: %s", image, strerror(errno));
	if (rc && tmp)
		unlink(tmp);
	free(tmp);
	for (struct file *f = w.files, *next; f; f = next) {
		next = f->next;
		free(f->path);
		free(f);
	}
	free(w.links);
	zpl_free(w.zb);
	return rc;
}
