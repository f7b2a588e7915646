/*
 * The rofs reader (see rofs.h and docs/rofs.md).
 *
 * All checking happens at mount: rofs_check_super() checks the
 * superblock against itself and the device's size, rofs_check_meta()
 * the metadata's checksum, then every inode, then every directory's
 * entries (each pass linear).  The checks also prove that the
 * directories form a tree: a directory's parent has a smaller inode
 * number than the directory, and an entry naming a directory must be in
 * that directory's parent, with the subdirectories of one directory in
 * increasing inode order; so no directory is entered twice and walks
 * end.  Everything after the checks trusts the metadata.
 *
 * x86_64 is little-endian like the format, so structures are read with
 * memcpy as they are.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "rofs.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the reader reads the little-endian format as it is");

/* ---- messages ---------------------------------------------------- */

struct out {
	char *p, *end;
};

static void put_char(struct out *o, char c)
{
	if (o->p < o->end)
		*o->p++ = c;
}

static void put_num(struct out *o, uint64_t v, unsigned base)
{
	char digits[20];
	int n = 0;

	if (base == 16) {
		put_char(o, '0');
		put_char(o, 'x');
	} else if (base == 8) {
		put_char(o, '0');
	}
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put_char(o, digits[--n]);
}

/*
 * A message into err: %s takes a string, %u, %x and %o a uint64_t
 * (every caller casts), printed in decimal, in hex with 0x and in octal
 * with 0.
 */
static int fail(struct rofs_error *err, int code, const char *fmt, ...)
{
	struct out o = {err->msg, err->msg + sizeof(err->msg) - 1};
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put_char(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == 's') {
			for (const char *s = va_arg(ap, const char *); *s; s++)
				put_char(&o, *s);
		} else if (*fmt == 'u' || *fmt == 'x' || *fmt == 'o') {
			put_num(&o, va_arg(ap, uint64_t),
				*fmt == 'u'   ? 10
				: *fmt == 'x' ? 16
					      : 8);
		} else {
			put_char(&o, '%');
			if (!*fmt)
				break;
			put_char(&o, *fmt);
		}
	}
	va_end(ap);
	*o.p = '\0';
	return code;
}

#define U64(x) ((uint64_t)(x))

/* ---- superblock -------------------------------------------------- */

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* The superblock's own fields, before any relation to the device. */
static int check_super_fields(const struct rofs_super *s,
			      struct rofs_error *err)
{
	if (s->super_size != ROFS_SUPER_SIZE)
		return fail(err, -EUCLEAN,
			    "superblock: size %u at offset 12, not %u",
			    U64(s->super_size), U64(ROFS_SUPER_SIZE));
	if (s->block_size != ROFS_BLOCK_SIZE)
		return fail(err, -EUCLEAN,
			    "superblock: block size %u at offset 16, not %u",
			    U64(s->block_size), U64(ROFS_BLOCK_SIZE));
	if (s->flags)
		return fail(err, -EOPNOTSUPP,
			    "superblock: unknown flags %x at offset 20",
			    U64(s->flags));
	if (!all_zero(s->reserved, sizeof(s->reserved)))
		return fail(err, -EUCLEAN,
			    "superblock: reserved bytes at offset 72 not zero");
	if (s->inode_count == 0)
		return fail(err, -EUCLEAN,
			    "superblock: no inodes (offset 56), not even the "
			    "root");
	if (s->meta_offset != ROFS_SUPER_SIZE)
		return fail(err, -EUCLEAN,
			    "superblock: metadata offset %u at offset 32, not "
			    "%u",
			    U64(s->meta_offset), U64(ROFS_SUPER_SIZE));
	uint64_t tables = U64(s->inode_count) * ROFS_INODE_SIZE +
			  U64(s->dirent_count) * ROFS_DIRENT_SIZE +
			  s->strings_size;
	if (s->meta_size != tables)
		return fail(
		    err, -EUCLEAN,
		    "superblock: metadata size %u at offset 40, but its "
		    "tables take %u bytes",
		    U64(s->meta_size), tables);
	return 0;
}

/* Where the parts lie, against each other and the device. */
static int check_super_layout(const struct rofs_super *s, uint64_t dev_size,
			      struct rofs_error *err)
{
	uint64_t meta_end = s->meta_offset + s->meta_size;

