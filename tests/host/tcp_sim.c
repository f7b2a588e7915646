/* The simulated network of tcp_sim.h. */
#include <stdlib.h>
#include <string.h>

#include "tcp_sim.h"

struct sim_pkt {
	struct sim_pkt *next;
	uint64_t at;
	int to;
	uint32_t src, dst;
	size_t len;
	uint8_t data[];
};

uint32_t sim_rand(struct sim *s)
{
	/* xorshift64* */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (uint32_t)((s->rng * 2685821657736338717ull) >> 32);
}

static bool chance(struct sim *s, unsigned per_mille)
{
	return per_mille && sim_rand(s) % 1000 < per_mille;
}

uint32_t sim_addr(int host)
{
	const uint8_t b[4] = {10, 0, 0, (uint8_t)(host + 1)};
	uint32_t a;

	memcpy(&a, b, 4);
	return a;
}

uint16_t sim_port(uint16_t v)
{
	const uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	uint16_t p;

	memcpy(&p, b, 2);
	return p;
}

static int host_of(uint32_t addr)
{
	for (int i = 0; i < SIM_HOSTS; i++)
		if (sim_addr(i) == addr)
			return i;
	return -1;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void record(struct sim *s, struct sim_seg *g)
{
	s->n_segs++;
	if (s->n_trace < SIM_TRACE)
		s->trace[s->n_trace++] = *g;
}

static void enqueue(struct sim *s, int to, uint32_t src, uint32_t dst,
		    const void *seg, size_t len, uint64_t at)
{
	struct sim_pkt *p = malloc(sizeof(*p) + len), **q;

	if (!p)
		abort();
	p->at = at;
	p->to = to;
	p->src = src;
	p->dst = dst;
	p->len = len;
	memcpy(p->data, seg, len);
	for (q = &s->queue; *q && (*q)->at <= at; q = &(*q)->next)
		;
	p->next = *q;
	*q = p;
}

/* When the link from -> to delivers `len` more bytes; 0: queue full. */
static uint64_t link_arrival(struct sim *s, int from, int to, size_t len)
{
	uint64_t *free_at = &s->link_free[from][to];
	uint64_t start = *free_at > s->now ? *free_at : s->now;

	if (!s->rate)
		return s->now + s->delay;
	if (s->queue_limit &&
	    (start - s->now) * s->rate / 1000000000ull > s->queue_limit)
		return 0;
	*free_at = start + (len + 40) * 1000000000ull / s->rate;
	return *free_at + s->delay;
}

/* The options a test looks at: timestamps and SACK blocks. */
static void find_options(struct sim_seg *g, const uint8_t *b)
{
	size_t doff = (size_t)(b[12] >> 4) * 4, i = 20;

	while (i < doff && b[i] != 0) {
		if (b[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= doff || b[i + 1] < 2 || i + b[i + 1] > doff)
			return;
		if (b[i] == 8 && b[i + 1] == 10) {
			g->has_ts = true;
			g->tsval = get32(b + i + 2);
			g->tsecr = get32(b + i + 6);
		}
		if (b[i] == 4)
			g->sack_perm = true;
		for (unsigned k = 0;
		     b[i] == 5 && k < (b[i + 1] - 2u) / 8u && k < 4; k++) {
			g->sack[k][0] = get32(b + i + 2 + 8 * k);
			g->sack[k][1] = get32(b + i + 6 + 8 * k);
			g->n_sack = k + 1;
		}
		i += b[i + 1];
	}
}

static void emit(void *ctx, uint32_t src, uint32_t dst, const void *seg,
		 size_t len)
{
	struct sim_host *h = ctx;
	struct sim *s = h->sim;
	const uint8_t *b = seg;
	struct sim_seg g = {
	    .at = s->now,
	    .from = h->id,
	    .to = host_of(dst),
	    .seq = get32(b + 4),
	    .ack = get32(b + 8),
	    .flags = b[13],
	    .wnd = (uint32_t)b[14] << 8 | b[15],
	    .len = (uint32_t)(len - (size_t)(b[12] >> 4) * 4),
	};
	uint64_t at = 0;

	memcpy(&g.sport, b, 2);
	memcpy(&g.dport, b + 2, 2);
	find_options(&g, b);
	if (src != h->addr || tcp_checksum(src, dst, seg, len) != 0)
		s->bad_csum++;
	g.dropped =
	    g.to < 0 || chance(s, s->loss) || (s->filter && s->filter(s, &g));
	if (!g.dropped && !(at = link_arrival(s, h->id, g.to, len)))
		g.dropped = true;
	record(s, &g);
	if (g.dropped)
		return;
	if (chance(s, s->reorder))
		at += s->reorder_delay;
	enqueue(s, g.to, src, dst, seg, len, at);
	if (chance(s, s->dup))
		enqueue(s, g.to, src, dst, seg, len, at + 1000);
}

static uint32_t isn(void *ctx, uint32_t laddr, uint16_t lport, uint32_t raddr,
		    uint16_t rport, uint64_t now)
{
	struct sim_host *h = ctx;

	/* far apart per host, and near the wrap to exercise it */
	return 0xfff00000u + (uint32_t)h->id * 0x10000000u +
	       (uint32_t)(now / 4000) + lport + rport + (laddr ^ raddr);
}

static int route(void *ctx, uint32_t raddr, uint32_t *laddr, uint32_t *mtu)
{
	struct sim_host *h = ctx;

	if (host_of(raddr) < 0)
		return -101; /* ENETUNREACH */
	if (!*laddr)
		*laddr = h->addr;
	*mtu = h->mtu;
	return 0;
}

static void event(void *ctx, struct tcp_conn *c)
{
	struct sim_host *h = ctx;

	(void)c;
	h->events++;
}

void sim_init(struct sim *s, uint64_t seed, const struct tcp_config *cfg)
{
	memset(s, 0, sizeof(*s));
	s->rng = seed * 0x9e3779b97f4a7c15ull + 1;
	s->delay = 5000000; /* 5 ms */
	s->now = 1000000000ull;
	for (int i = 0; i < SIM_HOSTS; i++) {
		struct sim_host *h = &s->host[i];
		struct tcp_ops ops = {h, emit, isn, route, event};

		h->sim = s;
		h->id = i;
		h->addr = sim_addr(i);
		h->mtu = 1500;
		h->eng = tcp_engine_create(&ops, cfg);
		if (!h->eng)
			abort();
	}
}

void sim_fini(struct sim *s)
{
	while (s->queue) {
		struct sim_pkt *p = s->queue;

		s->queue = p->next;
		free(p);
	}
	for (int i = 0; i < SIM_HOSTS; i++)
		tcp_engine_destroy(s->host[i].eng);
}

static uint64_t next_event(const struct sim *s)
{
	uint64_t t = s->queue ? s->queue->at : UINT64_MAX;

	for (int i = 0; i < SIM_HOSTS; i++) {
		uint64_t d = tcp_next_deadline(s->host[i].eng);

		if (d < t)
			t = d;
	}
	return t;
}

static void step(struct sim *s)
{
	while (s->queue && s->queue->at <= s->now) {
		struct sim_pkt *p = s->queue;

		s->queue = p->next;
		tcp_input(s->host[p->to].eng, p->src, p->dst, p->data, p->len,
			  s->now);
		free(p);
	}
	for (int i = 0; i < SIM_HOSTS; i++)
		tcp_timers_run(s->host[i].eng, s->now);
}

bool sim_run(struct sim *s, uint64_t until,
	     bool (*done)(struct sim *s, void *arg), void *arg)
{
	for (;;) {
		uint64_t t;

		if (done && done(s, arg))
			return true;
		t = next_event(s);
		if (t > until) {
			if (until > s->now)
				s->now = until;
			return done && done(s, arg);
		}
		if (t > s->now)
			s->now = t;
		step(s);
	}
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static void send_raw(struct sim *s, int from, int to, uint8_t *h, size_t len)
{
	uint16_t sum = tcp_checksum(sim_addr(from), sim_addr(to), h, len);

	h[16] = (uint8_t)(sum >> 8);
	h[17] = (uint8_t)sum;
	tcp_input(s->host[to].eng, sim_addr(from), sim_addr(to), h, len,
		  s->now);
}

void sim_inject_ts(struct sim *s, int from, int to, uint16_t sport,
		   uint16_t dport, uint32_t seq, uint32_t ack, uint32_t tsval,
		   const void *data, size_t len)
{
	uint8_t h[32 + 1500] = {0};

	memcpy(h, &sport, 2);
	memcpy(h + 2, &dport, 2);
	put32(h + 4, seq);
	put32(h + 8, ack);
	h[12] = 8 << 4;
	h[13] = 0x18; /* ACK, PSH */
	h[14] = 0x10;
	h[20] = h[21] = 1;
	h[22] = 8;
	h[23] = 10;
	put32(h + 24, tsval);
	memcpy(h + 32, data, len);
	send_raw(s, from, to, h, 32 + len);
}

void sim_inject(struct sim *s, int from, int to, uint16_t sport, uint16_t dport,
		uint32_t seq, uint32_t ack, uint8_t flags, uint16_t wnd)
{
	uint8_t h[20] = {0};
	uint16_t sum;

	memcpy(h, &sport, 2);
	memcpy(h + 2, &dport, 2);
	for (int i = 0; i < 4; i++) {
		h[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
		h[8 + i] = (uint8_t)(ack >> (24 - 8 * i));
	}
	h[12] = 5 << 4;
	h[13] = flags;
	h[14] = (uint8_t)(wnd >> 8);
	h[15] = (uint8_t)wnd;
	sum = tcp_checksum(sim_addr(from), sim_addr(to), h, 20);
	h[16] = (uint8_t)(sum >> 8);
	h[17] = (uint8_t)sum;
	tcp_input(s->host[to].eng, sim_addr(from), sim_addr(to), h, 20, s->now);
}

void sim_trace_reset(struct sim *s)
{
	s->n_trace = 0;
}
