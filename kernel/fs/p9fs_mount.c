/*
 * The 9p filesystem type: mounts a host directory that a 9P channel
 * exports (virtio-9p: QEMU's -fsdev local), named by the channel's tag,
 * as --mount=9p:TAG:/DIR[:msize=BYTES] or mount(2) with type "9p" and
 * source TAG.  The session is 9P2000.L with msize 128 KiB unless the
 * option says less (at least 4096); the server may lower it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klog.h"
#include "mm.h"
#include "p9fs.h"
#include "sleeplock.h"

#define P9FS_MSIZE (128u << 10)
#define V9FS_MAGIC 0x01021997 /* Linux's f_type of a 9p mount */

/*
 * The session ends: the channel is free for another mount.  No node is
 * left (the VFS unmounts only when nothing but the root was live).
 */
static int p9fs_unmount(struct vfs_mount *mnt)
{
	struct p9fs_mount *m = mnt->data;
	struct p9_channel *ch = m->client.ch;
	p9_disconnect(&m->client);
	heap_free(m);
	mnt->data = NULL;
	p9_channel_release(ch);
	return 0;
}

/* options: NULL, "", or msize=BYTES (4096 up). */
static int parse_options(const char *opts, uint32_t *msize)
{
	*msize = P9FS_MSIZE;
	if (!opts || !*opts)
		return 0;
	char *end = NULL;
	unsigned long v = 0;
	if (strncmp(opts, "msize=", 6) == 0)
		v = strtoul(opts + 6, &end, 10);
	if (v < 4096 || v > P9FS_MSIZE || *end) {
		kprintf("9p: options '%s': msize=BYTES (4096 to %u) wanted\n",
			opts, P9FS_MSIZE);
		return -EINVAL;
	}
	*msize = (uint32_t)v;
	return 0;
}

static int p9fs_mount_op(struct vfs_mount *mnt, const char *source,
			 const void *data)
{
	uint32_t msize;
	int rc = parse_options(data, &msize);
	if (rc)
		return rc;
	struct p9_channel *ch = p9_channel_claim(source ? source : "", &rc);
	if (!ch) {
		kprintf(
		    rc == -EBUSY
			? "9p: the mount tag '%s' is mounted already\n"
			: "9p: no virtio-9p device has the mount tag '%s'\n",
		    source ? source : "");
		return rc;
	}
	struct p9fs_mount *m = heap_calloc(1, sizeof(*m));
	struct p9_qid root;
	rc = m ? p9_connect(&m->client, ch, msize, &root) : -ENOMEM;
	if (rc) {
		kprintf("9p: %s: cannot start a 9P2000.L session (error %d)\n",
			source, -rc);
		heap_free(m);
		p9_channel_release(ch);
		return rc;
	}
	mnt->data = m;
	rc = p9fs_node_get(mnt, 0, &root, VFS_IFDIR, 0, &mnt->root);
	if (rc)
		p9fs_unmount(mnt);
	return rc;
}

static int p9fs_statfs(struct vfs_mount *mnt, struct vfs_statfs *st)
{
	/* The VFS calls statfs unlocked; the session's buffers need it. */
	struct p9fs_mount *m = mnt->data;
	sleep_lock(&mnt->lock);
	int rc = p9_statfs(&m->client, 0, st);
	sleep_unlock(&mnt->lock);
	st->magic = V9FS_MAGIC;
	return rc;
}

struct vfs_fstype p9fs_type = {
    .name = "9p",
    .mount = p9fs_mount_op,
    .unmount = p9fs_unmount,
    .statfs = p9fs_statfs,
};