	if (s->image_size % ROFS_BLOCK_SIZE)
		return fail(err, -EUCLEAN,
			    "superblock: image size %u at offset 24 is not a "
			    "multiple of %u",
			    U64(s->image_size), U64(ROFS_BLOCK_SIZE));
	if (s->image_size > dev_size)
		return fail(err, -EUCLEAN,
			    "superblock: image size %u at offset 24, but the "
			    "device has only %u bytes (truncated image?)",
			    U64(s->image_size), dev_size);
	if (s->data_offset % ROFS_BLOCK_SIZE || s->data_offset < meta_end ||
	    s->data_offset > s->image_size)
		return fail(err, -EUCLEAN,
			    "superblock: data offset %x at offset 48 is not a "
			    "block boundary between the metadata's end %x and "
			    "the image's end %x",
			    U64(s->data_offset), meta_end, U64(s->image_size));
	return 0;
}

int rofs_check_super(struct rofs *fs, const void *buf, size_t len,
		     uint64_t dev_size, struct rofs_error *err)
{
	struct rofs_super s;
	int rc;

	if (len < ROFS_SUPER_SIZE)
		return fail(err, -EUCLEAN,
			    "superblock truncated: %u bytes of %u at offset 0",
			    U64(len), U64(ROFS_SUPER_SIZE));
	memcpy(&s, buf, sizeof(s));
	if (memcmp(s.magic, ROFS_MAGIC, ROFS_MAGIC_LEN))
		return fail(err, -EINVAL,
			    "not a rofs image: bad magic at offset 0");
	uint32_t crc = rofs_crc32c(0, buf, ROFS_SUPER_CRC_OFFSET);
	/* A later version may move the checksum: report it as such. */
	if (s.version != ROFS_VERSION)
		return fail(err, -EOPNOTSUPP,
			    "superblock: version %u at offset 8, this reader "
			    "knows version %u",
			    U64(s.version), U64(ROFS_VERSION));
	if (crc != s.super_crc)
		return fail(
		    err, -EUCLEAN,
		    "superblock: checksum %x at offset 124, computed %x",
		    U64(s.super_crc), U64(crc));
	if ((rc = check_super_fields(&s, err)) ||
	    (rc = check_super_layout(&s, dev_size, err)))
		return rc;
	*fs = (struct rofs){
	    .image_size = s.image_size,
	    .meta_offset = s.meta_offset,
	    .meta_size = s.meta_size,
	    .data_offset = s.data_offset,
	    .inode_count = s.inode_count,
	    .dirent_count = s.dirent_count,
	    .strings_size = s.strings_size,
	    .meta_crc = s.meta_crc,
	};
	return 0;
}

/* ---- metadata ---------------------------------------------------- */

static uint64_t inode_pos(const struct rofs *fs, uint32_t ino)
{
	return fs->meta_offset + U64(ino) * ROFS_INODE_SIZE;
}

static uint64_t dirent_pos(const struct rofs *fs, uint64_t i)
{
	return fs->meta_offset + U64(fs->inode_count) * ROFS_INODE_SIZE +
	       i * ROFS_DIRENT_SIZE;
}

static void read_dirent(const struct rofs *fs, uint64_t i,
			struct rofs_dirent *d)
{
	memcpy(d, fs->dirents + i * ROFS_DIRENT_SIZE, sizeof(*d));
}

void rofs_inode(const struct rofs *fs, uint32_t ino, struct rofs_inode *out)
{
	memcpy(out, fs->inodes + U64(ino) * ROFS_INODE_SIZE, sizeof(*out));
}

static uint32_t raw_mode(const struct rofs *fs, uint32_t ino)
{
	uint32_t mode;

	memcpy(&mode, fs->inodes + U64(ino) * ROFS_INODE_SIZE, sizeof(mode));
	return mode;
}

static uint32_t raw_aux(const struct rofs *fs, uint32_t ino)
{
	uint32_t aux;

	memcpy(&aux,
	       fs->inodes + U64(ino) * ROFS_INODE_SIZE +
		   __builtin_offsetof(struct rofs_inode, aux),
	       sizeof(aux));
	return aux;
}

