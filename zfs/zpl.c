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
#define MAXNAMELEN_ 255

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
	struct zpl_attr a = {S_IFDIR_ | 0755, 0, 0, 0};
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
	struct zpl_node *n = add(zb, dir, name, &attr, S_IFLNK_);
	if (n && !(n->target = dupstr(target))) {
		snprintf(zb->err, sizeof(zb->err), "out of memory");
		return NULL;
	}
	return n;
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

/* Layout 2 for files and directories, 3 for symlinks (layouts 0 and 1
 * name the old znode formats). */
#define LAYOUT_FILE 2
#define LAYOUT_SYMLINK 3
static const uint16_t layout_file[] = {
    ZPL_MODE,	ZPL_SIZE,  ZPL_GEN,	   ZPL_UID,	  ZPL_GID,
    ZPL_PARENT, ZPL_FLAGS, ZPL_ATIME,	   ZPL_MTIME,	  ZPL_CTIME,
    ZPL_CRTIME, ZPL_LINKS, ZPL_DACL_COUNT, ZPL_DACL_ACES,
};
#define NLAYOUT_FILE (sizeof(layout_file) / sizeof(layout_file[0]))
#define NACES 3

/* The trivial ACL equivalent to the mode: owner@, group@, everyone@. */
static void mode_aces(uint32_t mode, bool dir, zfs_ace_hdr_t ace[NACES])
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

static void put64(uint8_t *b, size_t *off, uint64_t v)
{
	memcpy(b + *off, &v, 8);
	*off += 8;
}

/* The bonus buffer: SA header, then the layout's attributes in order. */
static int sa_bonus(struct zpl_builder *zb, const struct zpl_node *n,
		    uint8_t bonus[DN_MAX_BONUSLEN])
{
	bool lnk = (n->a.mode & S_IFMT_) == S_IFLNK_;
	bool dir = (n->a.mode & S_IFMT_) == S_IFDIR_;
	size_t nvar = lnk ? 2 : 1, hdr = (4 + 2 + 2 * nvar + 7) & ~(size_t)7;
	size_t tlen = lnk ? strlen(n->target) : 0;
	size_t total = hdr + 8 * 9 + 16 * 4 + NACES * 8 + ((tlen + 7) & ~7ul);
	sa_hdr_phys_t *h = (sa_hdr_phys_t *)bonus;
	zfs_ace_hdr_t aces[NACES];
	size_t off = hdr;
	uint64_t size = dir ? n->nents + 2 : n->a.size;
	uint64_t links = dir ? 2 + n->nsubdirs : n->nlink;
	uint64_t flags = ZFS_ACL_TRIVIAL | ZFS_ARCHIVE | ZFS_AV_MODIFIED;

	if (total > DN_MAX_BONUSLEN) {
		snprintf(zb->err, sizeof(zb->err),
			 "symlink target too long (%zu bytes; at most %zu "
			 "are supported): %.40s...",
			 tlen, tlen - (total - DN_MAX_BONUSLEN), n->target);
		return -ZFS_ENAMETOOLONG;
	}
	memset(bonus, 0, DN_MAX_BONUSLEN);
	h->sa_magic = SA_MAGIC;
	h->sa_layout_info = (lnk ? LAYOUT_SYMLINK : LAYOUT_FILE) | (hdr / 8)
								       << 10;
	h->sa_lengths[0] = sizeof(aces);
	if (lnk)
		h->sa_lengths[1] = tlen;
	put64(bonus, &off, n->a.mode);
	put64(bonus, &off, size);
	put64(bonus, &off, ZFS_TXG_INITIAL); /* generation */
	put64(bonus, &off, n->a.uid);
	put64(bonus, &off, n->a.gid);
	put64(bonus, &off, n->parent ? n->parent->obj : n->obj);
	put64(bonus, &off, flags);
	for (int t = 0; t < 4; t++) { /* atime, mtime, ctime, crtime */
		put64(bonus, &off, zb->ts);
		put64(bonus, &off, 0);
	}
	put64(bonus, &off, links);
	put64(bonus, &off, NACES);
	mode_aces(n->a.mode, dir, aces);
	memcpy(bonus + off, aces, sizeof(aces));
	off += sizeof(aces);
	if (lnk)
		memcpy(bonus + off, n->target, tlen);
	return 0;
}

/* The SA registry (name -> number, byte-swap class, length) and the
 * layouts (number -> attribute list), and the master node above them. */
static uint64_t sa_objects(struct zfs_objset *os)
{
	struct zap_ent reg[ZPL_NATTRS], lay[2];
	uint64_t regval[ZPL_NATTRS];
	uint16_t lsym[NLAYOUT_FILE + 1];

	for (int i = 0; i < ZPL_NATTRS; i++) {
		regval[i] = (uint64_t)zpl_attrs[i].len << 24 |
			    (uint64_t)zpl_attrs[i].bswap << 16 | i;
		reg[i] = (struct zap_ent){zpl_attrs[i].name, &regval[i], 8, 1};
	}
	memcpy(lsym, layout_file, sizeof(layout_file));
	lsym[NLAYOUT_FILE] = ZPL_SYMLINK;
	lay[0] = (struct zap_ent){"2", layout_file, 2, NLAYOUT_FILE};
	lay[1] = (struct zap_ent){"3", lsym, 2, NLAYOUT_FILE + 1};
	uint64_t r =
	    zap_create(os, DMU_OT_SA_ATTR_REGISTRATION, 0, 0, reg, ZPL_NATTRS);
	uint64_t l = zap_create(os, DMU_OT_SA_ATTR_LAYOUTS, 0, 0, lay, 2);
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
		err = sa_bonus(zb, n, dnode_bonus(os_dnode(os, n->obj)));
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
