/*
 * A Xen hypervisor and its backends on the host, for the Xen drivers'
 * tests (test_xen.c).  xen_sim.c implements the drivers' hypervisor
 * interface (drivers/xen/xen_hv.h): hypercalls (memory_op's
 * add_to_physmap for the shared info and grant frames, HVM parameters,
 * event channels, SCHEDOP_shutdown), guest frames as host pages, event
 * delivery through the shared info page to the registered upcall.
 * The backends speak the real shared-memory protocols against the
 * guest's pages: store.c a XenStore server on the xs_wire ring,
 * blkback.c a block backend serving a file through the blkif ring
 * with grant references, and a console backend here.  They run when
 * the guest notifies them and waits (xen_hv_relax()), or when a test
 * calls sim_run().
 */
#ifndef TESTS_HOST_XEN_SIM_H
#define TESTS_HOST_XEN_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen_abi.h"

#define SIM_BACKEND_DOMID 0
#define SIM_PORTS 64

enum sim_port_owner { PORT_FREE, PORT_STORE, PORT_CONSOLE, PORT_GUEST };

struct sim {
	bool no_xen;	 /* xen_hv_init() finds nothing */
	bool irq_off;	 /* the upcall is not delivered (polling) */
	uint64_t now_ns; /* advances by 1 ms each relax */
	volatile struct xen_shared_info *shinfo;
	void *grant_frames[16];
	unsigned grant_nframes;
	uint64_t callback_via;
	void (*upcall)(void);
	unsigned upcalls;
	struct {
		enum sim_port_owner owner;
		xen_domid_t remote;
		unsigned kicks; /* notifications from the guest */
	} ports[SIM_PORTS];
	void *store_page, *console_page;
	int shutdown_reason; /* -1 until SCHEDOP_shutdown */
	unsigned hypercalls;
	/* console backend */
	char console_out[65536];
	size_t console_len;
	bool console_stuck; /* the backend stops consuming */
};

extern struct sim sim;

/* Resets the hypervisor: store and console pages, their ports. */
void sim_reset(void);

/* Runs every backend until none has work left. */
void sim_run(void);

/* Raises an event on port for the guest (pending, selector, upcall). */
void sim_raise(xen_evtchn_port_t port);

/* The host address of guest frame gfn; NULL when it is not guest memory. */
void *sim_frame(uint64_t gfn);

/*
 * The granted page behind ref if it grants dom access (writable when
 * write); marks it in use (GTF_reading/writing) until sim_unmap_grant().
 * NULL, with the reason in *why, when the grant does not allow it.
 */
void *sim_map_grant(xen_grant_ref_t ref, xen_domid_t dom, bool write,
		    const char **why);
void sim_unmap_grant(xen_grant_ref_t ref, bool write);

/* ---- XenStore server (store.c) ---- */

void store_reset(void);
void store_set(const char *path, const char *value);
/* The value of path, or NULL. */
const char *store_get(const char *path);
bool store_run(void); /* true when it did something */
/* Make the next transaction end answer EAGAIN (a conflict). */
void store_fail_next_commit(void);
unsigned store_requests(void);
unsigned store_conflicts(void); /* commits answered EAGAIN */

/* ---- block backend (blkback.c) ---- */

struct blkback_config {
	const char *file; /* the disk */
	uint64_t sectors;
	bool read_only, flush;
	bool close_early; /* goes Closing when the frontend connects */
	bool silent;	  /* stays Initialising: never answers */
	bool hold;	  /* leaves requests on the ring until released */
	unsigned per_run; /* requests served per run, 0: all */
};

/* Adds device/vbd/<id> and its backend in InitWait. */
void blkback_add(unsigned id, const struct blkback_config *cfg);
bool blkback_run(void);
void blkback_release(void); /* serves the held requests from now on */
struct blkback_stats {
	unsigned requests, max_pending, bad_grants, flushes;
	uint32_t req_cons; /* free-running: > 32 means the ring wrapped */
	bool connected;
};
void blkback_stats(struct blkback_stats *out);

#endif
