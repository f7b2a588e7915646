/*
 * The 9p mount's live nodes (p9fs.h): a hash table by qid.path, under
 * the mount's lock, so that a lookup finds the vnode the file already
 * has.  A node leaves it when its last reference goes (inactive, which
 * the VFS calls under that lock, so that no lookup takes it up again
 * meanwhile) or when the host reuses its number for a file of another
 * type (the old node stays with its holders, out of the table).
 */
#include <errno.h>

#include "p9fs.h"

static struct p9fs_node **bucket_of(struct p9fs_mount *m, uint64_t path)
{
	return &m->nodes[path % P9FS_BUCKETS];
}

/*
 * *type, when 0, learnt: the qid tells directories and symlinks, the
 * file's mode the rest.
 */
static int learn_type(struct p9_client *c, uint32_t fid,
		      const struct p9_qid *qid, uint32_t *type)
{
	if (*type)
		return 0;
	if (qid->type & (P9_QTDIR | P9_QTSYMLINK)) {
		*type = qid->type & P9_QTDIR ? VFS_IFDIR : VFS_IFLNK;
		return 0;
	}
	struct vfs_attr attr;
	int rc = p9_getattr(c, fid, &attr);
	if (rc == 0)
		*type = attr.mode & VFS_IFMT ? attr.mode & VFS_IFMT : VFS_IFREG;
	return rc;
}

/* Whether n can be the file of qid, of type (0: any the qid allows). */
static bool same_kind(const struct p9fs_node *n, const struct p9_qid *qid,
		      uint32_t type)
{
	uint32_t t = n->vn.type;
	if (type)
		return t == type;
	if (qid->type & P9_QTDIR)
		return t == VFS_IFDIR;
	if (qid->type & P9_QTSYMLINK)
		return t == VFS_IFLNK;
	return t != VFS_IFDIR && t != VFS_IFLNK;
}

/*
 * fid, walked by the name key, becomes n's first name; the fid it
 * replaces is the same name's, else the older of n's two names (see
 * p9fs_node_get).  One fid is clunked either way.
 */
static struct vnode *found(struct p9fs_node *n, uint32_t fid, uint64_t key)
{
	struct p9_client *c = p9fs_client(&n->vn);
	/* the root keeps fid 0, by which statfs names it */
	if (n->fid == 0) {
		p9_clunk(c, fid);
		return vnode_ref(&n->vn);
	}
	if (key == n->key) {
		p9_clunk(c, n->fid);
	} else {
		if (n->old.fid != P9_NOFID)
			p9_clunk(c, n->old.fid);
		n->old = (struct p9fs_name){n->fid, n->key};
	}
	n->fid = fid;
	n->key = key;
	return vnode_ref(&n->vn);
}

/* FNV-1a (64-bit) over the directory's number, then the name. */
uint64_t p9fs_name_key(uint64_t dir, const char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (int i = 0; i < 8; i++)
		h = (h ^ (uint8_t)(dir >> 8 * i)) * 0x100000001b3u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 0x100000001b3u;
	return h;
}

bool p9fs_node_other_name(struct p9fs_node *n, int rc)
{
	struct vfs_attr attr;
	if (rc != -ENOENT || n->old.fid == P9_NOFID ||
	    p9_getattr(p9fs_client(&n->vn), n->old.fid, &attr) ||
	    attr.ino != n->vn.ino)
		return false;
	struct p9fs_name gone = {n->fid, n->key};
	n->fid = n->old.fid;
	n->key = n->old.key;
	n->old = gone;
	return true;
}

int p9fs_node_get(struct vfs_mount *mnt, uint32_t fid, const struct p9_qid *qid,
		  uint32_t type, uint64_t key, struct vnode **out)
{
	struct p9fs_mount *m = mnt->data;
	struct p9fs_node **b = bucket_of(m, qid->path), *n = *b;
	while (n && n->vn.ino != qid->path)
		n = n->next;
	if (n && same_kind(n, qid, type)) {
		*out = found(n, fid, key);
		return 0;
	}
	int rc = learn_type(&m->client, fid, qid, &type);
	struct p9fs_node *new =
	    rc ? NULL : p9fs_node_new(mnt, fid, type, qid->path);
	if (!new) {
		p9_clunk(&m->client, fid);
		return rc ? rc : -ENOMEM;
	}
	if (n)
		p9fs_node_forget(n);
	new->key = key;
	new->next = *b;
	new->hashed = true;
	*b = new;
	*out = &new->vn;
	return 0;
}

void p9fs_node_forget(struct p9fs_node *n)
{
	if (!n->hashed)
		return;
	struct p9fs_node **p = bucket_of(p9fs_mount_of(&n->vn), n->vn.ino);
	while (*p != n)
		p = &(*p)->next;
	*p = n->next;
	n->hashed = false;
}
