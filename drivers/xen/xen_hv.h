/*
 * The hypervisor as the Xen drivers see it: the one seam between the
 * driver code and what runs below it.  xen_hv_kernel.c implements it
 * on a real (or emulated) Xen through the hypercall page and an
 * interrupt vector; tests/host/xen_sim.c implements it on the host,
 * where a simulated hypervisor, XenStore and backends answer, so the
 * same driver files are tested there.
 */
#ifndef DRIVERS_XEN_HV_H
#define DRIVERS_XEN_HV_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Finds the hypervisor and makes hypercalls possible.  0 and the
 * version (major << 16 | minor) in *version, or -1 when not on Xen.
 */
int xen_hv_init(uint32_t *version);

/* Hypercall op with up to three arguments; Xen's return value. */
long xen_hypercall(unsigned op, unsigned long a1, unsigned long a2,
		   unsigned long a3);

/* The guest frame number of the page p (identity-mapped memory) is in. */
uint64_t xen_hv_gfn(const void *p);

/*
 * A pointer to the guest frame gfn (a page Xen set aside, such as the
 * XenStore ring's, maybe outside RAM); NULL when it cannot be mapped.
 */
void *xen_hv_map_frame(uint64_t gfn);

/*
 * Makes the event-channel upcall run fn (with interrupts disabled).
 * Returns the vector it arrives on, or -1.
 */
int xen_hv_upcall(void (*fn)(void));

/* Nanoseconds since some fixed point; for timeouts. */
uint64_t xen_hv_now_ns(void);

/* Called while waiting for the other side (a backend, XenStore). */
void xen_hv_relax(void);

#endif
