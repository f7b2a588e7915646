/*
 * virtio-net (VIRTIO 1.2, 5.1) as network interfaces eth0, eth1, ...
 * (netdev.h), one receive and one transmit queue each.  Features: MAC
 * (the address from the configuration; without it a locally
 * administered one) and STATUS (the link state, read once at probe: the
 * core passes no configuration-change interrupt on).  No checksum or
 * segmentation offload and no MRG_RXBUF: every frame goes out with a
 * zeroed header and every received one fits one buffer of RX_SIZE,
 * which the spec asks for when no GUEST_TSO/UFO is negotiated (1526
 * bytes: the header and a 1514-byte frame).  The header is 12 bytes on
 * a modern device, 10 on a legacy one (no num_buffers without
 * MRG_RXBUF); a legacy device without ANY_LAYOUT gets it in a
 * descriptor of its own.
 *
 * Receiving: the queue stays filled with buffers; its interrupt only
 * calls netdev_rx_ready(), and netdev's thread, the only one to touch
 * the receive queue after probe, takes each used buffer, hands the
 * frame to netdev_input() and gives the buffer back.  Transmitting: the
 * frame is copied into one of the driver's own buffers (the caller's
 * memory is the caller's once transmit returns), and used buffers are
 * reclaimed by the queue's interrupt and before each send; with none
 * free the frame is refused (-ENOBUFS).  tx_lock, which masks
 * interrupts, serialises senders and the handler.
 */
#include <errno.h>
#include <string.h>

#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "netdev.h"
#include "spinlock.h"
#include "virtio.h"

#define F_MAC 5
#define F_STATUS 16
#define F_ANY_LAYOUT 27 /* legacy only; implied by VERSION_1 */

#define CFG_MAC 0
#define CFG_STATUS 6
#define S_LINK_UP 1

#define HDR_MODERN 12
#define HDR_LEGACY 10
#define RX_SIZE 1536 /* a header, a 1514-byte frame, a VLAN tag: two a page */
#define TX_SIZE (HDR_MODERN + 1500 + NETDEV_ETH_HLEN)
#define RX_BUFFERS 128
#define TX_BUFFERS 64

#define Q_RX 0
#define Q_TX 1

struct vnet {
	struct netdev net;
	struct virtio_device *vdev;
	struct virtq *rxq, *txq;
	unsigned hdr_len;
	bool split; /* the header in a descriptor of its own */
	struct spinlock tx_lock;
	void **tx_free; /* a stack of the transmit buffers not on the queue */
	unsigned tx_nfree, ntx;
	unsigned nrx; /* receive buffers */
};

static void give_rx(struct vnet *vn, uint8_t *buf)
{
	struct virtq_buf b[2] = {
	    {buf, vn->hdr_len, true},
	    {buf + vn->hdr_len, RX_SIZE - vn->hdr_len, true}};
	if (!vn->split)
		b[0].len = RX_SIZE;
	virtq_add(vn->rxq, b, vn->split ? 2 : 1, buf);
}

/* netdev's thread: every used buffer's frame up, the buffer back. */
static void vnet_receive(struct netdev *dev)
{
	struct vnet *vn = dev->priv;
	uint8_t *buf;
	uint32_t len;
	while ((buf = virtq_get(vn->rxq, &len))) {
		/* a device's length past the buffer is its bug: dropped */
		if (len > vn->hdr_len && len <= RX_SIZE)
			netdev_input(dev, buf + vn->hdr_len, len - vn->hdr_len);
		else
			dev->stats.rx_dropped++;
		give_rx(vn, buf);
	}
	virtq_kick(vn->rxq);
}

static void rx_interrupt(struct virtq *vq)
{
	struct vnet *vn = vq->priv;
	netdev_rx_ready(&vn->net);
}

/* tx_lock held. */
static void reclaim_tx(struct vnet *vn)
{
	void *buf;
	while ((buf = virtq_get(vn->txq, NULL)))
		vn->tx_free[vn->tx_nfree++] = buf;
}

static void tx_interrupt(struct virtq *vq)
{
	struct vnet *vn = vq->priv;
	spin_lock_noirq(&vn->tx_lock);
	reclaim_tx(vn);
	spin_unlock_noirq(&vn->tx_lock);
}

static int vnet_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct vnet *vn = dev->priv;
	unsigned long flags = spin_lock(&vn->tx_lock);
	reclaim_tx(vn);
	if (!vn->tx_nfree) {
		spin_unlock(&vn->tx_lock, flags);
		return -ENOBUFS;
	}
	uint8_t *buf = vn->tx_free[--vn->tx_nfree];
	memset(buf, 0, vn->hdr_len);
	memcpy(buf + vn->hdr_len, frame, len);
	struct virtq_buf b[2] = {{buf, vn->hdr_len, false},
				 {buf + vn->hdr_len, (uint32_t)len, false}};
	if (!vn->split)
		b[0].len = (uint32_t)(vn->hdr_len + len);
	int r = virtq_add(vn->txq, b, vn->split ? 2 : 1, buf);
	if (r)
		vn->tx_free[vn->tx_nfree++] = buf;
	else
		virtq_kick(vn->txq);
	spin_unlock(&vn->tx_lock, flags);
	return r ? -ENOBUFS : 0;
}

