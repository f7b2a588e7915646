/*
 * Xen guest support (drivers/xen/): what the Xen frontends use.
 *
 * xen.c finds the hypervisor (xen_hv.h), maps the shared info page and
 * routes the event-channel upcall to an interrupt vector; evtchn.c
 * dispatches events to handlers; gnttab.c grants pages to other
 * domains (version 1 entries); xenstore.c speaks the XenStore ring
 * protocol; xenbus.c enumerates device/ and walks the frontend/backend
 * state machine.  The frontends (blkfront.c, xen_console.c) sit on top;
 * xen_power.c ends the domain through SCHEDOP_shutdown.
 *
 * Waiting functions poll the shared rings with a timeout (xen_hv.h's
 * relax between polls), so they work before the scheduler runs and
 * return an error instead of hanging when the other side dies.
 */
#ifndef DRIVERS_XEN_H
#define DRIVERS_XEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen_abi.h"

/* ---- core (xen.c) ---- */

/*
 * Finds Xen and sets up the shared info page, event channels, grant
 * tables and XenStore.  0 on Xen, -1 (after saying why) elsewhere.
 */
int xen_init(void);

/* True once xen_init() succeeded. */
bool xen_present(void);

/* The shared info page (after xen_init()). */
volatile struct xen_shared_info *xen_shared_info(void);

/* Reads HVM parameter index; 0 or a negative Xen error. */
int xen_hvm_get_param(uint32_t index, uint64_t *value);

/* ---- event channels (evtchn.c) ---- */

typedef void (*evtchn_handler_fn)(xen_evtchn_port_t port, void *arg);

/* Routes the upcall to a vector; 0, or -1. */
int evtchn_init(void);

/* The vector events arrive on, or -1. */
int evtchn_vector(void);

/* Calls fn(port, arg) for each event on port, then unmasks it. */
int evtchn_bind(xen_evtchn_port_t port, evtchn_handler_fn fn, void *arg);

/* A new port that domain remote may bind to; 0 or a negative error. */
int evtchn_alloc_unbound(xen_domid_t remote, xen_evtchn_port_t *port);

/* Notifies the other end of port. */
void evtchn_notify(xen_evtchn_port_t port);

/* Unbinds and closes port. */
void evtchn_close(xen_evtchn_port_t port);

/* The upcall: runs the handlers of every pending, unmasked port. */
void evtchn_upcall(void);

/* ---- grant tables (gnttab.c) ---- */

/* Maps nframes grant frames into the guest; 0, or a negative error. */
int gnttab_init(unsigned nframes);

/*
 * Lets domain dom access the page at gfn (read only when readonly).
 * Returns the reference, or -1 when the table is full or gfn does not
 * fit a version 1 entry (32 bits).
 */
int gnttab_grant(xen_domid_t dom, uint64_t gfn, bool readonly);

/*
 * Revokes ref and frees it.  0, or -1 (ref kept) while the other
 * domain still has it mapped.
 */
int gnttab_end(xen_grant_ref_t ref);

/* Free references left, for tests and diagnostics. */
unsigned gnttab_free_count(void);

/* ---- XenStore (xenstore.c) ---- */

#define XS_TX_NONE 0

/* Connects to the ring given by the store page and event channel. */
int xs_init(void *ring, xen_evtchn_port_t port);

/*
 * Reads path into buf (NUL-terminated; at most size - 1 bytes).
 * Returns the value's length, or a negative errno (-ENOENT ...).
 */
int xs_read(uint32_t tx, const char *path, char *buf, size_t size);

/* Reads path as an unsigned decimal number; 0 or a negative errno. */
int xs_read_u64(uint32_t tx, const char *path, uint64_t *value);

int xs_write(uint32_t tx, const char *path, const char *value);
int xs_printf(uint32_t tx, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The children of path, as NUL-separated names in buf.  Returns the
 * bytes used (0: none), or a negative errno.
 */
int xs_directory(const char *path, char *buf, size_t size);

int xs_rm(uint32_t tx, const char *path);

/* Transactions: start gives *tx; end commits (or aborts) it. -EAGAIN
 * from end means a conflict: redo the transaction. */
int xs_transaction_start(uint32_t *tx);
int xs_transaction_end(uint32_t tx, bool commit);

/* Watches path (and below); events carry token.  0 or a negative errno. */
int xs_watch(const char *path, const char *token);
int xs_unwatch(const char *path, const char *token);

/*
 * Waits until a watch event for token arrives (the first comes at once
 * after xs_watch), at most timeout_ns.  0, or -ETIMEDOUT.
 */
int xs_wait_watch(const char *token, uint64_t timeout_ns);

/* ---- xenbus (xenbus.c) ---- */

struct xenbus_device {
	char nodename[64]; /* "device/vbd/768" */
	char otherend[96]; /* the backend's directory */
	xen_domid_t otherend_id;
	const struct xenbus_driver *driver;
	void *driver_data;
	struct xenbus_device *next;
};

struct xenbus_driver {
	const char *type; /* "vbd" */
	/* Connects to the backend; 0 when it took the device. */
	int (*probe)(struct xenbus_device *dev);
	struct xenbus_driver *next;
};

void xenbus_register_driver(struct xenbus_driver *drv);

/*
 * Enumerates device/ and probes each device not yet taken with its
 * driver (a device whose probe failed is tried again next time).
 */
void xenbus_probe_all(void);

/* The i-th device found (0, 1, ...), or NULL. */
struct xenbus_device *xenbus_device_at(unsigned i);

/* Writes our state; 0 or a negative errno. */
int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state s);

/* The backend's state now (XENBUS_UNKNOWN when unreadable). */
enum xenbus_state xenbus_otherend_state(struct xenbus_device *dev);

/*
 * Waits, through a watch on the backend's state, until it is one of
 * the states in mask (bit 1 << state) or Closing/Closed; returns it,
 * or -ETIMEDOUT.
 */
int xenbus_wait_otherend(struct xenbus_device *dev, unsigned mask,
			 uint64_t timeout_ns);

/* Reads a node of the backend as a number; 0 or a negative errno. */
int xenbus_read_otherend(struct xenbus_device *dev, const char *node,
			 uint64_t *value);

/* The name of a xenbus state, for messages. */
const char *xenbus_state_name(int s);

/* ---- frontends and power (their driver-table entries call these) ---- */

/* The PV console from the HVM parameters; 0, or -1 without one. */
int xen_console_start(void);

/* Registers blkfront for device/vbd. */
int blkfront_start(void);

/* Registers the SCHEDOP_shutdown power hook. */
int xen_power_start(void);

/* SCHEDOP_shutdown with reason (XEN_SHUTDOWN_*); returns on failure. */
int xen_shutdown(unsigned reason);

#endif
