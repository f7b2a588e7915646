/*
 * Building a rofs image from a directory tree (see docs/rofs.md).
 *
 * Accumulate, then serialize:
 *   1. scan: lstat every path under the root, read directories and link
 *      targets, sort each directory's entries by name;
 *   2. number: inodes breadth first, so that a directory's parent always
 *      has a smaller number and the subdirectories of one directory come
 *      in name order (what the reader's tree check expects); a file with
 *      more links than one gets one inode for all its names;
 *   3. lay out: the directory-entry ranges in inode order, the names and
 *      link targets into the string table, each file's data on its own
 *      block boundary after the metadata;
 *   4. write the data (computing each file's checksum on the way), then
 *      the metadata and superblock, into IMAGE.tmp, and rename it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rofs_host.h"

const char *rofs_prog = "osv-mkimage";

int rofs_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", rofs_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

struct node {
	char *path;	  /* on the host, for reading and for messages */
	const char *name; /* the last component of path */
	size_t name_len;
	struct stat st;
	struct node **children; /* directories, sorted by name */
	size_t nchildren;
	char *target; /* symbolic links */
	size_t target_len;
	struct node *parent;
	struct node *same; /* a hard link: the node that has the inode */
	uint32_t names;	   /* of the inode, in the image */
	uint32_t ino;
	uint32_t name_off; /* in the string table */
	uint64_t where;	   /* dirent index, string offset or data offset */
	uint32_t crc;
};

struct build {
	const struct rofs_build_options *opt;
	struct node **inodes; /* by inode number */
	uint32_t ninodes, inodes_cap;
	uint64_t ndirents;
	char *strings;
	size_t strings_size, strings_cap;
	/* files with st_nlink > 1, to find their other names */
	struct node **linked;
	size_t nlinked, linked_cap;
};

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		rofs_fail("out of memory");
		exit(1);
	}
	return q;
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = xrealloc(NULL, a + b + 2);

	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* ---- 1. scan ----------------------------------------------------- */

/* The array doubles at each power of two. */
static void append_child(struct node *dir, struct node *c)
{
	size_t n = dir->nchildren;

	if (n >= 4 && (n & (n - 1)) == 0)
		dir->children = xrealloc(dir->children, 2 * n * sizeof(c));
	else if (n == 0)
		dir->children = xrealloc(NULL, 4 * sizeof(c));
	dir->children[dir->nchildren++] = c;
}

static int name_order(const void *a, const void *b)
{
	const struct node *x = *(struct node *const *)a;
	const struct node *y = *(struct node *const *)b;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(x->name, y->name, n);

	if (c)
		return c;
	return x->name_len < y->name_len ? -1 : x->name_len > y->name_len;
}

static const char *kind(mode_t mode)
{
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "of an unknown type";
}

static int scan(struct build *b, struct node *n);

static int read_link(struct node *n)
{
	size_t cap = (size_t)n->st.st_size + 1;

	n->target = xrealloc(NULL, cap);
	ssize_t len = readlink(n->path, n->target, cap);
	if (len < 0)
		return rofs_fail("%s: %s", n->path, strerror(errno));
	if ((size_t)len >= cap)
		return rofs_fail("%s: the link changed while it was read",
				 n->path);
	if (len == 0 || len > ROFS_SYMLINK_MAX)
		return rofs_fail("%s: link target of %zd bytes (rofs holds "
				 "1 to %d)",
				 n->path, len, ROFS_SYMLINK_MAX);
	n->target_len = (size_t)len;
	return 0;
}

/* Adds the entry name to directory dir (a special file may be left out). */
static int add_child(struct build *b, struct node *dir, const char *name)
{
	struct node *c = calloc(1, sizeof(*c));

	if (!c)
		return rofs_fail("out of memory");
	c->parent = dir;
	c->path = join(dir->path, name);
	c->name = c->path + strlen(dir->path) + 1;
	c->name_len = strlen(name);
	if (c->name_len > ROFS_NAME_MAX)
		return rofs_fail("%s: name of %zu bytes (rofs holds up to %d)",
				 c->path, c->name_len, ROFS_NAME_MAX);
	if (lstat(c->path, &c->st))
		return rofs_fail("%s: %s", c->path, strerror(errno));
	if (!S_ISREG(c->st.st_mode) && !S_ISDIR(c->st.st_mode) &&
	    !S_ISLNK(c->st.st_mode)) {
		if (!b->opt->skip_special)
			return rofs_fail("%s: %s, which rofs cannot hold "
					 "(--skip-special leaves such files "
					 "out)",
					 c->path, kind(c->st.st_mode));
		fprintf(stderr, "%s: warning: %s: %s, left out\n", rofs_prog,
			c->path, kind(c->st.st_mode));
		free(c->path);
		free(c);
		return 0;
	}
	append_child(dir, c);
	if (S_ISLNK(c->st.st_mode))
		return read_link(c);
	if (S_ISDIR(c->st.st_mode))
		return scan(b, c);
	return 0;
}