static int check_file(const struct rofs *fs, uint32_t ino,
		      const struct rofs_inode *in, struct rofs_error *err)
{
	if (in->size == 0 && in->where == 0)
		return 0;
	if (in->size == 0 || in->where % ROFS_BLOCK_SIZE ||
	    in->where < fs->data_offset || in->where > fs->image_size ||
	    in->size > fs->image_size - in->where)
		return fail(
		    err, -EUCLEAN,
		    "inode %u (offset %x): data at %x, %u bytes, is not "
		    "a block-aligned extent in the data area [%x, %x)",
		    U64(ino), inode_pos(fs, ino), in->where, in->size,
		    fs->data_offset, fs->image_size);
	return 0;
}

static int check_symlink(const struct rofs *fs, uint32_t ino,
			 const struct rofs_inode *in, struct rofs_error *err)
{
	if (in->size == 0 || in->size > ROFS_SYMLINK_MAX)
		return fail(err, -EUCLEAN,
			    "inode %u (offset %x): symbolic link of length %u, "
			    "not 1..%u",
			    U64(ino), inode_pos(fs, ino), in->size,
			    U64(ROFS_SYMLINK_MAX));
	if (in->where > fs->strings_size ||
	    in->size > fs->strings_size - in->where)
		return fail(
		    err, -EUCLEAN,
		    "inode %u (offset %x): link target at %u, %u bytes, "
		    "past the string table's %u bytes",
		    U64(ino), inode_pos(fs, ino), in->where, in->size,
		    U64(fs->strings_size));
	if (in->aux)
		return fail(err, -EUCLEAN,
			    "inode %u (offset %x): symbolic link with aux %x",
			    U64(ino), inode_pos(fs, ino), U64(in->aux));
	for (uint64_t i = 0; i < in->size; i++)
		if (fs->strings[in->where + i] == '\0')
			return fail(err, -EUCLEAN,
				    "inode %u (offset %x): NUL in the link "
				    "target",
				    U64(ino), inode_pos(fs, ino));
	return 0;
}

static uint8_t dt_of(uint32_t mode)
{
	switch (mode & ROFS_S_IFMT) {
	case ROFS_S_IFDIR:
		return ROFS_DT_DIR;
	case ROFS_S_IFREG:
		return ROFS_DT_REG;
	default:
		return ROFS_DT_LNK;
	}
}

/* Bytewise order, a proper prefix first: the order of a directory. */
static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int check_name(const struct rofs *fs, uint64_t i,
		      const struct rofs_dirent *d, struct rofs_error *err)
{
	if (d->name_len == 0 || d->name_len > ROFS_NAME_MAX ||
	    d->name_off > fs->strings_size ||
	    d->name_len > fs->strings_size - d->name_off)
		return fail(err, -EUCLEAN,
			    "directory entry %u (offset %x): name at %u of "
			    "length %u is not 1..%u bytes inside the string "
			    "table (%u bytes)",
			    i, dirent_pos(fs, i), U64(d->name_off),
			    U64(d->name_len), U64(ROFS_NAME_MAX),
			    U64(fs->strings_size));
	const char *name = fs->strings + d->name_off;
	for (size_t k = 0; k < d->name_len; k++)
		if (name[k] == '/' || name[k] == '\0')
			return fail(err, -EUCLEAN,
				    "directory entry %u (offset %x): '/' or "
				    "NUL in the name",
				    i, dirent_pos(fs, i));
	if (name[0] == '.' &&
	    (d->name_len == 1 || (d->name_len == 2 && name[1] == '.')))
		return fail(err, -EUCLEAN,
			    "directory entry %u (offset %x): named '.' or '..'",
			    i, dirent_pos(fs, i));
	return 0;
}

/*
 * Entry i of directory dir; prev is the entry before it in the same
 * directory (NULL for the first), last_sub the greatest subdirectory
 * inode seen so far in dir.
 */
static int check_dirent(const struct rofs *fs, uint32_t dir, uint64_t i,
			const struct rofs_dirent *d,
			const struct rofs_dirent *prev, uint32_t *last_sub,
			struct rofs_error *err)
{
	int rc;

