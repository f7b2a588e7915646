/*
 * The ZFS POSIX layer, version 5: files, directories and symlinks whose
 * attributes are system attributes (SA) in the dnode's bonus buffer.
 *
 * The tree is accumulated in memory first (names, attributes, and for
 * files a callback that reads the contents), then written in one pass:
 * objects are numbered in depth-first order with names sorted, so the
 * same tree always gives the same object set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define S_IFMT_ 0170000
#define S_IFDIR_ 0040000
#define S_IFREG_ 0100000
#define S_IFLNK_ 0120000
#define S_IFCHR_ 0020000
#define S_IFBLK_ 0060000
#define S_IFIFO_ 0010000
#define S_IFSOCK_ 0140000
#define MAXNAMELEN_ 255
#define MAXPATHLEN_ 4096

/* Access mask bits of ZFS ACEs, and ACE flags. */
#define ACE_READ_DATA 0x1
#define ACE_WRITE_DATA 0x2
#define ACE_APPEND_DATA 0x4
#define ACE_READ_NAMED_ATTRS 0x8
#define ACE_WRITE_NAMED_ATTRS 0x10
#define ACE_EXECUTE 0x20
#define ACE_DELETE_CHILD 0x40
#define ACE_READ_ATTRIBUTES 0x80
#define ACE_WRITE_ATTRIBUTES 0x100
#define ACE_READ_ACL 0x20000
#define ACE_WRITE_ACL 0x40000
#define ACE_WRITE_OWNER 0x80000
#define ACE_SYNCHRONIZE 0x100000
#define ACE_IDENTIFIER_GROUP 0x40
#define ACE_OWNER 0x1000
#define ACE_GROUP 0x2000
#define ACE_EVERYONE 0x4000

struct zpl_dirent {
	char *name;
	struct zpl_node *node;
};

struct zpl_node {
	struct zpl_node *parent, *next_alloc;
	struct zpl_attr a;
	uint64_t nlink, obj;
	struct zpl_dirent *ents; /* directories */
	size_t nents, cap, nsubdirs;
	zpl_read_fn read; /* files */
	void *arg;
	char *target; /* symlinks */
};

struct zpl_builder {
	uint64_t ts;
	struct zpl_node *root, *all;
	char err[300];
};

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static struct zpl_node *new_node(struct zpl_builder *zb,
				 const struct zpl_attr *a)
{
	struct zpl_node *n = calloc(1, sizeof(*n));
	if (!n) {
		snprintf(zb->err, sizeof(zb->err), "out of memory");
		return NULL;
	}
	n->a = *a;
	n->next_alloc = zb->all;
	zb->all = n;
	return n;
}

struct zpl_builder *zpl_new(uint64_t timestamp)
{
	struct zpl_builder *zb = calloc(1, sizeof(*zb));
	struct zpl_attr a = {S_IFDIR_ | 0755, 0, 0, 0, 0};
	if (!zb)
		return NULL;
	zb->ts = timestamp;
	zb->root = new_node(zb, &a);
	if (!zb->root) {
		free(zb);
		return NULL;
	}
	return zb;
}

void zpl_free(struct zpl_builder *zb)
{
	if (!zb)
		return;
	for (struct zpl_node *n = zb->all, *next; n; n = next) {
		next = n->next_alloc;
		for (size_t i = 0; i < n->nents; i++)
			free(n->ents[i].name);
		free(n->ents);
		free(n->target);
		free(n);
	}
	free(zb);
}

const char *zpl_error(const struct zpl_builder *zb)
{
	return zb->err[0] ? zb->err : "out of memory";
}

struct zpl_node *zpl_root(struct zpl_builder *zb, const struct zpl_attr *a)
{
	if (a)
		zb->root->a.mode = S_IFDIR_ | (a->mode & 07777),
		zb->root->a.uid = a->uid, zb->root->a.gid = a->gid;
	return zb->root;
}