static int scan(struct build *b, struct node *n)
{
	DIR *d = opendir(n->path);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return rofs_fail("%s: %s", n->path, strerror(errno));
	errno = 0;
	while (!rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		rc = add_child(b, n, e->d_name);
		errno = 0;
	}
	if (!rc && errno)
		rc = rofs_fail("%s: %s", n->path, strerror(errno));
	closedir(d);
	if (!rc)
		qsort(n->children, n->nchildren, sizeof(*n->children),
		      name_order);
	return rc;
}

/*
 * The directories the kernel mounts devfs, procfs and a ramfs on, made
 * empty in the root when the tree lacks them (a read-only root cannot
 * get them later).  Owner and times are the root's.
 */
static void add_mount_points(struct node *root)
{
	static const struct {
		const char *name;
		mode_t mode;
	} points[] = {{"dev", 0755}, {"proc", 0555}, {"tmp", 01777}};

	for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		bool found = false;
		for (size_t k = 0; k < root->nchildren; k++)
			found |=
			    !strcmp(root->children[k]->name, points[i].name);
		if (found)
			continue;
		struct node *c = calloc(1, sizeof(*c));
		if (!c) {
			rofs_fail("out of memory");
			exit(1);
		}
		c->parent = root;
		c->path = join(root->path, points[i].name);
		c->name = c->path + strlen(root->path) + 1;
		c->name_len = strlen(points[i].name);
		c->st = root->st;
		c->st.st_mode = S_IFDIR | points[i].mode;
		append_child(root, c);
	}
	qsort(root->children, root->nchildren, sizeof(*root->children),
	      name_order);
}

/* ---- 2. number --------------------------------------------------- */

static struct node *first_name(struct build *b, struct node *n)
{
	for (size_t i = 0; i < b->nlinked; i++) {
		struct node *o = b->linked[i];
		if (o->st.st_dev == n->st.st_dev &&
		    o->st.st_ino == n->st.st_ino)
			return o;
	}
	return NULL;
}

static int give_inode(struct build *b, struct node *n)
{
	if (!S_ISDIR(n->st.st_mode) && n->st.st_nlink > 1) {
		struct node *o = first_name(b, n);
		if (o) {
			n->same = o;
			n->ino = o->ino;
			o->names++;
			return 0;
		}
		if (b->nlinked == b->linked_cap) {
			b->linked_cap = b->linked_cap ? 2 * b->linked_cap : 64;
			b->linked =
			    xrealloc(b->linked, b->linked_cap * sizeof(n));
		}
		b->linked[b->nlinked++] = n;
	}
	if (b->ninodes == UINT32_MAX)
		return rofs_fail("more than %u files", UINT32_MAX - 1);
	n->ino = b->ninodes;
	n->names = 1;
	if (b->ninodes == b->inodes_cap) {
		b->inodes_cap = b->inodes_cap ? 2 * b->inodes_cap : 256;
		b->inodes = xrealloc(b->inodes, b->inodes_cap * sizeof(n));
	}
	b->inodes[b->ninodes++] = n;
	return 0;
}

/* Breadth first: the inode table itself is the queue. */
static int number(struct build *b, struct node *root)
{
	if (give_inode(b, root))
		return 1;
	for (uint32_t i = 0; i < b->ninodes; i++) {
		struct node *d = b->inodes[i];
		for (size_t k = 0; k < d->nchildren; k++)
			if (give_inode(b, d->children[k]))
				return 1;
	}
	return 0;
}

/* ---- 3. lay out -------------------------------------------------- */

static uint32_t add_string(struct build *b, const char *s, size_t len)
{
	if (b->strings_size + len > b->strings_cap) {
		b->strings_cap = 2 * (b->strings_size + len);
		b->strings = xrealloc(b->strings, b->strings_cap);
	}
	memcpy(b->strings + b->strings_size, s, len);
	b->strings_size += len;
	return (uint32_t)(b->strings_size - len);
}

static uint64_t round_up(uint64_t v)
{
	return (v + ROFS_BLOCK_SIZE - 1) / ROFS_BLOCK_SIZE * ROFS_BLOCK_SIZE;
}