	if (d->reserved)
		return fail(err, -EUCLEAN,
			    "directory entry %u (offset %x): reserved byte not "
			    "zero",
			    i, dirent_pos(fs, i));
	if (d->ino == ROFS_ROOT_INO || d->ino >= fs->inode_count)
		return fail(err, -EUCLEAN,
			    "directory entry %u (offset %x): inode %u, not "
			    "1..%u",
			    i, dirent_pos(fs, i), U64(d->ino),
			    U64(fs->inode_count - 1));
	if ((rc = check_name(fs, i, d, err)))
		return rc;
	if (d->type != dt_of(raw_mode(fs, d->ino)))
		return fail(
		    err, -EUCLEAN,
		    "directory entry %u (offset %x): type %u, but inode "
		    "%u has mode %o",
		    i, dirent_pos(fs, i), U64(d->type), U64(d->ino),
		    U64(raw_mode(fs, d->ino)));
	if (prev && name_cmp(fs->strings + prev->name_off, prev->name_len,
			     fs->strings + d->name_off, d->name_len) >= 0)
		return fail(err, -EUCLEAN,
			    "directory entry %u (offset %x): not sorted after "
			    "the one before it (or a duplicate name) in "
			    "directory inode %u",
			    i, dirent_pos(fs, i), U64(dir));
	if (d->type == ROFS_DT_DIR) {
		if (raw_aux(fs, d->ino) != dir || d->ino <= *last_sub)
			return fail(err, -EUCLEAN,
				    "directory entry %u (offset %x): directory "
				    "inode %u is not a child of directory "
				    "inode %u (or named twice)",
				    i, dirent_pos(fs, i), U64(d->ino),
				    U64(dir));
		*last_sub = d->ino;
	}
	return 0;
}

static int check_dir(const struct rofs *fs, uint32_t ino,
		     const struct rofs_inode *in, uint64_t *next_dirent,
		     struct rofs_error *err)
{
	if (in->where != *next_dirent || in->size > fs->dirent_count ||
	    in->where > fs->dirent_count - in->size)
		return fail(err, -EUCLEAN,
			    "inode %u (offset %x): directory entries [%u, +%u) "
			    "do not follow the previous directory's (next is "
			    "%u of %u)",
			    U64(ino), inode_pos(fs, ino), in->where, in->size,
			    *next_dirent, U64(fs->dirent_count));
	*next_dirent += in->size;
	if (ino == ROFS_ROOT_INO
		? in->aux != ROFS_ROOT_INO
		: in->aux >= ino ||
		      (raw_mode(fs, in->aux) & ROFS_S_IFMT) != ROFS_S_IFDIR)
		return fail(
		    err, -EUCLEAN,
		    "inode %u (offset %x): parent %u is not a directory "
		    "with a smaller inode number",
		    U64(ino), inode_pos(fs, ino), U64(in->aux));
	return 0;
}

/* The entries of directory ino, whose inode passed check_dir. */
static int check_entries(const struct rofs *fs, uint32_t ino,
			 struct rofs_error *err)
{
	struct rofs_inode in;
	struct rofs_dirent d, prev;
	uint32_t last_sub = 0;
	int rc;

	rofs_inode(fs, ino, &in);
	for (uint64_t i = in.where; i < in.where + in.size; i++) {
		read_dirent(fs, i, &d);
		if ((rc = check_dirent(fs, ino, i, &d,
				       i == in.where ? NULL : &prev, &last_sub,
				       err)))
			return rc;
		prev = d;
	}
	return 0;
}

static int check_inode(const struct rofs *fs, uint32_t ino,
		       uint64_t *next_dirent, struct rofs_error *err)
{
	struct rofs_inode in;

	rofs_inode(fs, ino, &in);
	if (in.reserved || in.nlink == 0 ||
	    (in.mode & ~(ROFS_S_IFMT | ROFS_S_PERM)))
		return fail(err, -EUCLEAN,
			    "inode %u (offset %x): mode %o, nlink %u or the "
			    "reserved field is wrong",
			    U64(ino), inode_pos(fs, ino), U64(in.mode),
			    U64(in.nlink));
	switch (in.mode & ROFS_S_IFMT) {
	case ROFS_S_IFREG:
		return check_file(fs, ino, &in, err);
	case ROFS_S_IFLNK:
		return check_symlink(fs, ino, &in, err);
	case ROFS_S_IFDIR:
		return check_dir(fs, ino, &in, next_dirent, err);
	}
	return fail(err, -EUCLEAN,
		    "inode %u (offset %x): unknown type in mode %o", U64(ino),
		    inode_pos(fs, ino), U64(in.mode));
}