static int add_entry(struct zpl_builder *zb, struct zpl_node *dir,
		     const char *name, struct zpl_node *n)
{
	size_t len = strlen(name);
	if ((dir->a.mode & S_IFMT_) != S_IFDIR_) {
		snprintf(zb->err, sizeof(zb->err), "not a directory");
		return -ZFS_EINVAL;
	}
	if (len > MAXNAMELEN_) {
		snprintf(zb->err, sizeof(zb->err),
			 "name too long (%zu bytes, at most %d): %.40s...", len,
			 MAXNAMELEN_, name);
		return -ZFS_ENAMETOOLONG;
	}
	if (len == 0 || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) {
		snprintf(zb->err, sizeof(zb->err), "invalid name '%s'", name);
		return -ZFS_EINVAL;
	}
	if (dir->nents == dir->cap) {
		size_t cap = dir->cap ? 2 * dir->cap : 8;
		struct zpl_dirent *e = realloc(dir->ents, cap * sizeof(*e));
		if (!e)
			goto nomem;
		dir->ents = e;
		dir->cap = cap;
	}
	char *nm = dupstr(name);
	if (!nm)
		goto nomem;
	dir->ents[dir->nents++] = (struct zpl_dirent){nm, n};
	n->nlink++;
	if (!n->parent)
		n->parent = dir;
	return 0;
nomem:
	snprintf(zb->err, sizeof(zb->err), "out of memory");
	return -ZFS_ENOMEM;
}

static struct zpl_node *add(struct zpl_builder *zb, struct zpl_node *dir,
			    const char *name, const struct zpl_attr *a,
			    uint32_t type)
{
	struct zpl_attr attr = *a;
	attr.mode = type | (a->mode & 07777);
	struct zpl_node *n = new_node(zb, &attr);
	if (!n || add_entry(zb, dir, name, n))
		return NULL;
	return n;
}

struct zpl_node *zpl_mkdir(struct zpl_builder *zb, struct zpl_node *dir,
			   const char *name, const struct zpl_attr *a)
{
	struct zpl_node *n = add(zb, dir, name, a, S_IFDIR_);
	if (n)
		dir->nsubdirs++;
	return n;
}

struct zpl_node *zpl_file(struct zpl_builder *zb, struct zpl_node *dir,
			  const char *name, const struct zpl_attr *a,
			  zpl_read_fn read, void *arg)
{
	struct zpl_node *n = add(zb, dir, name, a, S_IFREG_);
	if (n) {
		n->read = read;
		n->arg = arg;
	}
	return n;
}

struct zpl_node *zpl_symlink(struct zpl_builder *zb, struct zpl_node *dir,
			     const char *name, const struct zpl_attr *a,
			     const char *target)
{
	struct zpl_attr attr = *a;
	attr.mode |= 0777;
	attr.size = strlen(target);
	if (attr.size >= MAXPATHLEN_) {
		snprintf(zb->err, sizeof(zb->err),
			 "symlink target too long (%llu bytes, at most %d)",
			 (unsigned long long)attr.size, MAXPATHLEN_ - 1);
		return NULL;
	}
	struct zpl_node *n = add(zb, dir, name, &attr, S_IFLNK_);
	if (n && !(n->target = dupstr(target))) {
		snprintf(zb->err, sizeof(zb->err), "out of memory");
		return NULL;
	}
	return n;
}

struct zpl_node *zpl_special(struct zpl_builder *zb, struct zpl_node *dir,
			     const char *name, const struct zpl_attr *a)
{
	uint32_t type = a->mode & S_IFMT_;
	struct zpl_attr attr = *a;
	if (type != S_IFIFO_ && type != S_IFSOCK_ && type != S_IFCHR_ &&
	    type != S_IFBLK_) {
		snprintf(zb->err, sizeof(zb->err),
			 "'%s': not a FIFO, socket or device (mode %06o)", name,
			 (unsigned)a->mode);
		return NULL;
	}
	attr.size = 0;
	if (type != S_IFCHR_ && type != S_IFBLK_)
		attr.rdev = 0;
	return add(zb, dir, name, &attr, type);
}

