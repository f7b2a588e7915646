/*
 * The loopback interface "lo": its transmit copies the frame into a
 * queue of at most LO_QUEUE_BYTES and asks netdev's thread to receive
 * it, which hands it back to netdev_input() (a transmit must never call
 * it itself: the sender may hold the stack's lock).
 */
#include <errno.h>
#include <string.h>

#include "ip4.h"
#include "mm.h"

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
	spin_unlock(&lo_lock, fl);
	netdev_rx_ready(dev);
	return 0;
}

static void lo_receive(struct netdev *dev)
{
	for (;;) {
		unsigned long fl = spin_lock(&lo_lock);
		struct lo_frame *f = head;
		if (f) {
			head = f->next;
			if (!head)
				tail = &head;
			queued -= f->len;
		}
		spin_unlock(&lo_lock, fl);
		if (!f)
			return;
		netdev_input(dev, f->data, f->len);
		heap_free(f);
	}
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
