/*
 * The 9P2000.L client's calls (p9_client.h): each encodes its T-message
 * in the session's transmit buffer, has the channel carry it, and
 * decodes the R-message from the receive buffer.  Both buffers are
 * msize bytes of heap memory, as the channel wants, so program buffers
 * never go to the device: reads and writes copy through them.
 */
#include <errno.h>
#include <string.h>

#include "mm.h"
#include "p9_client.h"
#include "uaccess.h"

#define P9_VERSION "9P2000.L"
#define P9_MIN_MSIZE 4096

/* Sends what c->tx holds; 0 with c->rx at the reply's fields. */
static int call(struct p9_client *c, uint8_t rtype)
{
	if (c->tx.bad)
		return -ENAMETOOLONG; /* only names can outgrow a message */
	uint32_t len = p9_finish(&c->tx);
	int rc = c->ch->rpc(c->ch, c->tx.data, len, c->rx.data, c->msize);
	if (rc)
		return rc;
	c->rx = (struct p9_buf){c->rx.data, c->msize, 0, false};
	uint32_t size = p9_get32(&c->rx);
	uint8_t type = p9_get8(&c->rx);
	p9_get16(&c->rx);
	if (size < P9_HEADER || size > c->msize)
		return -EIO;
	c->rx.cap = size; /* fields end with the message */
	if (type == P9_RLERROR) {
		uint32_t err = p9_get32(&c->rx);
		return err && err < 4096 ? -(int)err : -EIO;
	}
	return type == rtype ? 0 : -EIO;
}

/* A call whose reply has no fields. */
static int call_done(struct p9_client *c, uint8_t type)
{
	return call(c, type + 1);
}

/* The reply's fields decoded: 0, or -EIO when it was short. */
static int decoded(struct p9_client *c)
{
	return c->rx.bad ? -EIO : 0;
}

static int call_qid(struct p9_client *c, uint8_t type, struct p9_qid *qid)
{
	int rc = call(c, type + 1);
	if (rc)
		return rc;
	p9_get_qid(&c->rx, qid);
	return decoded(c);
}

static int version(struct p9_client *c, uint32_t msize)
{
	p9_begin(&c->tx, P9_TVERSION);
	p9_put32(&c->tx, msize);
	p9_put_str(&c->tx, P9_VERSION, sizeof(P9_VERSION) - 1);
	int rc = call(c, P9_TVERSION + 1);
	if (rc)
		return rc;
	uint32_t got = p9_get32(&c->rx);
	uint16_t len;
	const char *v = p9_get_str(&c->rx, &len);
	if (!v || len != sizeof(P9_VERSION) - 1 || memcmp(v, P9_VERSION, len))
		return -EPROTONOSUPPORT;
	if (got < P9_MIN_MSIZE || got > msize)
		return -EIO;
	c->msize = got;
	return 0;
}

int p9_connect(struct p9_client *c, struct p9_channel *ch, uint32_t msize,
	       struct p9_qid *root)
{
	if (msize > ch->max_msg)
		msize = ch->max_msg;
	c->ch = ch;
	c->msize = msize;
	c->next_fid = 1;
	c->nfree = 0;
	c->tx = (struct p9_buf){heap_alloc(msize), msize, 0, false};
	c->rx = (struct p9_buf){heap_alloc(msize), msize, 0, false};
	int rc = c->tx.data && c->rx.data ? version(c, msize) : -ENOMEM;
	if (rc == 0) {
		p9_begin(&c->tx, P9_TATTACH);
		p9_put32(&c->tx, 0);
		p9_put32(&c->tx, P9_NOFID);
		p9_put_str(&c->tx, "root", 4);
		p9_put_str(&c->tx, "", 0);
		p9_put32(&c->tx, 0);
		rc = call_qid(c, P9_TATTACH, root);
	}
	if (rc)
		p9_disconnect(c);
	return rc;
}

void p9_disconnect(struct p9_client *c)
{
	heap_free(c->tx.data);
	heap_free(c->rx.data);
	c->tx.data = c->rx.data = NULL;
}

uint32_t p9_new_fid(struct p9_client *c)
{
	return c->nfree ? c->free_fids[--c->nfree] : c->next_fid++;
}

/* fid is free again (beyond the few kept, its number is not reused). */
static void free_fid(struct p9_client *c, uint32_t fid)
{
	if (c->nfree < P9_FREE_FIDS)
		c->free_fids[c->nfree++] = fid;
}

/* Rwalk's qids, for a walk of nwname names (0 or 1). */
static int walked(struct p9_client *c, uint16_t nwname, struct p9_qid *qid)
{
	*qid = (struct p9_qid){0};
	if (p9_get16(&c->rx) != nwname)
		return -ENOENT; /* a partial walk: the name is not there */
	if (nwname)
		p9_get_qid(&c->rx, qid);
	return decoded(c);
}