int zpl_link(struct zpl_builder *zb, struct zpl_node *dir, const char *name,
	     struct zpl_node *file)
{
	if ((file->a.mode & S_IFMT_) == S_IFDIR_) {
		snprintf(zb->err, sizeof(zb->err),
			 "'%s': directories cannot be hard links", name);
		return -ZFS_EINVAL;
	}
	return add_entry(zb, dir, name, file);
}

/* ---- system attributes ---- */

struct sa_attr_def {
	const char *name;
	uint16_t len; /* 0: variable */
	uint8_t bswap;
};

/* The ZPL's attribute names and sizes, registered under their index. */
static const struct sa_attr_def zpl_attrs[ZPL_NATTRS] = {
    [ZPL_ATIME] = {"ZPL_ATIME", 16, SA_UINT64_ARRAY},
    [ZPL_MTIME] = {"ZPL_MTIME", 16, SA_UINT64_ARRAY},
    [ZPL_CTIME] = {"ZPL_CTIME", 16, SA_UINT64_ARRAY},
    [ZPL_CRTIME] = {"ZPL_CRTIME", 16, SA_UINT64_ARRAY},
    [ZPL_GEN] = {"ZPL_GEN", 8, SA_UINT64_ARRAY},
    [ZPL_MODE] = {"ZPL_MODE", 8, SA_UINT64_ARRAY},
    [ZPL_SIZE] = {"ZPL_SIZE", 8, SA_UINT64_ARRAY},
    [ZPL_PARENT] = {"ZPL_PARENT", 8, SA_UINT64_ARRAY},
    [ZPL_LINKS] = {"ZPL_LINKS", 8, SA_UINT64_ARRAY},
    [ZPL_XATTR] = {"ZPL_XATTR", 8, SA_UINT64_ARRAY},
    [ZPL_RDEV] = {"ZPL_RDEV", 8, SA_UINT64_ARRAY},
    [ZPL_FLAGS] = {"ZPL_FLAGS", 8, SA_UINT64_ARRAY},
    [ZPL_UID] = {"ZPL_UID", 8, SA_UINT64_ARRAY},
    [ZPL_GID] = {"ZPL_GID", 8, SA_UINT64_ARRAY},
    [ZPL_PAD] = {"ZPL_PAD", 32, SA_UINT64_ARRAY},
    [ZPL_ZNODE_ACL] = {"ZPL_ZNODE_ACL", 88, SA_UINT64_ARRAY},
    [ZPL_DACL_COUNT] = {"ZPL_DACL_COUNT", 8, SA_UINT64_ARRAY},
    [ZPL_SYMLINK] = {"ZPL_SYMLINK", 0, SA_UINT8_ARRAY},
    [ZPL_SCANSTAMP] = {"ZPL_SCANSTAMP", 32, SA_UINT8_ARRAY},
    [ZPL_DACL_ACES] = {"ZPL_DACL_ACES", 0, SA_ACL},
    [ZPL_DXATTR] = {"ZPL_DXATTR", 0, SA_UINT8_ARRAY},
    [ZPL_PROJID] = {"ZPL_PROJID", 8, SA_UINT64_ARRAY},
};

/*
 * Layouts (numbers 0 and 1 name the old znode formats): 2 for files,
 * directories, FIFOs and sockets; 3 for symlinks whose target fits in
 * the bonus buffer; 5 for device files (with ZPL_RDEV).  A longer
 * target moves to a spill block of layout 4 (the target alone), and
 * the bonus buffer, now shorter by the spill block pointer, has layout 2.
 */
#define LAYOUT_FILE 2
#define LAYOUT_SYMLINK 3
#define LAYOUT_SPILL_SYMLINK 4
#define LAYOUT_DEV 5
#define FILE_ATTRS                                                             \
	ZPL_MODE, ZPL_SIZE, ZPL_GEN, ZPL_UID, ZPL_GID, ZPL_PARENT, ZPL_FLAGS,  \
	    ZPL_ATIME, ZPL_MTIME, ZPL_CTIME, ZPL_CRTIME, ZPL_LINKS,            \
	    ZPL_DACL_COUNT, ZPL_DACL_ACES
