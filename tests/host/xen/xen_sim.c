/*
 * The simulated hypervisor (see xen_sim.h): the drivers' xen_hv.h on
 * the host.  Guest frame numbers are host addresses shifted by 12: the
 * drivers' memory comes from page_alloc() over a host buffer, so a
 * frame is usable only when it lies in that buffer (or is one of the
 * store and console pages the "toolstack" set aside).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "xen_hv.h"
#include "xen_sim.h"

#define STORE_PORT 1
#define CONSOLE_PORT 2

struct sim sim;
extern uintptr_t sim_ram_lo, sim_ram_hi;
uintptr_t sim_ram_lo, sim_ram_hi;

static void *special_page(void)
{
	void *p = aligned_alloc(XEN_PAGE_SIZE, XEN_PAGE_SIZE);
	memset(p, 0, XEN_PAGE_SIZE);
	return p;
}

void sim_reset(void)
{
	free(sim.store_page);
	free(sim.console_page);
	memset(&sim, 0, sizeof(sim));
	sim.shutdown_reason = -1;
	sim.store_page = special_page();
	sim.console_page = special_page();
	sim.ports[STORE_PORT].owner = PORT_STORE;
	sim.ports[CONSOLE_PORT].owner = PORT_CONSOLE;
	store_reset();
}

void *sim_frame(uint64_t gfn)
{
	uintptr_t a = (uintptr_t)(gfn << XEN_PAGE_SHIFT);
	if (a >= sim_ram_lo && a < sim_ram_hi)
		return (void *)a;
	if ((void *)a == sim.store_page || (void *)a == sim.console_page)
		return (void *)a;
	return NULL;
}

/* ---- the hypervisor interface ---- */

int xen_hv_init(uint32_t *version)
{
	if (sim.no_xen)
		return -1;
	*version = 0x4000a;
	return 0;
}

uint64_t xen_hv_gfn(const void *p)
{
	return (uintptr_t)p >> XEN_PAGE_SHIFT;
}

void *xen_hv_map_frame(uint64_t gfn)
{
	return sim_frame(gfn);
}

int xen_hv_upcall(void (*fn)(void))
{
	sim.upcall = fn;
	return 0xf0;
}

uint64_t xen_hv_now_ns(void)
{
	return sim.now_ns;
}

void xen_hv_relax(void)
{
	sim.now_ns += 1000000;
	sim_run();
}

/* ---- events ---- */

static bool test_bit(volatile uint64_t *words, unsigned bit)
{
	return words[bit / 64] >> (bit % 64) & 1;
}

static void deliver(void)
{
	volatile struct xen_vcpu_info *v = &sim.shinfo->vcpu_info[0];
	if (!v->evtchn_upcall_pending || sim.irq_off || !sim.upcall)
		return;
	sim.upcalls++;
	sim.upcall();
}

void sim_raise(xen_evtchn_port_t port)
{
	volatile struct xen_shared_info *s = sim.shinfo;
	if (!s)
		return;
	__atomic_fetch_or(&s->evtchn_pending[port / 64], 1ULL << (port % 64),
			  __ATOMIC_SEQ_CST);
	if (test_bit(s->evtchn_mask, port))
		return;
	__atomic_fetch_or(&s->vcpu_info[0].evtchn_pending_sel,
			  1ULL << (port / 64), __ATOMIC_SEQ_CST);
	s->vcpu_info[0].evtchn_upcall_pending = 1;
	deliver();
}

static long evtchn_op(unsigned cmd, void *arg)
{
	if (cmd == XEN_EVTCHNOP_ALLOC_UNBOUND) {
		struct xen_evtchn_alloc_unbound *a = arg;
		if (a->dom != XEN_DOMID_SELF)
			return -1; /* EPERM */
		for (unsigned p = 3; p < SIM_PORTS; p++) {
			if (sim.ports[p].owner != PORT_FREE)
				continue;
			sim.ports[p].owner = PORT_GUEST;
			sim.ports[p].remote = a->remote_dom;
			sim.ports[p].kicks = 0;
			sim.shinfo->evtchn_mask[p / 64] |= 1ULL << (p % 64);
			a->port = p;
			return 0;
		}
		return -28; /* ENOSPC */
	}
	xen_evtchn_port_t port = ((struct xen_evtchn_port_arg *)arg)->port;
	if (port == 0 || port >= SIM_PORTS ||
	    sim.ports[port].owner == PORT_FREE)
		return -22; /* EINVAL */
	switch (cmd) {
	case XEN_EVTCHNOP_SEND:
		sim.ports[port].kicks++;
		return 0;
	case XEN_EVTCHNOP_UNMASK:
		sim.shinfo->evtchn_mask[port / 64] &= ~(1ULL << (port % 64));
		if (test_bit(sim.shinfo->evtchn_pending, port)) {
			sim.shinfo->evtchn_pending[port / 64] &=
			    ~(1ULL << (port % 64));
			sim_raise(port);
		}
		return 0;
	case XEN_EVTCHNOP_CLOSE:
		if (sim.ports[port].owner == PORT_GUEST)
			sim.ports[port].owner = PORT_FREE;
		return 0;
	}
	return -38; /* ENOSYS */
}

/* ---- memory, HVM parameters, scheduling ---- */

