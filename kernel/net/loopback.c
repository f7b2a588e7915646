/*
 * The loopback interface "lo": its transmit copies the frame into a
 * queue of at most LO_QUEUE_BYTES and asks netdev's thread to receive
 * it, which hands it back to netdev_input() (a transmit must never call
 * it itself: the sender holds the stack's lock, which input takes).
 * A socket's send then delivers what it queued itself, once it has let
 * the lock go (loopback_deliver), so that the receiver has it when the
 * send returns, as on Linux.  Whoever delivers, the socket or netdev's
 * thread, holds `delivering`, a sleeping lock: one deliverer at a time
 * keeps the frames in order, and a send that finds another delivering
 * waits until its frames are through.
 */
#include <errno.h>
#include <string.h>

#include "ip4.h"
#include "mm.h"
#include "sleeplock.h"

#define LO_MTU 65536
#define LO_QUEUE_BYTES (4 * 1024 * 1024)

struct lo_frame {
	struct lo_frame *next;
	size_t len;
	uint8_t data[];
};

static struct spinlock lo_lock;
static struct lo_frame *head, **tail = &head;
static size_t queued;
static uint64_t enqueued, delivered; /* frames ever, under lo_lock */
static struct sleeplock delivering;

static int lo_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct lo_frame *f = NULL;
	unsigned long fl = spin_lock(&lo_lock);
	bool room = queued + len <= LO_QUEUE_BYTES;
	if (room)
		queued += len;
	spin_unlock(&lo_lock, fl);
	if (room)
		f = heap_alloc(sizeof(*f) + len);
	if (!f) {
		if (room) {
			fl = spin_lock(&lo_lock);
			queued -= len;
			spin_unlock(&lo_lock, fl);
		}
		return -ENOBUFS;
	}
	f->next = NULL;
	f->len = len;
	memcpy(f->data, frame, len);
	fl = spin_lock(&lo_lock);
	*tail = f;
	tail = &f->next;
	enqueued++;
	spin_unlock(&lo_lock, fl);
	netdev_rx_ready(dev);
	return 0;
}

/* The frames enqueued so far, and whether any is not yet delivered. */
static bool undelivered(uint64_t *end)
{
	unsigned long fl = spin_lock(&lo_lock);
	*end = enqueued;
	bool some = delivered != enqueued;
	spin_unlock(&lo_lock, fl);
	return some;
}

/*
 * Delivers, in order, the frames before the end-th; the stack's lock
 * not held.  Bounded, so that a deliverer (netdev's thread, a sender)
 * never stays for traffic that its delivery keeps making: what comes
 * after is netdev's thread's (each transmit wakes it).
 */
static void deliver_until(struct netdev *dev, uint64_t end)
{
	sleep_lock(&delivering);
	for (;;) {
		unsigned long fl = spin_lock(&lo_lock);
		struct lo_frame *f = delivered < end ? head : NULL;
		if (f) {
			head = f->next;
			if (!head)
				tail = &head;
			queued -= f->len;
		}
		spin_unlock(&lo_lock, fl);
		if (!f)
			break;
		netdev_input(dev, f->data, f->len);
		heap_free(f);
		fl = spin_lock(&lo_lock);
		delivered++;
		spin_unlock(&lo_lock, fl);
	}
	sleep_unlock(&delivering);
}

static void lo_receive(struct netdev *dev)
{
	uint64_t end;
	if (undelivered(&end))
		deliver_until(dev, end);
}

static const struct netdev_ops lo_ops = {
    .transmit = lo_transmit,
    .receive = lo_receive,
};

static struct netdev lo = {
    .ops = &lo_ops,
    .mtu = LO_MTU,
    .flags = IFF_LOOPBACK,
    .type = NETDEV_TYPE_LOOPBACK,
};

void loopback_deliver(void)
{
	uint64_t end;
	if (undelivered(&end))
		deliver_until(&lo, end);
}

int loopback_register(void)
{
	int r = netdev_register(&lo, "lo");
	if (r)
		return r;
	unsigned long f = ip4_lock();
	r = ip4_set_addr(&lo, ip4_htonl(0x7f000001), 8);
	ip4_unlock(f);
	return r;
}