static const uint16_t layout_file[] = {FILE_ATTRS};
static const uint16_t layout_symlink[] = {FILE_ATTRS, ZPL_SYMLINK};
static const uint16_t layout_spill_symlink[] = {ZPL_SYMLINK};
static const uint16_t layout_dev[] = {FILE_ATTRS, ZPL_RDEV};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
static const struct sa_layout {
	const char *num;
	const uint16_t *attrs;
	size_t n;
} layouts[] = {
    {"2", layout_file, NELEM(layout_file)},
    {"3", layout_symlink, NELEM(layout_symlink)},
    {"4", layout_spill_symlink, NELEM(layout_spill_symlink)},
    {"5", layout_dev, NELEM(layout_dev)},
};
#define NACES 3
#define DN_BONUSLEN_WITH_SPILL (DN_MAX_BONUSLEN - (int)sizeof(blkptr_t))

/* The trivial ACL equivalent to the mode: owner@, group@, everyone@. */
void zpl_mode_aces(uint32_t mode, bool dir, zfs_ace_hdr_t ace[3])
{
	static const uint16_t who[NACES] = {
	    ACE_OWNER, ACE_GROUP | ACE_IDENTIFIER_GROUP, ACE_EVERYONE};
	for (int i = 0; i < NACES; i++) {
		unsigned rwx = (mode >> (6 - 3 * i)) & 7;
		uint32_t m = ACE_READ_ACL | ACE_READ_ATTRIBUTES |
			     ACE_READ_NAMED_ATTRS | ACE_SYNCHRONIZE;
		if (i == 0)
			m |= ACE_WRITE_ACL | ACE_WRITE_OWNER |
			     ACE_WRITE_ATTRIBUTES | ACE_WRITE_NAMED_ATTRS;
		if (rwx & 4)
			m |= ACE_READ_DATA;
		if (rwx & 2)
			m |= ACE_WRITE_DATA | ACE_APPEND_DATA |
			     (dir ? ACE_DELETE_CHILD : 0);
		if (rwx & 1)
			m |= ACE_EXECUTE;
		ace[i] = (zfs_ace_hdr_t){0 /* allow */, who[i], m};
	}
}

/* An attribute's value: fixed-size ones have the registered length. */
struct sa_val {
	const void *p;
	size_t len;
};

/*
 * Encodes the attributes of layout lnum into buf: the SA header (magic,
 * layout number, header size in 8-byte units, the lengths of the
 * variable-sized attributes), then each attribute in the layout's
 * order, variable-sized ones padded to 8 bytes.  Returns the bytes
 * used, or 0 when they do not fit in cap.
 */
static size_t sa_encode(int lnum, const struct sa_val *v, uint8_t *buf,
			size_t cap)
{
	const struct sa_layout *l = &layouts[lnum - LAYOUT_FILE];
	size_t nvar = 0, off, lens = 0;
	for (size_t i = 0; i < l->n; i++)
		nvar += zpl_attrs[l->attrs[i]].len == 0;
	off = (4 + 2 + 2 * nvar + 7) & ~(size_t)7;
	if (off > cap)
		return 0;
	memset(buf, 0, cap);
	sa_hdr_phys_t *h = (sa_hdr_phys_t *)buf;
	h->sa_magic = SA_MAGIC;
	h->sa_layout_info = lnum | (off / 8) << 10;
	for (size_t i = 0; i < l->n; i++) {
		const struct sa_val *a = &v[l->attrs[i]];
		size_t fixed = zpl_attrs[l->attrs[i]].len;
		size_t room = fixed ? fixed : (a->len + 7) & ~(size_t)7;
		if (fixed ? a->len != fixed : a->len > UINT16_MAX)
			return 0;
		if (room > cap - off)
			return 0;
		if (!fixed)
			h->sa_lengths[lens++] = a->len;
		memcpy(buf + off, a->p, a->len);
		off += room;
	}
	return off;
}

/*
 * A node's attributes: in the bonus buffer, and when a symlink's target
 * does not fit there, in a spill block (written here) whose pointer
 * takes the last 128 bytes of the dnode.
 */
