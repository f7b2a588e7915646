/*
 * Byte rings for the send and receive buffers.  The receive ring also
 * holds out-of-order data past its `len` bytes (tcp_ring_put), so
 * reassembly needs no memory beyond the receive buffer.
 */
#include <errno.h>
#include <string.h>

#include "tcp_impl.h"

int tcp_ring_alloc(struct tcp_ring *r, uint32_t size)
{
	r->buf = TCP_MALLOC(size);
	if (!r->buf)
		return -ENOMEM;
	r->size = size;
	r->head = 0;
	r->len = 0;
	return 0;
}

/* Keeps the bytes (and any placed past `len` is lost: callers resize
 * only rings without out-of-order data beyond what they copy). */
int tcp_ring_resize(struct tcp_ring *r, uint32_t size)
{
	struct tcp_ring n;

	if (size < r->len)
		size = r->len;
	if (tcp_ring_alloc(&n, size))
		return -ENOMEM;
	tcp_ring_copy(r, 0, n.buf, r->len);
	n.len = r->len;
	tcp_ring_free(r);
	*r = n;
	return 0;
}

void tcp_ring_free(struct tcp_ring *r)
{
	TCP_FREE(r->buf);
	r->buf = NULL;
	r->size = r->len = r->head = 0;
}

void tcp_ring_copy(const struct tcp_ring *r, uint32_t off, void *dst,
		   uint32_t n)
{
	uint32_t pos, first;

	if (!n)
		return;
	pos = (r->head + off) % r->size;
	first = r->size - pos < n ? r->size - pos : n;
	memcpy(dst, r->buf + pos, first);
	memcpy((uint8_t *)dst + first, r->buf, n - first);
}

void tcp_ring_put(struct tcp_ring *r, uint32_t off, const void *src, uint32_t n)
{
	uint32_t pos, first;

	if (!n)
		return;
	pos = (r->head + off) % r->size;
	first = r->size - pos < n ? r->size - pos : n;
	memcpy(r->buf + pos, src, first);
	memcpy(r->buf, (const uint8_t *)src + first, n - first);
}

uint32_t tcp_ring_append(struct tcp_ring *r, const void *src, uint32_t n)
{
	if (n > r->size - r->len)
		n = r->size - r->len;
	if (n)
		tcp_ring_put(r, r->len, src, n);
	r->len += n;
	return n;
}

void tcp_ring_drop(struct tcp_ring *r, uint32_t n)
{
	if (n)
		r->head = (r->head + n) % r->size;
	r->len -= n;
}
