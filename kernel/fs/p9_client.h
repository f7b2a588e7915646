/*
 * A 9P2000.L client: one session with a server over a channel
 * (p9_transport.h), one call per request it needs.  Fids are numbers
 * the client chooses; a clunked fid, or one a failed walk left unused,
 * is handed out again, so that a long session's numbers never wrap
 * round onto fids still in use (the root's is 0).  Errors are negative errno
 * values: the server's own (Rlerror carries the host's Linux errno), -EIO for a
 * reply that makes no sense, -EFAULT for a program buffer that faults.
 *
 * Calls are not serialised here: the caller makes one at a time (the
 * 9p filesystem runs under the VFS's mount lock).
 */
#ifndef KERNEL_FS_P9_CLIENT_H
#define KERNEL_FS_P9_CLIENT_H

#include "p9_msg.h"
#include "p9_transport.h"
#include "vfs.h"

#define P9_FREE_FIDS 16

struct p9_client {
	struct p9_channel *ch;
	uint32_t msize;	   /* negotiated: the largest message */
	uint32_t next_fid; /* the next fid never handed out */
	unsigned nfree;
	uint32_t free_fids[P9_FREE_FIDS]; /* to hand out again, first */
	struct p9_buf tx, rx;
};

/*
 * Starts a session on ch: version (asking msize bytes at most),
 * attach of fid 0 as root (uname "root", n_uname 0).  0 or an error.
 */
int p9_connect(struct p9_client *c, struct p9_channel *ch, uint32_t msize,
	       struct p9_qid *root);
/*
 * Frees the buffers.  The server keeps the session's fids until the
 * next Tversion on the channel: clunk them first.
 */
void p9_disconnect(struct p9_client *c);

/* A fid number no file of the session has. */
uint32_t p9_new_fid(struct p9_client *c);

/*
 * newfid = fid's child name (len 0: a clone of fid); its qid.  On
 * failure newfid is unused (and may be handed out again).
 */
int p9_walk(struct p9_client *c, uint32_t fid, uint32_t newfid,
	    const char *name, size_t len, struct p9_qid *qid);
/* Ends fid (the server forgets it even when it answers an error). */
int p9_clunk(struct p9_client *c, uint32_t fid);
int p9_getattr(struct p9_client *c, uint32_t fid, struct vfs_attr *attr);
/* valid: P9_SETATTR_*; the fields valid does not name are ignored. */
int p9_setattr(struct p9_client *c, uint32_t fid, uint32_t valid,
	       const struct vfs_attr *attr, uint64_t size);
/* Opens fid for I/O (flags: Linux's O_*); the qid of the file opened. */
int p9_lopen(struct p9_client *c, uint32_t fid, uint32_t flags,
	     struct p9_qid *qid);
/* Makes dir fid's child name and opens it: fid is then that file. */
int p9_lcreate(struct p9_client *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode, struct p9_qid *qid);
int p9_mkdir(struct p9_client *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode);
int p9_symlink(struct p9_client *c, uint32_t dfid, const char *name, size_t len,
	       const char *target);
int p9_link(struct p9_client *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len);
/* A symlink's target into buf (no NUL); its length or an error. */
long p9_readlink(struct p9_client *c, uint32_t fid, char *buf, size_t len);
/* flags: 0, or AT_REMOVEDIR (0x200) for a directory. */
int p9_unlinkat(struct p9_client *c, uint32_t dfid, const char *name,
		size_t len, uint32_t flags);
int p9_renameat(struct p9_client *c, uint32_t olddfid, const char *oldname,
		size_t oldlen, uint32_t newdfid, const char *newname,
		size_t newlen);
int p9_statfs(struct p9_client *c, uint32_t fid, struct vfs_statfs *st);
int p9_fsync(struct p9_client *c, uint32_t fid);

/*
 * An opened fid's bytes at off into the program's buf, one request
 * (at most msize less the header); the count, 0 at the end.
 */
long p9_read(struct p9_client *c, uint32_t fid, uint64_t off, void *buf,
	     size_t len);
/* The program's buf to an opened fid at off, one request; the count. */
long p9_write(struct p9_client *c, uint32_t fid, uint64_t off, const void *buf,
	      size_t len);
/*
 * Entries of an opened directory from the server's offset off, at most
 * count bytes of them: the reply's data, in place in c->rx (valid until
 * the next call), as *data and the returned length (never more than
 * count: a longer reply is -EIO); 0 at the end.
 * Each entry is qid[13] offset[8] type[1] name[s]; offset is where the
 * next entry starts.
 */
long p9_readdir(struct p9_client *c, uint32_t fid, uint64_t off, uint32_t count,
		const void **data);

#endif