int p9_walk(struct p9_client *c, uint32_t fid, uint32_t newfid,
	    const char *name, size_t len, struct p9_qid *qid)
{
	p9_begin(&c->tx, P9_TWALK);
	p9_put32(&c->tx, fid);
	p9_put32(&c->tx, newfid);
	p9_put16(&c->tx, len ? 1 : 0);
	if (len)
		p9_put_str(&c->tx, name, len);
	int rc = call(c, P9_TWALK + 1);
	if (rc == 0)
		rc = walked(c, len ? 1 : 0, qid);
	if (rc)
		free_fid(c, newfid); /* the server made no newfid */
	return rc;
}

int p9_clunk(struct p9_client *c, uint32_t fid)
{
	p9_begin(&c->tx, P9_TCLUNK);
	p9_put32(&c->tx, fid);
	int rc = call_done(c, P9_TCLUNK);
	free_fid(c, fid);
	return rc;
}

static struct timespec get_time(struct p9_buf *b)
{
	int64_t sec = (int64_t)p9_get64(b);
	return (struct timespec){sec, (long)p9_get64(b)};
}

int p9_getattr(struct p9_client *c, uint32_t fid, struct vfs_attr *attr)
{
	p9_begin(&c->tx, P9_TGETATTR);
	p9_put32(&c->tx, fid);
	p9_put64(&c->tx, P9_GETATTR_BASIC);
	int rc = call(c, P9_TGETATTR + 1);
	if (rc)
		return rc;
	struct p9_qid qid;
	p9_get64(&c->rx); /* valid: QEMU fills all the basic fields */
	p9_get_qid(&c->rx, &qid);
	attr->ino = qid.path;
	attr->mode = p9_get32(&c->rx);
	attr->uid = p9_get32(&c->rx);
	attr->gid = p9_get32(&c->rx);
	attr->nlink = (uint32_t)p9_get64(&c->rx);
	attr->rdev = p9_get64(&c->rx);
	attr->size = p9_get64(&c->rx);
	attr->blksize = (uint32_t)p9_get64(&c->rx);
	attr->blocks = p9_get64(&c->rx);
	attr->atime = get_time(&c->rx);
	attr->mtime = get_time(&c->rx);
	attr->ctime = get_time(&c->rx);
	attr->btime = get_time(&c->rx);
	return decoded(c);
}

static void put_time(struct p9_buf *b, struct timespec ts)
{
	p9_put64(b, (uint64_t)ts.tv_sec);
	p9_put64(b, (uint64_t)ts.tv_nsec);
}

int p9_setattr(struct p9_client *c, uint32_t fid, uint32_t valid,
	       const struct vfs_attr *attr, uint64_t size)
{
	p9_begin(&c->tx, P9_TSETATTR);
	p9_put32(&c->tx, fid);
	p9_put32(&c->tx, valid);
	p9_put32(&c->tx, attr ? attr->mode : 0);
	p9_put32(&c->tx, attr ? attr->uid : 0);
	p9_put32(&c->tx, attr ? attr->gid : 0);
	p9_put64(&c->tx, size);
	put_time(&c->tx, attr ? attr->atime : (struct timespec){0});
	put_time(&c->tx, attr ? attr->mtime : (struct timespec){0});
	return call_done(c, P9_TSETATTR);
}

int p9_lopen(struct p9_client *c, uint32_t fid, uint32_t flags,
	     struct p9_qid *qid)
{
	p9_begin(&c->tx, P9_TLOPEN);
	p9_put32(&c->tx, fid);
	p9_put32(&c->tx, flags);
	return call_qid(c, P9_TLOPEN, qid); /* iounit unused: msize rules */
}

int p9_lcreate(struct p9_client *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode, struct p9_qid *qid)
{
	p9_begin(&c->tx, P9_TLCREATE);
	p9_put32(&c->tx, fid);
	p9_put_str(&c->tx, name, len);
	p9_put32(&c->tx, flags);
	p9_put32(&c->tx, mode);
	p9_put32(&c->tx, 0); /* gid */
	return call_qid(c, P9_TLCREATE, qid);
}

int p9_mkdir(struct p9_client *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode)
{
	p9_begin(&c->tx, P9_TMKDIR);
	p9_put32(&c->tx, dfid);
	p9_put_str(&c->tx, name, len);
	p9_put32(&c->tx, mode);
	p9_put32(&c->tx, 0); /* gid */
	struct p9_qid qid;
	return call_qid(c, P9_TMKDIR, &qid);
}

int p9_symlink(struct p9_client *c, uint32_t dfid, const char *name, size_t len,
	       const char *target)
{
	p9_begin(&c->tx, P9_TSYMLINK);
	p9_put32(&c->tx, dfid);
	p9_put_str(&c->tx, name, len);
	p9_put_str(&c->tx, target, strlen(target));
	p9_put32(&c->tx, 0); /* gid */
	struct p9_qid qid;
	return call_qid(c, P9_TSYMLINK, &qid);
}

