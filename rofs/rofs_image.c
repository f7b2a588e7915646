/*
 * A rofs image on the host: mapped read-only, checked with the same
 * reader the kernel uses, then listed, verified, read or extracted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rofs_host.h"

int rofs_image_open(struct rofs_image *img, const char *path)
{
	struct rofs_error err;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*img = (struct rofs_image){.path = path};
	if (fd < 0)
		return rofs_fail("%s: %s", path, strerror(errno));
	if (fstat(fd, &st)) {
		close(fd);
		return rofs_fail("%s: %s", path, strerror(errno));
	}
	img->size = (size_t)st.st_size;
	img->base = img->size
			? mmap(NULL, img->size, PROT_READ, MAP_PRIVATE, fd, 0)
			: NULL;
	close(fd);
	if (img->base == MAP_FAILED) {
		img->base = NULL;
		return rofs_fail("%s: %s", path, strerror(errno));
	}
	if (rofs_check_super(&img->fs, img->base, img->size, img->size, &err) ||
	    rofs_check_meta(&img->fs, img->base + img->fs.meta_offset, &err)) {
		rofs_image_close(img);
		return rofs_fail("%s: %s", path, err.msg);
	}
	return 0;
}

void rofs_image_close(struct rofs_image *img)
{
	if (img->base)
		munmap((void *)img->base, img->size);
	img->base = NULL;
}

const unsigned char *rofs_image_data(const struct rofs_image *img, uint32_t ino,
				     size_t *len)
{
	struct rofs_inode in;

	rofs_inode(&img->fs, ino, &in);
	*len = in.size;
	return img->base + in.where;
}

/* ---- walking ----------------------------------------------------- */

/* Calls fn(ino, path) for every inode below dir, depth first. */
static int
walk(const struct rofs_image *img, uint32_t dir, char *path, size_t len,
     int (*fn)(const struct rofs_image *, uint32_t, const char *, void *),
     void *arg)
{
	struct rofs_inode in;
	int rc = 0;

	rofs_inode(&img->fs, dir, &in);
	for (uint64_t i = 0; !rc && i < in.size; i++) {
		struct rofs_entry e;
		rofs_dirent_at(&img->fs, dir, i, &e);
		path[len] = '/';
		memcpy(path + len + 1, e.name, e.name_len);
		path[len + 1 + e.name_len] = '\0';
		rc = fn(img, e.ino, path, arg);
		if (!rc && e.type == ROFS_DT_DIR)
			rc = walk(img, e.ino, path, len + 1 + e.name_len, fn,
				  arg);
	}
	return rc;
}

/* The deepest directory's depth: parents have smaller numbers. */
static uint32_t max_depth(const struct rofs_image *img)
{
	uint32_t *depth = calloc(img->fs.inode_count, sizeof(*depth));
	uint32_t max = 0;

	if (!depth) {
		rofs_fail("out of memory");
		exit(1);
	}
	for (uint32_t ino = 1; ino < img->fs.inode_count; ino++) {
		if (!rofs_is_dir(&img->fs, ino))
			continue;
		depth[ino] = depth[rofs_parent(&img->fs, ino)] + 1;
		if (depth[ino] > max)
			max = depth[ino];
	}
	free(depth);
	return max;
}

static int walk_all(const struct rofs_image *img,
		    int (*fn)(const struct rofs_image *, uint32_t, const char *,
			      void *),
		    void *arg)
{
	size_t cap = ((size_t)max_depth(img) + 2) * (ROFS_NAME_MAX + 1);
	char *path = malloc(cap);
	int rc;

	if (!path)
		return rofs_fail("out of memory");
	path[0] = '\0';
	rc = fn(img, ROFS_ROOT_INO, "/", arg);
	if (!rc)
		rc = walk(img, ROFS_ROOT_INO, path, 0, fn, arg);
	free(path);
	return rc;
}

/* ---- list -------------------------------------------------------- */

static int list_one(const struct rofs_image *img, uint32_t ino,
		    const char *path, void *arg)
{
	FILE *out = arg;
	struct rofs_inode in;
	char type;

	rofs_inode(&img->fs, ino, &in);
	switch (in.mode & ROFS_S_IFMT) {
	case ROFS_S_IFDIR:
		type = 'd';
		break;
	case ROFS_S_IFLNK:
		type = 'l';
		break;
	default:
		type = '-';
	}
	fprintf(out,
		"%c %04o %" PRIu32 " %" PRIu32 " %" PRIu32 " %" PRIu64
		" %" PRId64 ".%09" PRId64 " %s",
		type, in.mode & ROFS_S_PERM, in.uid, in.gid, in.nlink, in.size,
		in.mtime_ns / 1000000000 - (in.mtime_ns % 1000000000 < 0),
		(in.mtime_ns % 1000000000 + 1000000000) % 1000000000, path);
	if (type == 'l') {
		size_t len;
		const char *t = rofs_link_target(&img->fs, ino, &len);
		fprintf(out, " -> %.*s", (int)len, t);
	}
	fputc('\n', out);
	return 0;
}

void rofs_image_list(const struct rofs_image *img, FILE *out)
{
	walk_all(img, list_one, out);
}

/* ---- verify ------------------------------------------------------ */

int rofs_image_verify(const struct rofs_image *img)
{
	int rc = 0;

	for (uint32_t ino = 0; ino < img->fs.inode_count; ino++) {
		struct rofs_inode in;
		size_t len;

		rofs_inode(&img->fs, ino, &in);
		if ((in.mode & ROFS_S_IFMT) != ROFS_S_IFREG)
			continue;
		const unsigned char *p = rofs_image_data(img, ino, &len);
		uint32_t crc = rofs_crc32c(0, p, len);
		if (crc != in.aux)
			rc = rofs_fail("%s: inode %" PRIu32 ": data at offset "
				       "0x%" PRIx64 ", %zu bytes: checksum "
				       "0x%" PRIx32 ", computed 0x%" PRIx32,
				       img->path, ino, in.where, len, in.aux,
				       crc);
	}
	return rc;
}