static int write_attrs(struct zpl_builder *zb, struct zfs_objset *os,
		       const struct zpl_node *n)
{
	dnode_phys_t *dn = os_dnode(os, n->obj);
	uint32_t type = n->a.mode & S_IFMT_;
	bool dir = type == S_IFDIR_;
	uint64_t mode = n->a.mode, size = dir ? n->nents + 2 : n->a.size;
	uint64_t gen = ZFS_TXG_INITIAL, uid = n->a.uid, gid = n->a.gid;
	uint64_t parent = n->parent ? n->parent->obj : n->obj;
	uint64_t flags = ZFS_ACL_TRIVIAL | ZFS_ARCHIVE | ZFS_AV_MODIFIED;
	uint64_t time[2] = {zb->ts, 0}, naces = NACES, rdev = n->a.rdev;
	uint64_t links = dir ? 2 + n->nsubdirs : n->nlink;
	zfs_ace_hdr_t aces[NACES];
	struct sa_val v[ZPL_NATTRS] = {
	    [ZPL_MODE] = {&mode, 8},
	    [ZPL_SIZE] = {&size, 8},
	    [ZPL_GEN] = {&gen, 8},
	    [ZPL_UID] = {&uid, 8},
	    [ZPL_GID] = {&gid, 8},
	    [ZPL_PARENT] = {&parent, 8},
	    [ZPL_FLAGS] = {&flags, 8},
	    [ZPL_ATIME] = {time, 16},
	    [ZPL_MTIME] = {time, 16},
	    [ZPL_CTIME] = {time, 16},
	    [ZPL_CRTIME] = {time, 16},
	    [ZPL_LINKS] = {&links, 8},
	    [ZPL_DACL_COUNT] = {&naces, 8},
	    [ZPL_DACL_ACES] = {aces, sizeof(aces)},
	    [ZPL_RDEV] = {&rdev, 8},
	    [ZPL_SYMLINK] = {n->target, n->target ? strlen(n->target) : 0},
	};
	uint8_t *bonus = dnode_bonus(dn);
	int lnum = type == S_IFLNK_			  ? LAYOUT_SYMLINK
		   : type == S_IFCHR_ || type == S_IFBLK_ ? LAYOUT_DEV
							  : LAYOUT_FILE;

	zpl_mode_aces(n->a.mode, dir, aces);
	if (sa_encode(lnum, v, bonus, DN_MAX_BONUSLEN))
		return 0;
	if (lnum != LAYOUT_SYMLINK ||
	    !sa_encode(LAYOUT_FILE, v, bonus, DN_BONUSLEN_WITH_SPILL))
		return -ZFS_EINVAL; /* cannot happen: the rest fits */

	uint32_t cap =
	    (8 + v[ZPL_SYMLINK].len + 7 + ZFS_SECTOR - 1) & ~(ZFS_SECTOR - 1);
	uint8_t *spill = cap <= ZFS_MAXBLOCKSIZE ? malloc(cap) : NULL;
	blkptr_t bp;
	int err = spill ? 0 : -ZFS_ENAMETOOLONG;
	if (!err && !sa_encode(LAYOUT_SPILL_SYMLINK, v, spill, cap))
		err = -ZFS_EINVAL;
	uint64_t before = os->used;
	if (!err)
		err = os_write_block(os, spill, cap, DMU_OT_SA, 0, 1, &bp);
	free(spill);
	if (err) {
		if (!zb->err[0])
			snprintf(zb->err, sizeof(zb->err),
				 "cannot write a spill block: %s",
				 os->w->err[0] ? os->w->err : "out of memory");
		return err;
	}
	dn->dn_bonuslen = DN_BONUSLEN_WITH_SPILL;
	dn->dn_flags |= DNODE_FLAG_SPILL_BLKPTR;
	dn->dn_used += os->used - before;
	memcpy((uint8_t *)dn + DNODE_SIZE - sizeof(bp), &bp, sizeof(bp));
	return 0;
}

/* The SA registry (name -> number, byte-swap class, length) and the
 * layouts (number -> attribute list), and the master node above them. */