/* Returns the end of the data, or 0 when something does not fit. */
static uint64_t lay_out(struct build *b, uint64_t *meta_size,
			uint64_t *data_offset)
{
	for (uint32_t i = 0; i < b->ninodes; i++) {
		struct node *n = b->inodes[i];
		if (S_ISDIR(n->st.st_mode)) {
			n->where = b->ndirents;
			b->ndirents += n->nchildren;
			for (size_t k = 0; k < n->nchildren; k++) {
				struct node *c = n->children[k];
				c->name_off =
				    add_string(b, c->name, c->name_len);
			}
		} else if (S_ISLNK(n->st.st_mode)) {
			n->where = add_string(b, n->target, n->target_len);
		}
		if (b->strings_size > UINT32_MAX || b->ndirents > UINT32_MAX) {
			rofs_fail("too many names for one image");
			return 0;
		}
	}
	*meta_size = (uint64_t)b->ninodes * ROFS_INODE_SIZE +
		     b->ndirents * ROFS_DIRENT_SIZE + b->strings_size;
	*data_offset = round_up(ROFS_SUPER_SIZE + *meta_size);
	uint64_t end = *data_offset;
	for (uint32_t i = 0; i < b->ninodes; i++) {
		struct node *n = b->inodes[i];
		if (S_ISREG(n->st.st_mode) && n->st.st_size > 0) {
			n->where = end;
			end += round_up((uint64_t)n->st.st_size);
		}
	}
	return end;
}

/* ---- 4. write ---------------------------------------------------- */

static int write_all(int fd, const void *buf, size_t len, uint64_t off,
		     const char *image)
{
	const char *p = buf;

	while (len) {
		ssize_t w = pwrite(fd, p, len, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return rofs_fail("%s: %s", image,
					 w < 0 ? strerror(errno)
					       : "short write");
		p += w, len -= (size_t)w, off += (uint64_t)w;
	}
	return 0;
}

/* Copies a regular file's data to its place, computing its checksum. */
static int copy_data(int out, struct node *n, const char *image, char *buf,
		     size_t bufsize)
{
	int in = open(n->path, O_RDONLY | O_CLOEXEC);
	uint64_t size = (uint64_t)n->st.st_size, done = 0;
	int rc = 0;

	if (in < 0)
		return rofs_fail("%s: %s", n->path, strerror(errno));
	n->crc = 0;
	while (!rc) {
		ssize_t r = read(in, buf, bufsize);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = rofs_fail("%s: %s", n->path, strerror(errno));
		} else if ((uint64_t)r > size - done) {
			rc = rofs_fail("%s: grew while it was read", n->path);
		} else if (r == 0) {
			if (done != size)
				rc = rofs_fail("%s: shrank while it was read",
					       n->path);
			break;
		} else {
			n->crc = rofs_crc32c(n->crc, buf, (size_t)r);
			rc = write_all(out, buf, (size_t)r, n->where + done,
				       image);
			done += (uint64_t)r;
		}
	}
	close(in);
	return rc;
}