int p9_link(struct p9_client *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len)
{
	p9_begin(&c->tx, P9_TLINK);
	p9_put32(&c->tx, dfid);
	p9_put32(&c->tx, fid);
	p9_put_str(&c->tx, name, len);
	return call_done(c, P9_TLINK);
}

long p9_readlink(struct p9_client *c, uint32_t fid, char *buf, size_t len)
{
	p9_begin(&c->tx, P9_TREADLINK);
	p9_put32(&c->tx, fid);
	int rc = call(c, P9_TREADLINK + 1);
	if (rc)
		return rc;
	uint16_t n;
	const char *target = p9_get_str(&c->rx, &n);
	if (!target)
		return -EIO;
	if (n > len)
		n = (uint16_t)len;
	memcpy(buf, target, n);
	return n;
}

int p9_unlinkat(struct p9_client *c, uint32_t dfid, const char *name,
		size_t len, uint32_t flags)
{
	p9_begin(&c->tx, P9_TUNLINKAT);
	p9_put32(&c->tx, dfid);
	p9_put_str(&c->tx, name, len);
	p9_put32(&c->tx, flags);
	return call_done(c, P9_TUNLINKAT);
}

int p9_renameat(struct p9_client *c, uint32_t olddfid, const char *oldname,
		size_t oldlen, uint32_t newdfid, const char *newname,
		size_t newlen)
{
	p9_begin(&c->tx, P9_TRENAMEAT);
	p9_put32(&c->tx, olddfid);
	p9_put_str(&c->tx, oldname, oldlen);
	p9_put32(&c->tx, newdfid);
	p9_put_str(&c->tx, newname, newlen);
	return call_done(c, P9_TRENAMEAT);
}

int p9_statfs(struct p9_client *c, uint32_t fid, struct vfs_statfs *st)
{
	p9_begin(&c->tx, P9_TSTATFS);
	p9_put32(&c->tx, fid);
	int rc = call(c, P9_TSTATFS + 1);
	if (rc)
		return rc;
	p9_get32(&c->rx); /* the host filesystem's type */
	st->bsize = p9_get32(&c->rx);
	st->blocks = p9_get64(&c->rx);
	st->bfree = p9_get64(&c->rx);
	st->bavail = p9_get64(&c->rx);
	st->files = p9_get64(&c->rx);
	st->ffree = p9_get64(&c->rx);
	p9_get64(&c->rx); /* fsid */
	st->namelen = p9_get32(&c->rx);
	return decoded(c);
}

int p9_fsync(struct p9_client *c, uint32_t fid)
{
	p9_begin(&c->tx, P9_TFSYNC);
	p9_put32(&c->tx, fid);
	p9_put32(&c->tx, 0); /* datasync: no, all of it */
	return call_done(c, P9_TFSYNC);
}

static void put_io(struct p9_client *c, uint8_t type, uint32_t fid,
		   uint64_t off, size_t *len)
{
	if (*len > c->msize - P9_IO_HEADER)
		*len = c->msize - P9_IO_HEADER;
	p9_begin(&c->tx, type);
	p9_put32(&c->tx, fid);
	p9_put64(&c->tx, off);
	p9_put32(&c->tx, (uint32_t)*len);
}

long p9_read(struct p9_client *c, uint32_t fid, uint64_t off, void *buf,
	     size_t len)
{
	put_io(c, P9_TREAD, fid, off, &len);
	int rc = call(c, P9_TREAD + 1);
	if (rc)
		return rc;
	uint32_t n = p9_get32(&c->rx);
	const void *data = p9_get_space(&c->rx, n);
	if (!data || n > len)
		return -EIO;
	/* buf is the program's: a bad one is EFAULT (uaccess.h) */
	size_t left = copy_to_program(buf, data, n);
	return left ? -EFAULT : (long)n;
}

long p9_write(struct p9_client *c, uint32_t fid, uint64_t off, const void *buf,
	      size_t len)
{
	put_io(c, P9_TWRITE, fid, off, &len);
	void *data = p9_put_space(&c->tx, len);
	if (!data || copy_from_program(data, buf, len))
		return -EFAULT;
	int rc = call(c, P9_TWRITE + 1);
	if (rc)
		return rc;
	uint32_t n = p9_get32(&c->rx);
	return decoded(c) ? -EIO : n > len ? -EIO : (long)n;
}

long p9_readdir(struct p9_client *c, uint32_t fid, uint64_t off, uint32_t count,
		const void **data)
{
	size_t len = count;
	put_io(c, P9_TREADDIR, fid, off, &len);
	int rc = call(c, P9_TREADDIR + 1);
	if (rc)
		return rc;
	uint32_t n = p9_get32(&c->rx);
	*data = p9_get_space(&c->rx, n);
	/* more than asked would overrun the caller's buffer of count */
	return *data && n <= len ? (long)n : -EIO;
}