static uint64_t sa_objects(struct zfs_objset *os)
{
	struct zap_ent reg[ZPL_NATTRS], lay[NELEM(layouts)];
	uint64_t regval[ZPL_NATTRS];

	for (int i = 0; i < ZPL_NATTRS; i++) {
		regval[i] = (uint64_t)zpl_attrs[i].len << 24 |
			    (uint64_t)zpl_attrs[i].bswap << 16 | i;
		reg[i] = (struct zap_ent){zpl_attrs[i].name, &regval[i], 8, 1};
	}
	for (size_t i = 0; i < NELEM(layouts); i++)
		lay[i] = (struct zap_ent){layouts[i].num, layouts[i].attrs, 2,
					  layouts[i].n};
	uint64_t r =
	    zap_create(os, DMU_OT_SA_ATTR_REGISTRATION, 0, 0, reg, ZPL_NATTRS);
	uint64_t l =
	    zap_create(os, DMU_OT_SA_ATTR_LAYOUTS, 0, 0, lay, NELEM(layouts));
	if (!r || !l)
		return 0;
	struct zap_u64 m[] = {{"REGISTRY", r}, {"LAYOUTS", l}};
	return zap_create_u64(os, DMU_OT_SA_MASTER_NODE, 0, 0, m, 2);
}

/* ---- writing ---- */

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct zpl_dirent *)a)->name,
		      ((const struct zpl_dirent *)b)->name);
}

static uint32_t file_blksz(uint64_t size)
{
	if (size >= ZFS_MAXBLOCKSIZE)
		return ZFS_MAXBLOCKSIZE;
	return size ? (size + ZFS_SECTOR - 1) & ~(uint64_t)(ZFS_SECTOR - 1)
		    : ZFS_SECTOR;
}

/* Gives n and everything below it an object, depth first, names sorted;
 * the dnodes are created in the same order. */
static int number(struct zpl_builder *zb, struct zfs_objset *os,
		  struct zpl_node *n)
{
	uint32_t type = n->a.mode & S_IFMT_;
	if (n->obj)
		return 0; /* another link to it */
	n->obj = os_new_object(os,
			       type == S_IFDIR_	  ? DMU_OT_DIRECTORY_CONTENTS
			       : type == S_IFREG_ ? DMU_OT_PLAIN_FILE_CONTENTS
						  : DMU_OT_PLAIN_FILE_CONTENTS,
			       DMU_OT_SA, DN_MAX_BONUSLEN,
			       type == S_IFREG_ ? file_blksz(n->a.size)
						: ZFS_SECTOR);
	if (!n->obj) {
		snprintf(zb->err, sizeof(zb->err), "out of memory");
		return -ZFS_ENOMEM;
	}
	if (type != S_IFDIR_)
		return 0;
	qsort(n->ents, n->nents, sizeof(*n->ents), cmp_ent);
	for (size_t i = 0; i < n->nents; i++) {
		if (i && strcmp(n->ents[i].name, n->ents[i - 1].name) == 0) {
			snprintf(zb->err, sizeof(zb->err),
				 "duplicate name '%s'", n->ents[i].name);
			return -ZFS_EEXIST;
		}
		/* A file's parent is its first directory in this order,
		 * whatever order the links were added in. */
		if (!n->ents[i].node->obj)
			n->ents[i].node->parent = n;
		int err = number(zb, os, n->ents[i].node);
		if (err)
			return err;
	}
	return 0;
}

static int write_file(struct zpl_builder *zb, struct zfs_objset *os,
		      struct zpl_node *n)
{
	uint32_t blksz = file_blksz(n->a.size);
	struct os_stream *s;
	uint8_t *buf = malloc(blksz);
	int err = buf ? os_stream_begin(os, n->obj, &s) : -ZFS_ENOMEM;
	if (err) {
		free(buf);
		return err;
	}
	for (uint64_t off = 0, id = 0; !err && off < n->a.size;
	     off += blksz, id++) {
		size_t len = n->a.size - off < blksz ? n->a.size - off : blksz;
		err = n->read(n->arg, off, buf, len);
		if (err == 1) {
			err = 0;
			continue; /* a hole */
		}
		if (err) {
			snprintf(zb->err, sizeof(zb->err),
				 "cannot read a file's contents");
			break;
		}
		err = os_stream_block(s, id, buf, len);
	}
	free(buf);
	if (err) {
		os_stream_abort(s);
		return err;
	}
	return os_stream_end(s);
}

