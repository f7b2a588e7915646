/*
 * Network interfaces: the list, the protocols by Ethernet type, the
 * packet sockets' tap, and the thread that runs every interface's
 * receive (see netdev.h for why a thread).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "klog.h"
#include "netdev.h"
#include "power_hooks.h"
#include "sleeplock.h"
#include "spinlock.h"
#include "thread.h"

static struct netdev *devices;
static int device_count;

static struct {
	uint16_t ethertype;
	netdev_proto_fn fn;
} protos[NETDEV_PROTOS];

static netdev_tap_fn tap;

/* rx_pending of every interface and the thread's sleep, under its lock */
static struct waitq rx_wait = WAITQ_INIT;
static struct thread *rx_thread;

/* Each pass takes every pending interface's frames; sleeps when none. */
static void rx_loop(void *arg)
{
	(void)arg;
	for (;;) {
		unsigned long flags = spin_lock(&rx_wait.lock);
		struct netdev *ready = NULL;
		for (struct netdev *d = devices; d && !ready; d = d->next)
			if (d->rx_pending)
				ready = d;
		if (!ready) {
			waitq_wait_locked(&rx_wait, THREAD_NO_DEADLINE, false);
			spin_unlock(&rx_wait.lock, flags);
			continue;
		}
		ready->rx_pending = 0;
		spin_unlock(&rx_wait.lock, flags);
		ready->ops->receive(ready);
	}
}

static void name_device(struct netdev *dev, const char *prefix)
{
	if (dev->flags & IFF_LOOPBACK) {
		snprintf(dev->name, sizeof dev->name, "%s", prefix);
		return;
	}
	size_t plen = strlen(prefix);
	int n = 0;
	for (struct netdev *d = devices; d; d = d->next)
		if (!strncmp(d->name, prefix, plen) && d->name[plen] >= '0' &&
		    d->name[plen] <= '9')
			n++;
	snprintf(dev->name, sizeof dev->name, "%s%d", prefix, n);
}

/* With the first taker of frames (netdev.h says why not earlier). */
static int start_rx_thread(void)
{
	static struct sleeplock start_lock;
	sleep_lock(&start_lock);
	if (!rx_thread) {
		rx_thread = thread_create(rx_loop, NULL, NULL);
		if (rx_thread) {
			thread_set_name(rx_thread, "netdev-rx");
			thread_detach(rx_thread);
		}
	}
	sleep_unlock(&start_lock);
	return rx_thread ? 0 : -ENOMEM;
}

static unsigned tx_pending(void)
{
	unsigned n = 0;
	for (struct netdev *d = devices; d; d = d->next)
		if (d->ops->tx_pending)
			n += d->ops->tx_pending(d);
	return n;
}

/*
 * Sleeps in 1 ms steps rather than spinning: under TCG the CPU that
 * spins is the one QEMU needs idle to send the frames.
 */
static void drain_tx(void)
{
	uint64_t now = clock_monotonic();
	uint64_t deadline = now + NETDEV_DRAIN_MS * 1000000ull;
	unsigned n;
	for (; (n = tx_pending()) && now < deadline; now = clock_monotonic())
		thread_sleep_until(now + 1000000, false);
	if (n)
		kprintf(
		    "netdev: power-off: %u frame%s still queued after %u ms\n",
		    n, n == 1 ? "" : "s", NETDEV_DRAIN_MS);
}

static const struct power_hook drain_hook = {
    .name = "netdev",
    .priority = NETDEV_DRAIN_PRIORITY,
    .drain = drain_tx,
};

int netdev_register(struct netdev *dev, const char *prefix)
{
	name_device(dev, prefix);
	dev->flags |= IFF_UP | IFF_RUNNING;
	dev->next = NULL;
	unsigned long flags = spin_lock(&rx_wait.lock);
	dev->index = ++device_count;
	struct netdev **tail = &devices;
	while (*tail)
		tail = &(*tail)->next;
	*tail = dev;
	spin_unlock(&rx_wait.lock, flags);
	static bool draining;
	if (dev->ops->tx_pending && !draining)
		draining = !power_hook_register(&drain_hook);
	return 0;
}

void netdev_rx_ready(struct netdev *dev)
{
	unsigned long flags = spin_lock(&rx_wait.lock);
	dev->rx_pending = 1;
	waitq_wake_locked(&rx_wait, 1);
	spin_unlock(&rx_wait.lock, flags);
}

void netdev_input(struct netdev *dev, const void *frame, size_t len)
{
	if (len < NETDEV_ETH_HLEN || !(dev->flags & IFF_UP)) {
		dev->stats.rx_dropped++;
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	if (tap)
		tap(dev, frame, len, 0);
	const uint8_t *b = frame;
	uint16_t type = (uint16_t)(b[12] << 8 | b[13]);
	for (int i = 0; i < NETDEV_PROTOS; i++)
		if (protos[i].fn && protos[i].ethertype == type) {
			protos[i].fn(dev, frame, len);
			return;
		}
}

int netdev_output(struct netdev *dev, const void *frame, size_t len)
{
	if (len < NETDEV_ETH_HLEN || len > dev->mtu + NETDEV_ETH_HLEN)
		return -EMSGSIZE;
	if (!(dev->flags & IFF_UP))
		return -ENETDOWN;
	if (tap)
		tap(dev, frame, len, 1);
	int r = dev->ops->transmit(dev, frame, len);
	if (r) {
		dev->stats.tx_dropped++;
		return r;
	}
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	return 0;
}

int netdev_set_proto(uint16_t ethertype, netdev_proto_fn fn)
{
	if (start_rx_thread())
		return -ENOMEM;
	for (int i = 0; i < NETDEV_PROTOS; i++)
		if (!protos[i].fn || protos[i].ethertype == ethertype) {
			protos[i].ethertype = ethertype;
			protos[i].fn = fn;
			return 0;
		}
	return -ENOSPC;
}

int netdev_set_tap(netdev_tap_fn fn)
{
	if (fn && start_rx_thread())
		return -ENOMEM;
	tap = fn;
	return 0;
}

struct netdev *netdev_first(void)
{
	return devices;
}

struct netdev *netdev_by_index(int index)
{
	struct netdev *d = devices;
	while (d && d->index != index)
		d = d->next;
	return d;
}

struct netdev *netdev_by_name(const char *name)
{
	struct netdev *d = devices;
	while (d && strcmp(d->name, name))
		d = d->next;
	return d;
}
