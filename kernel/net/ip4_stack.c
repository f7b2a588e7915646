/*
 * The stack's frame: its lock, its start, and the thread that runs its
 * timers (see ip4.h for why a thread).
 */
#include <errno.h>

#include "clock.h"
#include "icmp.h"
#include "ip4.h"
#include "klog.h"
#include "power_hooks.h"
#include "tcp_sock.h"
#include "udp_impl.h"
#include "thread.h"

struct waitq ip4_q = WAITQ_INIT;
struct ip4_stats ip4_stats;

static struct ip4_timer *timers; /* by when */
static struct waitq timer_wait = WAITQ_INIT;
static int started; /* 0, 1 starting, 2 started */

int ip4_wait(uint64_t deadline)
{
	int r = waitq_wait_locked(&ip4_q, deadline, true);
	return r == -ETIMEDOUT ? -EAGAIN : r;
}

unsigned ip4_wait_drained(unsigned (*pending)(void *arg), void *arg,
			  unsigned ms)
{
	uint64_t now = clock_monotonic(), deadline = now + ms * 1000000ull;
	unsigned n;
	while ((n = pending(arg)) && now < deadline) {
		uint64_t look = now + 10000000ull;
		ip4_wait(look < deadline ? look : deadline);
		now = clock_monotonic();
	}
	return n;
}

void ip4_timer_cancel(struct ip4_timer *t)
{
	if (!t->armed)
		return;
	struct ip4_timer **pp = &timers;
	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	t->armed = false;
}

void ip4_timer_arm(struct ip4_timer *t, uint64_t when)
{
	ip4_timer_cancel(t);
	t->when = when;
	struct ip4_timer **pp = &timers;
	while (*pp && (*pp)->when <= when)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->armed = true;
	if (timers == t)
		waitq_wake(&timer_wait, 1);
}

/*
 * Runs the due timers, then sleeps until the next.  The stack's lock is
 * dropped for the sleep; timer_wait's lock is taken before it drops so
 * that an earlier timer armed meanwhile wakes the sleep.
 */
static void timer_loop(void *arg)
{
	(void)arg;
	for (;;) {
		unsigned long f = ip4_lock();
		uint64_t now = clock_monotonic();
		while (timers && timers->when <= now) {
			struct ip4_timer *t = timers;
			timers = t->next;
			t->armed = false;
			t->fn(t);
		}
		uint64_t next = timers ? timers->when : THREAD_NO_DEADLINE;
		spin_lock_noirq(&timer_wait.lock);
		spin_unlock_noirq(&ip4_q.lock);
		waitq_wait_locked(&timer_wait, next, false);
		spin_unlock(&timer_wait.lock, f);
	}
}

/*
 * At power-off, after TCP's drain and before netdev's: a datagram sent
 * just before exit may still wait for its next hop's ARP answer.  The
 * ARP timer drops the frames once its tries are over; the answer wakes
 * nobody, hence ip4_wait_drained's looks.
 */
#define ARP_DRAIN_MS 1000u

static unsigned arp_pending(void *arg)
{
	(void)arg;
	return arp_queued();
}

static void drain_arp(void)
{
	unsigned long f = ip4_lock();
	unsigned n = ip4_wait_drained(arp_pending, NULL, ARP_DRAIN_MS);
	ip4_unlock(f);
	if (n)
		kprintf("arp: power-off: %u frame%s still waited for an answer "
			"after %u ms\n",
			n, n == 1 ? "" : "s", ARP_DRAIN_MS);
}

static const struct power_hook arp_drain_hook = {
    .name = "arp",
    .priority = NETDEV_DRAIN_PRIORITY + 1,
    .drain = drain_arp,
};

static int start(void)
{
	struct thread *t = thread_create(timer_loop, NULL, NULL);
	if (!t)
		return -ENOMEM;
	thread_set_name(t, "ip4-timer");
	thread_detach(t);
	int r = icmp_init();
	if (!r)
		r = udp_init();
	if (!r)
		r = tcp_sock_register();
	if (!r)
		r = netdev_set_proto(IP4_ETHERTYPE, ip4_input);
	if (!r)
		r = netdev_set_proto(ARP_ETHERTYPE, arp_input);
	if (!r)
		power_hook_register(&arp_drain_hook);
	return r ? r : loopback_register();
}

int ip4_start(void)
{
	int expected = 0;
	if (__atomic_compare_exchange_n(&started, &expected, 1, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		int r = start();
		__atomic_store_n(&started, r ? 0 : 2, __ATOMIC_RELEASE);
		waitq_wake(&ip4_q, 1 << 30);
		return r;
	}
	unsigned long f = ip4_lock();
	while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) == 1)
		waitq_wait_locked(&ip4_q, THREAD_NO_DEADLINE, false);
	ip4_unlock(f);
	return started == 2 ? 0 : -ENOMEM;
}