int rofs_check_meta(struct rofs *fs, const void *meta, struct rofs_error *err)
{
	uint32_t crc = rofs_crc32c(0, meta, fs->meta_size);
	uint64_t next_dirent = 0;
	int rc;

	if (crc != fs->meta_crc)
		return fail(
		    err, -EUCLEAN,
		    "metadata at offset %x, %u bytes: checksum %x (in the "
		    "superblock at offset 68), computed %x",
		    fs->meta_offset, fs->meta_size, U64(fs->meta_crc),
		    U64(crc));
	fs->inodes = meta;
	fs->dirents = fs->inodes + U64(fs->inode_count) * ROFS_INODE_SIZE;
	fs->strings = (const char *)fs->dirents +
		      U64(fs->dirent_count) * ROFS_DIRENT_SIZE;
	if ((raw_mode(fs, ROFS_ROOT_INO) & ROFS_S_IFMT) != ROFS_S_IFDIR)
		rc = fail(err, -EUCLEAN,
			  "inode 0 (offset %x): the root is not a directory",
			  inode_pos(fs, 0));
	else
		rc = 0;
	/* The inodes first, so that the entries' checks may trust them. */
	for (uint32_t ino = 0; !rc && ino < fs->inode_count; ino++)
		rc = check_inode(fs, ino, &next_dirent, err);
	if (!rc && next_dirent != fs->dirent_count)
		rc = fail(err, -EUCLEAN,
			  "directory entries %u to %u (offset %x) belong to no "
			  "directory",
			  next_dirent, U64(fs->dirent_count),
			  dirent_pos(fs, next_dirent));
	for (uint32_t ino = 0; !rc && ino < fs->inode_count; ino++)
		if (rofs_is_dir(fs, ino))
			rc = check_entries(fs, ino, err);
	if (rc)
		fs->inodes = fs->dirents = NULL, fs->strings = NULL;
	return rc;
}

/* ---- access (after the checks) ----------------------------------- */

uint32_t rofs_type(const struct rofs *fs, uint32_t ino)
{
	return raw_mode(fs, ino) & ROFS_S_IFMT;
}

bool rofs_is_dir(const struct rofs *fs, uint32_t ino)
{
	return rofs_type(fs, ino) == ROFS_S_IFDIR;
}

uint32_t rofs_parent(const struct rofs *fs, uint32_t dir)
{
	return raw_aux(fs, dir);
}

void rofs_dirent_at(const struct rofs *fs, uint32_t dir, uint64_t i,
		    struct rofs_entry *out)
{
	struct rofs_inode in;
	struct rofs_dirent d;

	rofs_inode(fs, dir, &in);
	read_dirent(fs, in.where + i, &d);
	out->ino = d.ino;
	out->type = d.type;
	out->name_len = d.name_len;
	out->name = fs->strings + d.name_off;
}

int rofs_lookup(const struct rofs *fs, uint32_t dir, const char *name,
		size_t len, uint32_t *ino)
{
	struct rofs_inode in;
	struct rofs_dirent d;

	if (!rofs_is_dir(fs, dir))
		return -ENOTDIR;
	if (len > ROFS_NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.') {
		*ino = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*ino = rofs_parent(fs, dir);
		return 0;
	}
	rofs_inode(fs, dir, &in);
	uint64_t lo = 0, hi = in.size;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		read_dirent(fs, in.where + mid, &d);
		int c =
		    name_cmp(name, len, fs->strings + d.name_off, d.name_len);
		if (c == 0) {
			*ino = d.ino;
			return 0;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -ENOENT;
}

int rofs_lookup_path(const struct rofs *fs, const char *path, uint32_t *ino)
{
	uint32_t cur = ROFS_ROOT_INO;

	while (*path) {
		if (*path == '/') {
			path++;
			continue;
		}
		size_t len = 0;
		while (path[len] && path[len] != '/')
			len++;
		int rc = rofs_lookup(fs, cur, path, len, &cur);
		if (rc)
			return rc;
		path += len;
		if (*path == '/' && !rofs_is_dir(fs, cur))
			return -ENOTDIR;
	}
	*ino = cur;
	return 0;
}

const char *rofs_link_target(const struct rofs *fs, uint32_t ino, size_t *len)
{
	struct rofs_inode in;

	rofs_inode(fs, ino, &in);
	*len = in.size;
	return fs->strings + in.where;
}