static int64_t ns_of(struct timespec t, const char *path)
{
	const int64_t max_s = INT64_MAX / 1000000000 - 1;

	if (t.tv_sec > max_s || t.tv_sec < -max_s) {
		fprintf(stderr,
			"%s: warning: %s: a time past the year 2262, "
			"clamped\n",
			rofs_prog, path);
		t.tv_sec = t.tv_sec > 0 ? max_s : -max_s;
	}
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void encode_inode(const struct build *b, const struct node *n,
			 unsigned char *out)
{
	struct rofs_inode in = {
	    .mode = (uint32_t)n->st.st_mode & (ROFS_S_IFMT | ROFS_S_PERM),
	    .uid = b->opt->set_owner ? b->opt->uid : (uint32_t)n->st.st_uid,
	    .gid = b->opt->set_owner ? b->opt->gid : (uint32_t)n->st.st_gid,
	    .nlink = 1,
	    .where = n->where,
	    .atime_ns = ns_of(n->st.st_atim, n->path),
	    .mtime_ns = ns_of(n->st.st_mtim, n->path),
	    .ctime_ns = ns_of(n->st.st_ctim, n->path),
	};

	if (S_ISDIR(n->st.st_mode)) {
		in.size = n->nchildren;
		in.nlink = 2;
		for (size_t k = 0; k < n->nchildren; k++)
			in.nlink += S_ISDIR(n->children[k]->st.st_mode);
		in.aux = n->parent ? n->parent->ino : 0;
	} else if (S_ISLNK(n->st.st_mode)) {
		in.size = n->target_len;
		in.nlink = n->names;
	} else {
		in.size = (uint64_t)n->st.st_size;
		in.aux = n->crc;
		in.nlink = n->names;
	}
	memcpy(out, &in, sizeof(in));
}

static uint8_t dt_of(mode_t mode)
{
	if (S_ISDIR(mode))
		return ROFS_DT_DIR;
	return S_ISLNK(mode) ? ROFS_DT_LNK : ROFS_DT_REG;
}

/* The metadata: the inodes, the entries, the strings. */
static unsigned char *encode_meta(const struct build *b, uint64_t meta_size)
{
	unsigned char *meta = calloc(1, meta_size ? meta_size : 1);
	unsigned char *p = meta;

	if (!meta)
		return NULL;
	for (uint32_t i = 0; i < b->ninodes; i++, p += ROFS_INODE_SIZE)
		encode_inode(b, b->inodes[i], p);
	for (uint32_t i = 0; i < b->ninodes; i++) {
		const struct node *n = b->inodes[i];
		for (size_t k = 0; S_ISDIR(n->st.st_mode) && k < n->nchildren;
		     k++, p += ROFS_DIRENT_SIZE) {
			const struct node *c = n->children[k];
			struct rofs_dirent d = {
			    .ino = c->ino,
			    .name_off = c->name_off,
			    .name_len = (uint16_t)c->name_len,
			    .type = dt_of(c->st.st_mode),
			};
			memcpy(p, &d, sizeof(d));
		}
	}
	memcpy(p, b->strings, b->strings_size);
	return meta;
}

static int write_image(struct build *b, int fd, const char *image)
{
	uint64_t meta_size, data_offset;
	uint64_t end = lay_out(b, &meta_size, &data_offset);
	size_t bufsize = 1 << 20;
	char *buf = xrealloc(NULL, bufsize);
	int rc = end ? 0 : 1;

	for (uint32_t i = 0; !rc && i < b->ninodes; i++) {
		struct node *n = b->inodes[i];
		if (S_ISREG(n->st.st_mode) && n->st.st_size > 0)
			rc = copy_data(fd, n, image, buf, bufsize);
		if (!rc && b->opt->verbose)
			printf("%s\n", n->path);
	}
	free(buf);
	if (rc)
		return rc;
	unsigned char *meta = encode_meta(b, meta_size);
	if (!meta)
		return rofs_fail("out of memory");
	struct rofs_super s = {
	    .magic = ROFS_MAGIC,
	    .version = ROFS_VERSION,
	    .super_size = ROFS_SUPER_SIZE,
	    .block_size = ROFS_BLOCK_SIZE,
	    .image_size = end,
	    .meta_offset = ROFS_SUPER_SIZE,
	    .meta_size = meta_size,
	    .data_offset = data_offset,
	    .inode_count = b->ninodes,
	    .dirent_count = (uint32_t)b->ndirents,
	    .strings_size = (uint32_t)b->strings_size,
	    .meta_crc = rofs_crc32c(0, meta, meta_size),
	};
	s.super_crc = rofs_crc32c(0, &s, ROFS_SUPER_CRC_OFFSET);
	rc = write_all(fd, &s, sizeof(s), 0, image) ||
	     write_all(fd, meta, meta_size, ROFS_SUPER_SIZE, image);
	free(meta);
	if (!rc && ftruncate(fd, (off_t)end))
		rc = rofs_fail("%s: %s", image, strerror(errno));
	return rc;
}

int rofs_build(const char *dir, const char *image,
	       const struct rofs_build_options *opt)
{
	struct build b = {.opt = opt};
	struct node root = {.path = (char *)dir, .name = "", .name_len = 0};
	int rc;

	if (stat(dir, &root.st))
		return rofs_fail("%s: %s", dir, strerror(errno));
	if (!S_ISDIR(root.st.st_mode))
		return rofs_fail("%s: not a directory", dir);
	root.path = strdup(dir);
	if (!root.path)
		return rofs_fail("out of memory");
	if ((rc = scan(&b, &root)))
		return rc;
	if (!opt->no_mount_points)
		add_mount_points(&root);
	if ((rc = number(&b, &root)))
		return rc;
	char *tmp = xrealloc(NULL, strlen(image) + 5);
	strcpy(stpcpy(tmp, image), ".tmp");
	int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return rofs_fail("%s: %s", tmp, strerror(errno));
	rc = write_image(&b, fd, tmp);
	if (!rc && fsync(fd))
		rc = rofs_fail("%s: %s", tmp, strerror(errno));
	if (close(fd) && !rc)
		rc = rofs_fail("%s: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, image))
		rc = rofs_fail("%s: %s", image, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}
