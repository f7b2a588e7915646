/*
 * 9P's field encoding (p9_msg.h): little-endian integers and
 * length-prefixed strings, bounded by the buffer.
 */
#include <string.h>

#include "p9_msg.h"

void *p9_put_space(struct p9_buf *b, size_t len)
{
	if (b->bad || len > b->cap - b->pos) {
		b->bad = true;
		return NULL;
	}
	void *at = b->data + b->pos;
	b->pos += (uint32_t)len;
	return at;
}

/* x86_64 is little-endian, as 9P: the bytes go as they are. */
static void put(struct p9_buf *b, const void *v, size_t len)
{
	void *at = p9_put_space(b, len);
	if (at)
		memcpy(at, v, len);
}

void p9_put8(struct p9_buf *b, uint8_t v)
{
	put(b, &v, 1);
}

void p9_put16(struct p9_buf *b, uint16_t v)
{
	put(b, &v, 2);
}

void p9_put32(struct p9_buf *b, uint32_t v)
{
	put(b, &v, 4);
}

void p9_put64(struct p9_buf *b, uint64_t v)
{
	put(b, &v, 8);
}

void p9_put_str(struct p9_buf *b, const char *s, size_t len)
{
	p9_put16(b, (uint16_t)len);
	put(b, s, len);
}

void p9_begin(struct p9_buf *b, uint8_t type)
{
	b->pos = 0;
	b->bad = false;
	p9_put32(b, 0);
	p9_put8(b, type);
	p9_put16(b, type == P9_TVERSION ? P9_NOTAG : 0);
}

uint32_t p9_finish(struct p9_buf *b)
{
	memcpy(b->data, &b->pos, 4);
	return b->pos;
}

const void *p9_get_space(struct p9_buf *b, size_t len)
{
	return p9_put_space(b, len);
}

static void get(struct p9_buf *b, void *v, size_t len)
{
	const void *at = p9_get_space(b, len);
	if (at)
		memcpy(v, at, len);
	else
		memset(v, 0, len);
}

uint8_t p9_get8(struct p9_buf *b)
{
	uint8_t v;
	get(b, &v, 1);
	return v;
}

uint16_t p9_get16(struct p9_buf *b)
{
	uint16_t v;
	get(b, &v, 2);
	return v;
}

uint32_t p9_get32(struct p9_buf *b)
{
	uint32_t v;
	get(b, &v, 4);
	return v;
}

uint64_t p9_get64(struct p9_buf *b)
{
	uint64_t v;
	get(b, &v, 8);
	return v;
}

void p9_get_qid(struct p9_buf *b, struct p9_qid *qid)
{
	qid->type = p9_get8(b);
	qid->version = p9_get32(b);
	qid->path = p9_get64(b);
}

const char *p9_get_str(struct p9_buf *b, uint16_t *len)
{
	*len = p9_get16(b);
	return p9_get_space(b, *len);
}
