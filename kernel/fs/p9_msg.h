/*
 * 9P2000.L messages (the Linux dialect of 9P, as QEMU's server speaks
 * it): the message types, and the encoding of their fields in a
 * buffer.  Every message is size[4] type[1] tag[2] then its fields,
 * little-endian; a string is its length[2] then its bytes (no NUL); a
 * qid is type[1] version[4] path[8].
 *
 * Encoding appends to a buffer, decoding consumes from it; a field
 * past the buffer's end sets bad (and reads as zero) instead of
 * overrunning, so a caller checks once, after its last field.
 */
#ifndef KERNEL_FS_P9_MSG_H
#define KERNEL_FS_P9_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* T-message types; the reply to each is type + 1. */
enum {
	P9_RLERROR = 7,
	P9_TSTATFS = 8,
	P9_TLOPEN = 12,
	P9_TLCREATE = 14,
	P9_TSYMLINK = 16,
	P9_TREADLINK = 22,
	P9_TGETATTR = 24,
	P9_TSETATTR = 26,
	P9_TREADDIR = 40,
	P9_TFSYNC = 50,
	P9_TLINK = 70,
	P9_TMKDIR = 72,
	P9_TRENAMEAT = 74,
	P9_TUNLINKAT = 76,
	P9_TVERSION = 100,
	P9_TATTACH = 104,
	P9_TWALK = 110,
	P9_TREAD = 116,
	P9_TWRITE = 118,
	P9_TCLUNK = 120,
};

#define P9_HEADER 7	/* size[4] type[1] tag[2] */
#define P9_IO_HEADER 24 /* Twrite's fields before its data, and more */
#define P9_NOFID 0xffffffffu
#define P9_NOTAG 0xffff
#define P9_QTDIR 0x80
#define P9_QTSYMLINK 0x02

/* Tsetattr's valid bits */
#define P9_SETATTR_MODE 0x001
#define P9_SETATTR_UID 0x002
#define P9_SETATTR_GID 0x004
#define P9_SETATTR_SIZE 0x008
#define P9_SETATTR_ATIME 0x010
#define P9_SETATTR_MTIME 0x020
#define P9_SETATTR_CTIME 0x040
#define P9_SETATTR_ATIME_SET 0x080
#define P9_SETATTR_MTIME_SET 0x100

#define P9_GETATTR_BASIC 0x7ff /* mode ... blocks, the times */

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct p9_buf {
	uint8_t *data;
	uint32_t cap; /* bytes of data */
	uint32_t pos; /* where the next field goes or comes from */
	bool bad;     /* a field did not fit */
};

/* Starts a T-message of type in b (tag 0: one request at a time). */
void p9_begin(struct p9_buf *b, uint8_t type);
/* Writes the message's size field; returns that size. */
uint32_t p9_finish(struct p9_buf *b);

void p9_put8(struct p9_buf *b, uint8_t v);
void p9_put16(struct p9_buf *b, uint16_t v);
void p9_put32(struct p9_buf *b, uint32_t v);
void p9_put64(struct p9_buf *b, uint64_t v);
void p9_put_str(struct p9_buf *b, const char *s, size_t len);
/* Room for len bytes at pos, which the caller fills; NULL when bad. */
void *p9_put_space(struct p9_buf *b, size_t len);

uint8_t p9_get8(struct p9_buf *b);
uint16_t p9_get16(struct p9_buf *b);
uint32_t p9_get32(struct p9_buf *b);
uint64_t p9_get64(struct p9_buf *b);
void p9_get_qid(struct p9_buf *b, struct p9_qid *qid);
/* A string's bytes in place (*len of them, no NUL); NULL when bad. */
const char *p9_get_str(struct p9_buf *b, uint16_t *len);
/* len bytes in place; NULL when bad. */
const void *p9_get_space(struct p9_buf *b, size_t len);

#endif