static long add_to_physmap(struct xen_add_to_physmap *x)
{
	void *page = sim_frame(x->gpfn);
	if (x->domid != XEN_DOMID_SELF || !page)
		return -22;
	if (x->space == XEN_MAPSPACE_SHARED_INFO && x->idx == 0) {
		memset(page, 0, XEN_PAGE_SIZE);
		sim.shinfo = page;
		return 0;
	}
	if (x->space == XEN_MAPSPACE_GRANT_TABLE && x->idx < 16) {
		memset(page, 0, XEN_PAGE_SIZE);
		sim.grant_frames[x->idx] = page;
		if (x->idx >= sim.grant_nframes)
			sim.grant_nframes = (unsigned)x->idx + 1;
		return 0;
	}
	return -22;
}

static long hvm_op(unsigned cmd, struct xen_hvm_param *p)
{
	if (p->domid != XEN_DOMID_SELF)
		return -22;
	if (cmd == XEN_HVMOP_SET_PARAM &&
	    p->index == XEN_HVM_PARAM_CALLBACK_IRQ) {
		sim.callback_via = p->value;
		return 0;
	}
	if (cmd != XEN_HVMOP_GET_PARAM)
		return -22;
	switch (p->index) {
	case XEN_HVM_PARAM_STORE_PFN:
		p->value = xen_hv_gfn(sim.store_page);
		return 0;
	case XEN_HVM_PARAM_STORE_EVTCHN:
		p->value = STORE_PORT;
		return 0;
	case XEN_HVM_PARAM_CONSOLE_PFN:
		p->value = xen_hv_gfn(sim.console_page);
		return 0;
	case XEN_HVM_PARAM_CONSOLE_EVTCHN:
		p->value = CONSOLE_PORT;
		return 0;
	}
	return -22;
}

long xen_hypercall(unsigned op, unsigned long a1, unsigned long a2,
		   unsigned long a3)
{
	(void)a3;
	sim.hypercalls++;
	void *arg = (void *)a2;
	switch (op) {
	case XEN_HC_MEMORY_OP:
		return a1 == XEN_MEM_ADD_TO_PHYSMAP ? add_to_physmap(arg) : -38;
	case XEN_HC_HVM_OP:
		return hvm_op((unsigned)a1, arg);
	case XEN_HC_EVENT_CHANNEL_OP:
		return evtchn_op((unsigned)a1, arg);
	case XEN_HC_SCHED_OP:
		if (a1 != XEN_SCHEDOP_SHUTDOWN)
			return -38;
		sim.shutdown_reason =
		    (int)((struct xen_sched_shutdown *)arg)->reason;
		return 0; /* a real Xen does not return */
	}
	return -38;
}

/* ---- grants ---- */

static volatile struct xen_grant_entry_v1 *grant_entry(xen_grant_ref_t ref)
{
	unsigned frame = ref / XEN_GNTTAB_PER_FRAME;
	if (frame >= sim.grant_nframes || !sim.grant_frames[frame])
		return NULL;
	volatile struct xen_grant_entry_v1 *t = sim.grant_frames[frame];
	return &t[ref % XEN_GNTTAB_PER_FRAME];
}

void *sim_map_grant(xen_grant_ref_t ref, xen_domid_t dom, bool write,
		    const char **why)
{
	volatile struct xen_grant_entry_v1 *e = grant_entry(ref);
	if (!e) {
		*why = "reference past the table";
		return NULL;
	}
	uint16_t f = e->flags;
	if (!(f & XEN_GTF_PERMIT_ACCESS)) {
		*why = "not granted";
		return NULL;
	}
	if (e->domid != dom) {
		*why = "granted to another domain";
		return NULL;
	}
	if (write && (f & XEN_GTF_READONLY)) {
		*why = "read-only grant mapped for writing";
		return NULL;
	}
	void *page = sim_frame(e->frame);
	if (!page) {
		*why = "frame outside guest memory";
		return NULL;
	}
	__atomic_fetch_or(&e->flags, write ? XEN_GTF_WRITING : XEN_GTF_READING,
			  __ATOMIC_SEQ_CST);
	return page;
}

void sim_unmap_grant(xen_grant_ref_t ref, bool write)
{
	volatile struct xen_grant_entry_v1 *e = grant_entry(ref);
	if (e)
		__atomic_fetch_and(
		    &e->flags,
		    (uint16_t) ~(write ? XEN_GTF_WRITING : XEN_GTF_READING),
		    __ATOMIC_SEQ_CST);
}

/* ---- console backend ---- */

static bool console_run(void)
{
	volatile struct xen_cons_interface *c = sim.console_page;
	if (sim.console_stuck || c->out_cons == c->out_prod)
		return false;
	while (c->out_cons != c->out_prod) {
		if (sim.console_len < sizeof(sim.console_out))
			sim.console_out[sim.console_len++] =
			    c->out[c->out_cons % XEN_CONS_OUT_SIZE];
		c->out_cons++;
	}
	sim_raise(CONSOLE_PORT);
	return true;
}

void sim_run(void)
{
	for (int guard = 0; guard < 1000; guard++) {
		bool busy = store_run();
		busy |= console_run();
		busy |= blkback_run();
		if (!busy)
			return;
	}
}