/* ---- cat --------------------------------------------------------- */

static int lookup(const struct rofs_image *img, const char *path, uint32_t *ino)
{
	int rc = rofs_lookup_path(&img->fs, path, ino);

	if (rc)
		return rofs_fail("%s: %s: %s", img->path, path, strerror(-rc));
	return 0;
}

int rofs_image_cat(const struct rofs_image *img, const char *path, FILE *out)
{
	uint32_t ino;
	size_t len;

	if (lookup(img, path, &ino))
		return 1;
	if (rofs_type(&img->fs, ino) != ROFS_S_IFREG)
		return rofs_fail("%s: %s: not a regular file", img->path, path);
	const unsigned char *p = rofs_image_data(img, ino, &len);
	if (fwrite(p, 1, len, out) != len || fflush(out))
		return rofs_fail("write error: %s", strerror(errno));
	return 0;
}

/* ---- extract ----------------------------------------------------- */

struct extract {
	const char *dir;
	char *buf;
	size_t cap;
	char **linked; /* by inode: where a file with nlink > 1 went */
};

static struct timespec ts_of(int64_t ns)
{
	int64_t s = ns / 1000000000, r = ns % 1000000000;

	if (r < 0)
		s--, r += 1000000000;
	return (struct timespec){.tv_sec = s, .tv_nsec = r};
}

static const char *host_path(struct extract *x, const char *path)
{
	size_t need = strlen(x->dir) + strlen(path) + 1;

	if (need > x->cap) {
		x->cap = 2 * need;
		x->buf = realloc(x->buf, x->cap);
		if (!x->buf) {
			rofs_fail("out of memory");
			exit(1);
		}
	}
	strcpy(stpcpy(x->buf, x->dir), strcmp(path, "/") ? path : "");
	return x->buf;
}

static int write_file(const struct rofs_image *img, uint32_t ino,
		      const char *to)
{
	size_t len;
	const unsigned char *p = rofs_image_data(img, ino, &len);
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return rofs_fail("%s: %s", to, strerror(errno));
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return rofs_fail("%s: %s", to, strerror(errno));
		}
		p += w, len -= (size_t)w;
	}
	return close(fd) ? rofs_fail("%s: %s", to, strerror(errno)) : 0;
}

static int set_attrs(const struct rofs_inode *in, const char *to)
{
	struct timespec t[2] = {ts_of(in->atime_ns), ts_of(in->mtime_ns)};
	bool link = (in->mode & ROFS_S_IFMT) == ROFS_S_IFLNK;

	/* Owners only where allowed (as root); modes and times always. */
	if (lchown(to, in->uid, in->gid) && errno != EPERM)
		return rofs_fail("%s: %s", to, strerror(errno));
	if (!link && chmod(to, in->mode & ROFS_S_PERM))
		return rofs_fail("%s: %s", to, strerror(errno));
	if (utimensat(AT_FDCWD, to, t, AT_SYMLINK_NOFOLLOW))
		return rofs_fail("%s: %s", to, strerror(errno));
	return 0;
}

static int extract_one(const struct rofs_image *img, uint32_t ino,
		       const char *path, void *arg)
{
	struct extract *x = arg;
	const char *to = host_path(x, path);
	struct rofs_inode in;
	int rc = 0;

	rofs_inode(&img->fs, ino, &in);
	switch (in.mode & ROFS_S_IFMT) {
	case ROFS_S_IFDIR:
		if (mkdir(to, 0700))
			return rofs_fail("%s: %s", to, strerror(errno));
		return 0; /* attributes once its contents are in */
	case ROFS_S_IFLNK: {
		size_t len;
		const char *t = rofs_link_target(&img->fs, ino, &len);
		char *target = strndup(t, len);
		if (!target)
			return rofs_fail("out of memory");
		if (symlink(target, to))
			rc = rofs_fail("%s: %s", to, strerror(errno));
		free(target);
		break;
	}
	default:
		if (in.nlink > 1 && x->linked[ino])
			return link(x->linked[ino], to)
				   ? rofs_fail("%s: %s", to, strerror(errno))
				   : 0;
		rc = write_file(img, ino, to);
		if (!rc && in.nlink > 1 && !(x->linked[ino] = strdup(to)))
			rc = rofs_fail("out of memory");
	}
	return rc ? rc : set_attrs(&in, to);
}

/* Directories after everything was made in them, which would change
 * their times; setting one's times leaves its parent's alone. */
static int dir_attrs(const struct rofs_image *img, uint32_t ino,
		     const char *path, void *arg)
{
	struct extract *x = arg;
	struct rofs_inode in;

	if (!rofs_is_dir(&img->fs, ino))
		return 0;
	rofs_inode(&img->fs, ino, &in);
	return set_attrs(&in, host_path(x, path));
}

int rofs_image_extract(const struct rofs_image *img, const char *dir)
{
	struct extract x = {.dir = dir};
	int rc;

	x.linked = calloc(img->fs.inode_count, sizeof(*x.linked));
	if (!x.linked)
		return rofs_fail("out of memory");
	rc = walk_all(img, extract_one, &x);
	if (!rc)
		rc = walk_all(img, dir_attrs, &x);
	for (uint32_t i = 0; i < img->fs.inode_count; i++)
		free(x.linked[i]);
	free(x.linked);
	free(x.buf);
	return rc;
}
