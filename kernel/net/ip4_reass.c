/*
 * Reassembly of fragmented datagrams (RFC 791 3.2, RFC 1122 3.3.2).
 * Each datagram in progress has a 64 KiB buffer and a bitmap of the
 * 8-byte blocks received; it is complete when the last fragment has
 * given its length and every block below it is there.  Overlaps simply
 * overwrite.  Memory is bounded by IP4_REASS_MAX buffers: a fragment
 * of yet another datagram is dropped.
 */
#include <string.h>

#include "clock.h"
#include "ip4_reass.h"
#include "mm.h"

#define BLOCKS (65536 / 8)

struct reass {
	bool used;
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
	size_t total; /* 0 until the last fragment came */
	uint8_t *buf; /* the data; the first fragment's header in hdr */
	uint8_t hdr[60];
	size_t hlen;
	uint64_t bits[BLOCKS / 64];
	struct ip4_timer timer;
};

static struct reass slots[IP4_REASS_MAX];

static void drop(struct reass *r)
{
	ip4_timer_cancel(&r->timer);
	heap_free(r->buf);
	r->buf = NULL;
	r->used = false;
}

static void expire(struct ip4_timer *t)
{
	for (int i = 0; i < IP4_REASS_MAX; i++)
		if (&slots[i].timer == t) {
			ip4_stats.reass_dropped++;
			drop(&slots[i]);
		}
}

static struct reass *find(const struct ip4_packet *p, uint16_t id)
{
	struct reass *free_slot = NULL;
	for (int i = 0; i < IP4_REASS_MAX; i++) {
		struct reass *r = &slots[i];
		if (r->used && r->src == p->src && r->dst == p->dst &&
		    r->id == id && r->proto == p->proto)
			return r;
		if (!r->used && !free_slot)
			free_slot = r;
	}
	if (!free_slot)
		return NULL;
	uint8_t *buf = heap_alloc(65536);
	if (!buf)
		return NULL;
	struct reass *r = free_slot;
	memset(r, 0, sizeof(*r));
	r->used = true;
	r->src = p->src;
	r->dst = p->dst;
	r->id = id;
	r->proto = p->proto;
	r->buf = buf;
	r->timer.fn = expire;
	ip4_timer_arm(&r->timer, clock_monotonic() + IP4_REASS_TIMEOUT_NS);
	return r;
}

static bool complete(const struct reass *r)
{
	if (!r->total)
		return false;
	for (size_t b = 0; b < (r->total + 7) / 8; b++)
		if (!(r->bits[b / 64] >> (b % 64) & 1))
			return false;
	return true;
}

void ip4_reass_input(const struct ip4_packet *p, const uint8_t *h)
{
	uint16_t id = (uint16_t)(h[4] << 8 | h[5]);
	size_t off = (size_t)((h[6] & 0x1f) << 8 | h[7]) * 8;
	bool more = h[6] & 0x20;
	struct reass *r = find(p, id);
	if (!r || off + p->len > IP4_MAX_LEN - IP4_HLEN ||
	    (more && p->len % 8)) {
		ip4_stats.reass_dropped++;
		return;
	}
	memcpy(r->buf + off, p->data, p->len);
	for (size_t b = off / 8; b < (off + p->len + 7) / 8; b++)
		r->bits[b / 64] |= 1ULL << (b % 64);
	if (!more)
		r->total = off + p->len;
	if (off == 0) {
		r->hlen = p->ip_len;
		memcpy(r->hdr, p->ip, p->ip_len);
	}
	if (!complete(r))
		return;
	struct ip4_packet whole = *p;
	whole.ip = r->hdr;
	whole.ip_len = r->hlen;
	whole.data = r->buf;
	whole.len = r->total;
	ip4_stats.reass_ok++;
	ip4_deliver(&whole);
	drop(r);
}
