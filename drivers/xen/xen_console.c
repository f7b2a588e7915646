/*
 * The Xen PV console (io/console.h) as a console: the ring page and
 * event channel come from HVM_PARAM_CONSOLE_PFN/EVTCHN.  Output goes
 * into the 2 KiB out ring (free-running indexes, producer ours), then
 * a notification; when the ring is full we wait, with a timeout, for
 * the backend to consume.  Input is read from the 1 KiB in ring; the
 * backend's event on the port says some arrived, so that readers sleep
 * until then rather than poll (when events come by interrupt).  As the
 * serial console's, input starts at the console's first read: the port
 * is bound (its handler set, the port unmasked) then, not at boot; what
 * came before waits in the ring, and the backend stops when it is full.
 */
#include <errno.h>

#include "console.h"
#include "driver.h"
#include "klog.h"
#include "spinlock.h"
#include "xen.h"
#include "xen_hv.h"

#define FULL_TIMEOUT_NS (1000000000ULL)

static volatile struct xen_cons_interface *intf;
static xen_evtchn_port_t port;
static struct spinlock lock; /* the reads' */
static bool stalled;	     /* the backend stopped consuming: drop output */

static bool wait_for_room(void)
{
	uint64_t deadline = xen_hv_now_ns() + FULL_TIMEOUT_NS;
	while (intf->out_prod - intf->out_cons >= XEN_CONS_OUT_SIZE) {
		if (xen_hv_now_ns() > deadline)
			return false;
		xen_hv_relax();
	}
	return true;
}

/*
 * Serialised by the console (console.h), without a lock of its own: a
 * fault or panic inside a write prints through here at once, and would
 * wait for ever on a lock the write it interrupted holds.  Such a write
 * can only come where the caller's byte is read (a fault), so that byte
 * is read before the producer index (the barrier keeps the order): an
 * outer write that goes on after a fault it recovered from then puts
 * its bytes after the inner one's, rather than over them from an index
 * read before.
 */
static void xcon_write(const char *p, size_t n)
{
	while (n && !stalled) {
		char c = *p;
		__asm__ volatile("" ::: "memory");
		uint32_t prod = intf->out_prod;
		if (prod - intf->out_cons >= XEN_CONS_OUT_SIZE) {
			evtchn_notify(port);
			if (!wait_for_room())
				stalled = true;
			continue;
		}
		intf->out[prod % XEN_CONS_OUT_SIZE] = c;
		p++;
		n--;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		intf->out_prod = prod + 1;
	}
	evtchn_notify(port);
}

static int xcon_read(void)
{
	unsigned long flags = spin_lock(&lock);
	int c = -1;
	uint32_t cons = intf->in_cons;
	if (cons != intf->in_prod) {
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		c = (unsigned char)intf->in[cons % XEN_CONS_IN_SIZE];
		intf->in_cons = cons + 1;
	}
	spin_unlock(&lock, flags);
	if (c >= 0)
		evtchn_notify(port);
	return c;
}

static void xcon_event(xen_evtchn_port_t p, void *arg)
{
	(void)p;
	(void)arg;
	console_input_ready();
}

static struct console xcon;

/* The console's first read: the port's events wake the readers. */
static void xcon_start_input(void)
{
	xcon.input_irq =
	    evtchn_vector() >= 0 && evtchn_bind(port, xcon_event, NULL) == 0;
}

static struct console xcon = {
    .name = "xen",
    .write = xcon_write,
    .read = xcon_read,
    .start_input = xcon_start_input,
};

int xen_console_start(void)
{
	if (!xen_present())
		return -1;
	uint64_t pfn = 0, evtchn = 0;
	if (xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_PFN, &pfn) ||
	    xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_EVTCHN, &evtchn) || !pfn) {
		kinfo("xen: no PV console\n");
		return -1;
	}
	intf = xen_hv_map_frame(pfn);
	if (!intf)
		return -1;
	port = (xen_evtchn_port_t)evtchn;
	console_register(&xcon);
	kinfo("xen: PV console on event channel %u\n", port);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_PLATFORM, "xen-console", xen_console_start,
		   DRIVER_HW_XEN, 0);