static int write_dir(struct zpl_builder *zb, struct zfs_objset *os,
		     struct zpl_node *n)
{
	struct zap_ent *e = calloc(n->nents ? n->nents : 1, sizeof(*e));
	uint64_t *v = calloc(n->nents ? n->nents : 1, sizeof(*v));
	int err = e && v ? 0 : -ZFS_ENOMEM;
	for (size_t i = 0; !err && i < n->nents; i++) {
		struct zpl_node *c = n->ents[i].node;
		v[i] = ZFS_DIRENT_MAKE((c->a.mode & S_IFMT_) >> 12, c->obj);
		e[i] = (struct zap_ent){n->ents[i].name, &v[i], 8, 1};
	}
	if (!err)
		err = zap_write(os, n->obj, e, n->nents);
	if (err == -ZFS_E2BIG)
		snprintf(zb->err, sizeof(zb->err),
			 "a directory has too many entries (%zu)", n->nents);
	free(e);
	free(v);
	return err;
}

/* Contents and attributes, in object order. */
static int write_node(struct zpl_builder *zb, struct zfs_objset *os,
		      struct zpl_node *n, uint64_t *done)
{
	uint32_t type = n->a.mode & S_IFMT_;
	int err = 0;
	if (n->obj < *done)
		return 0; /* written through another link */
	*done = n->obj + 1;
	if (type == S_IFREG_)
		err = write_file(zb, os, n);
	else if (type == S_IFDIR_)
		err = write_dir(zb, os, n);
	if (!err)
		err = write_attrs(zb, os, n);
	for (size_t i = 0; !err && type == S_IFDIR_ && i < n->nents; i++)
		err = write_node(zb, os, n->ents[i].node, done);
	return err;
}

/*
 * The object set:
 *
 *   1 master node: VERSION = 5, SA_ATTRS, DELETE_QUEUE, ROOT
 *     SA_ATTRS --> SA master node: REGISTRY --> registry ZAP
 *                                  LAYOUTS  --> layouts ZAP
 *     DELETE_QUEUE --> empty unlinked set
 *     ROOT --> root directory (ZAP of name -> type << 60 | object)
 *                --> files (data, SA bonus), directories, symlinks
 */
int zpl_write(struct zpl_builder *zb, struct zfs_objset *os)
{
	uint64_t master =
	    os_new_object(os, DMU_OT_MASTER_NODE, 0, 0, ZFS_SECTOR);
	uint64_t sa = master ? sa_objects(os) : 0;
	uint64_t unlinked =
	    sa ? zap_create(os, DMU_OT_UNLINKED_SET, 0, 0, NULL, 0) : 0;
	uint64_t done = 0;
	int err = unlinked ? 0 : -ZFS_ENOMEM;

	if (master != 1 && !err)
		err = -ZFS_EINVAL; /* the master node must be object 1 */
	if (!err)
		err = number(zb, os, zb->root);
	if (!err)
		err = write_node(zb, os, zb->root, &done);
	if (!err) {
		struct zap_u64 m[] = {
		    {"VERSION", ZFS_ZPL_VERSION},
		    {"SA_ATTRS", sa},
		    {"DELETE_QUEUE", unlinked},
		    {"ROOT", zb->root->obj},
		};
		struct zap_ent e[4];
		for (int i = 0; i < 4; i++)
			e[i] = (struct zap_ent){m[i].name, &m[i].value, 8, 1};
		err = zap_write(os, master, e, 4);
	}
	if (err && !zb->err[0]) {
		const char *w = os->w->err;
		snprintf(zb->err, sizeof(zb->err), "%s",
			 w[0] ? w : "out of memory");
	}
	return err;
}