/* The device has taken a frame when it returns the buffer, used. */
static unsigned vnet_tx_pending(struct netdev *dev)
{
	struct vnet *vn = dev->priv;
	unsigned long flags = spin_lock(&vn->tx_lock);
	reclaim_tx(vn);
	unsigned n = vn->ntx - vn->tx_nfree;
	spin_unlock(&vn->tx_lock, flags);
	return n;
}

static const struct netdev_ops vnet_ops = {
    .transmit = vnet_transmit,
    .receive = vnet_receive,
    .tx_pending = vnet_tx_pending,
};

/* The buffers of both queues, as many as each queue holds at most. */
static bool alloc_buffers(struct vnet *vn)
{
	unsigned per_buf = vn->split ? 2 : 1;
	unsigned nrx = vn->rxq->size / per_buf, ntx = vn->txq->size / per_buf;
	if (virtio_has(vn->vdev, VIRTIO_F_INDIRECT_DESC))
		nrx = vn->rxq->size, ntx = vn->txq->size;
	nrx = nrx < RX_BUFFERS ? nrx : RX_BUFFERS;
	ntx = ntx < TX_BUFFERS ? ntx : TX_BUFFERS;
	vn->tx_free = heap_calloc(ntx, sizeof(void *));
	if (!vn->tx_free)
		return false;
	for (unsigned i = 0; i < ntx; i++) {
		void *b = heap_alloc(TX_SIZE);
		if (!b)
			return false;
		vn->tx_free[vn->tx_nfree++] = b;
	}
	vn->ntx = ntx;
	for (; vn->nrx < nrx; vn->nrx++) {
		uint8_t *b = heap_alloc(RX_SIZE);
		if (!b)
			return false;
		give_rx(vn, b);
	}
	return true;
}

static void read_mac(struct vnet *vn, int nth)
{
	if (virtio_has(vn->vdev, F_MAC)) {
		virtio_config_read(vn->vdev, CFG_MAC, vn->net.mac, 6);
		return;
	}
	/* locally administered, unicast: 02:00:00:00:00:NN */
	static const uint8_t local[6] = {2, 0, 0, 0, 0, 0};
	memcpy(vn->net.mac, local, 6);
	vn->net.mac[5] = (uint8_t)nth;
}

static bool link_up(struct vnet *vn)
{
	uint16_t status = S_LINK_UP;
	if (virtio_has(vn->vdev, F_STATUS))
		virtio_config_read(vn->vdev, CFG_STATUS, &status, 2);
	return status & S_LINK_UP;
}

static int vnet_probe(struct virtio_device *dev)
{
	static int count;
	struct vnet *vn = heap_calloc(1, sizeof(*vn));
	if (!vn)
		return -1;
	vn->vdev = dev;
	vn->hdr_len = dev->legacy ? HDR_LEGACY : HDR_MODERN;
	vn->split = dev->legacy && !virtio_has(dev, F_ANY_LAYOUT);
	vn->tx_lock = (struct spinlock)SPINLOCK_INIT;
	vn->rxq = virtq_create(dev, Q_RX, 0);
	vn->txq = virtq_create(dev, Q_TX, 0);
	/* netdev's thread waits for the receive interrupt: no polling */
	if (!vn->rxq || !vn->txq || !vn->rxq->irq || !alloc_buffers(vn))
		return -1; /* the device is failed; what it holds stays */
	virtq_set_handler(vn->rxq, rx_interrupt, vn);
	virtq_set_handler(vn->txq, tx_interrupt, vn);
	read_mac(vn, count++);
	vn->net.ops = &vnet_ops;
	vn->net.priv = vn;
	vn->net.mtu = 1500;
	vn->net.type = NETDEV_TYPE_ETHER;
	vn->net.flags = IFF_BROADCAST | IFF_MULTICAST;
	dev->driver_data = vn;
	return 0;
}

/*
 * Live: the interface to netdev, then the buffers to the device, so
 * that the first receive interrupt finds the interface listed.
 */
static void vnet_ready(struct virtio_device *dev)
{
	struct vnet *vn = dev->driver_data;
	if (netdev_register(&vn->net, "eth")) {
		kprintf("virtio-net: at %s: no memory for the interface\n",
			dev->where);
		return;
	}
	virtq_kick(vn->rxq);
	bool up = link_up(vn);
	if (!up)
		vn->net.flags &= ~(unsigned)IFF_RUNNING;
	const uint8_t *m = vn->net.mac;
	kinfo("virtio-net: %s at %s: %02x:%02x:%02x:%02x:%02x:%02x, link %s, "
	      "%u receive and %u transmit buffers%s%s\n",
	      vn->net.name, dev->where, m[0], m[1], m[2], m[3], m[4], m[5],
	      up ? "up" : "down", vn->nrx, vn->tx_nfree,
	      dev->legacy ? ", legacy" : "", vn->split ? ", header apart" : "");
}

static struct virtio_driver vnet_driver = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .features =
	VIRTIO_BIT(F_MAC) | VIRTIO_BIT(F_STATUS) | VIRTIO_BIT(F_ANY_LAYOUT),
    .probe = vnet_probe,
    .ready = vnet_ready,
};

static int vnet_init(void)
{
	virtio_register_driver(&vnet_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "virtio-net", vnet_init,
		   DRIVER_HW_VIRTIO, 0);
