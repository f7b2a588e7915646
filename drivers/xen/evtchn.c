/*
 * Event channels, 2-level ABI: the shared info page has a pending and a
 * mask bit per port; vCPU 0's evtchn_pending_sel says which 64-port
 * words have pending bits, and evtchn_upcall_pending that anything
 * does.  Xen raises the upcall on the vector given to it through
 * HVM_PARAM_CALLBACK_IRQ (vector type).  The upcall clears the flag,
 * takes the selector, and for each word runs the handler of every
 * pending, unmasked port, clearing the pending bit first so that an
 * event arriving meanwhile is not lost.
 */
#include <errno.h>

#include "klog.h"
#include "spinlock.h"
#include "xen.h"
#include "xen_hv.h"

#define PORTS_MAX 1024 /* ports we bind; Xen hands out low numbers */

static struct {
	evtchn_handler_fn fn;
	void *arg;
} handlers[PORTS_MAX];
static struct spinlock lock;
static int upcall_vector = -1;

int evtchn_vector(void)
{
	return upcall_vector;
}

static long evtchn_op(unsigned cmd, void *arg)
{
	return xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, cmd, (unsigned long)arg,
			     0);
}

int evtchn_init(void)
{
	int vector = xen_hv_upcall(evtchn_upcall);
	if (vector < 0)
		return -1;
	upcall_vector = vector;
	struct xen_hvm_param p = {
	    .domid = XEN_DOMID_SELF,
	    .index = XEN_HVM_PARAM_CALLBACK_IRQ,
	    .value = XEN_CALLBACK_VIA_VECTOR((unsigned)vector),
	};
	long rc = xen_hypercall(XEN_HC_HVM_OP, XEN_HVMOP_SET_PARAM,
				(unsigned long)&p, 0);
	return rc ? -1 : 0;
}

int evtchn_bind(xen_evtchn_port_t port, evtchn_handler_fn fn, void *arg)
{
	if (port >= PORTS_MAX)
		return -EINVAL;
	unsigned long flags = spin_lock(&lock);
	handlers[port].arg = arg;
	handlers[port].fn = fn;
	spin_unlock(&lock, flags);
	struct xen_evtchn_port_arg u = {port};
	return (int)evtchn_op(XEN_EVTCHNOP_UNMASK, &u);
}

int evtchn_alloc_unbound(xen_domid_t remote, xen_evtchn_port_t *port)
{
	struct xen_evtchn_alloc_unbound a = {
	    .dom = XEN_DOMID_SELF,
	    .remote_dom = remote,
	};
	long rc = evtchn_op(XEN_EVTCHNOP_ALLOC_UNBOUND, &a);
	if (rc)
		return (int)rc;
	*port = a.port;
	return 0;
}

void evtchn_notify(xen_evtchn_port_t port)
{
	struct xen_evtchn_port_arg s = {port};
	evtchn_op(XEN_EVTCHNOP_SEND, &s);
}

void evtchn_close(xen_evtchn_port_t port)
{
	if (port < PORTS_MAX) {
		unsigned long flags = spin_lock(&lock);
		handlers[port].fn = NULL;
		spin_unlock(&lock, flags);
	}
	struct xen_evtchn_port_arg c = {port};
	evtchn_op(XEN_EVTCHNOP_CLOSE, &c);
}

static void run_port(xen_evtchn_port_t port)
{
	if (port < PORTS_MAX && handlers[port].fn)
		handlers[port].fn(port, handlers[port].arg);
}

void evtchn_upcall(void)
{
	volatile struct xen_shared_info *s = xen_shared_info();
	volatile struct xen_vcpu_info *v = &s->vcpu_info[0];
	while (v->evtchn_upcall_pending) {
		v->evtchn_upcall_pending = 0;
		uint64_t sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0,
						   __ATOMIC_ACQ_REL);
		while (sel) {
			unsigned w = (unsigned)__builtin_ctzll(sel);
			sel &= sel - 1;
			uint64_t bits;
			while ((bits = s->evtchn_pending[w] &
				       ~s->evtchn_mask[w])) {
				unsigned b = (unsigned)__builtin_ctzll(bits);
				__atomic_fetch_and(&s->evtchn_pending[w],
						   ~(1ULL << b),
						   __ATOMIC_ACQ_REL);
				run_port(w * 64 + b);
			}
		}
	}
}
