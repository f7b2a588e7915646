/*
 * A simulated network for the TCP engine's host test: engines on hosts
 * 10.0.0.1, 10.0.0.2, ... joined by links with a one-way delay, a
 * bandwidth and a queue limit, losing, duplicating and reordering
 * segments by a seeded PRNG, on a simulated clock.
 */
#ifndef TESTS_HOST_TCP_SIM_H
#define TESTS_HOST_TCP_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcp_core.h"

#define SIM_HOSTS 3
#define SIM_TRACE 4096

/* A segment as it left a host. */
struct sim_seg {
	uint64_t at;
	int from, to;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint32_t wnd; /* the raw field */
	uint32_t len; /* payload */
	bool dropped;
	bool has_ts;
	uint32_t tsval, tsecr;
	bool sack_perm;
	unsigned n_sack;
	uint32_t sack[4][2];
};

struct sim_pkt;

struct sim_host {
	struct sim *sim;
	int id;
	uint32_t addr;
	struct tcp_engine *eng;
	unsigned events;
	uint32_t mtu;
};

struct sim {
	uint64_t now;
	uint64_t rng;
	struct sim_host host[SIM_HOSTS];
	struct sim_pkt *queue;
	/* link parameters, both directions */
	uint64_t delay;		     /* one way, ns */
	uint64_t rate;		     /* bytes per second; 0: unlimited */
	uint64_t queue_limit;	     /* bytes waiting on a link; 0: unlimited */
	unsigned loss, dup, reorder; /* per 1000 */
	uint64_t reorder_delay;
	uint64_t link_free[SIM_HOSTS][SIM_HOSTS];
	/* drops what it returns true for, after the random losses */
	bool (*filter)(struct sim *s, const struct sim_seg *seg);
	void *filter_ctx;
	struct sim_seg trace[SIM_TRACE];
	unsigned n_trace;  /* segments recorded (the first SIM_TRACE) */
	uint64_t n_segs;   /* segments emitted */
	uint64_t bad_csum; /* segments whose checksum did not verify */
};

void sim_init(struct sim *s, uint64_t seed, const struct tcp_config *cfg);
void sim_fini(struct sim *s);
uint32_t sim_addr(int host);
uint16_t sim_port(uint16_t host_order);
/* Runs the network until `done` or `until` (absolute ns); true if done. */
bool sim_run(struct sim *s, uint64_t until,
	     bool (*done)(struct sim *s, void *arg), void *arg);
/* Sends a raw segment from `from` to `to` now, built here. */
void sim_inject(struct sim *s, int from, int to, uint16_t sport, uint16_t dport,
		uint32_t seq, uint32_t ack, uint8_t flags, uint16_t wnd);
/* A data segment with a timestamp option, sent now. */
void sim_inject_ts(struct sim *s, int from, int to, uint16_t sport,
		   uint16_t dport, uint32_t seq, uint32_t ack, uint32_t tsval,
		   const void *data, size_t len);
void sim_trace_reset(struct sim *s);
uint32_t sim_rand(struct sim *s);

#endif
