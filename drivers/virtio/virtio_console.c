/*
 * virtio-console (VIRTIO 1.2, 5.3), port 0 only (no MULTIPORT): queue 0
 * receives, queue 1 transmits.  The first device becomes a console
 * (console.h) beside the serial port.  Output is copied into one
 * buffer, so the caller's memory may be anything, and the writer polls
 * until the device gives the buffer back: console writes come one at a
 * time with interrupts masked (console.h), so none can sleep.  A write
 * made inside another (a fault or a panic in it, on this CPU) finds the
 * buffer in use and drops its output, which the serial console still
 * shows; so do writes while the device keeps the buffer past a timeout
 * (see tx_owned).  Dropped bytes are counted and the count is written
 * where they went missing.  Input comes from RX_BUFFERS small buffers kept on
 * the receive queue, each handed back once its bytes are read; the receive
 * queue's interrupt wakes the console's readers (console_input_ready()), which
 * take the bytes through vcon_read(), serialised by the console layer.
 * As the serial console's, input starts at the console's first read
 * (vcon_start_input()): the buffers go to the device then, and until
 * then what the host sends waits there (QEMU reads none of it while the
 * queue has no buffer).
 */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "driver.h"
#include "mm.h"
#include "spinlock.h"
#include "virtio.h"
#include "klog.h"

#define TX_SIZE 4096
#define RX_BUFFERS 8
#define RX_SIZE 64
#define SPIN_LIMIT 100000000ULL

static struct virtq *rxq, *txq;
static char *txbuf;
static char *rx_cur, *rx_bufs;
static uint32_t rx_len, rx_pos;
/*
 * Set once the buffers are on the queue: a reader that comes while
 * another starts the input (console.c) must not use the queue before.
 */
static bool rx_live;

/*
 * txbuf belongs to the device from virtq_add() until virtq_get() hands
 * back its cookie (txbuf itself): until then the device may still read
 * it, and a copy into it would change what goes out.  A send the device
 * has not completed within SPIN_LIMIT polls (a host that stopped
 * reading) leaves it there, and may complete late: writes that find it
 * so drop their bytes at once, counted in tx_lost, rather than wait
 * again with interrupts masked; the first write that gets the buffer
 * back says how many bytes went missing, where they did.  A completion
 * ends the ownership of the buffer it names, whoever collects it (the
 * interrupt handler on another CPU, or a later write): it is never
 * taken for a later request's.  tx_lock guards tx_owned against that
 * handler; the rest is the writer's alone (writes are serialised).
 */
static struct spinlock tx_lock = SPINLOCK_INIT;
static bool tx_owned;	      /* the device holds txbuf */
static bool tx_busy;	      /* a write is under way: one inside it drops */
static bool tx_mid_line;      /* the last byte the device took was not '\n' */
static unsigned long tx_lost; /* bytes dropped, not yet reported */

static void collect_locked(void)
{
	void *cookie;
	while ((cookie = virtq_get(txq, NULL)))
		if (cookie == txbuf)
			tx_owned = false;
}

static void tx_interrupt(struct virtq *vq)
{
	(void)vq;
	spin_lock_noirq(&tx_lock);
	collect_locked();
	spin_unlock_noirq(&tx_lock);
}

/* True when txbuf is the driver's (the device gave it back). */
static bool reclaim(void)
{
	spin_lock_noirq(&tx_lock);
	collect_locked();
	bool ours = !tx_owned;
	spin_unlock_noirq(&tx_lock);
	return ours;
}

enum send_result { SENT, KEPT, REFUSED };

/*
 * Sends txbuf's first len bytes: SENT when the device gave txbuf back,
 * KEPT when it still holds it after SPIN_LIMIT polls, REFUSED when the
 * queue took no request.
 */
static enum send_result send_chunk(size_t len)
{
	struct virtq_buf b = {txbuf, (uint32_t)len, false};
	spin_lock_noirq(&tx_lock);
	bool added = !virtq_add(txq, &b, 1, txbuf);
	if (added) {
		tx_owned = true;
		virtq_kick(txq);
	}
	for (uint64_t i = 0; tx_owned && i < SPIN_LIMIT; i++)
		collect_locked();
	enum send_result r = !added ? REFUSED : tx_owned ? KEPT : SENT;
	spin_unlock_noirq(&tx_lock);
	return r;
}

/* Puts the report of lost bytes at txbuf's start; returns its length. */
static size_t report_loss(unsigned long lost)
{
	if (!lost)
		return 0;
	int len = snprintf(txbuf, TX_SIZE,
			   "%svirtio-console: %lu bytes lost here (the device "
			   "kept its buffer)\n",
			   tx_mid_line ? "\n" : "", lost);
	return (size_t)len;
}

/*
 * Interrupts masked (console.h).  The memcpy may fault, out of the
 * lock, and a write inside this one is then dropped (and counted): see
 * the top of the file.
 */
static void vcon_write(const char *p, size_t n)
{
	if (tx_busy) {
		tx_lost += n;
		return;
	}
	tx_busy = true;
	while (n) {
		if (!reclaim()) {
			tx_lost += n;
			break;
		}
		unsigned long reported = tx_lost;
		size_t at = report_loss(reported);
		size_t chunk = n < TX_SIZE - at ? n : TX_SIZE - at;
		memcpy(txbuf + at, p, chunk);
		enum send_result r = send_chunk(at + chunk);
		if (r == REFUSED) {
			tx_lost += n;
			break;
		}
		tx_lost -= reported;
		tx_mid_line = p[chunk - 1] != '\n';
		p += chunk;
		n -= chunk;
		if (r == KEPT) { /* it may yet send the chunk; not the rest */
			tx_lost += n;
			break;
		}
	}
	tx_busy = false;
}

static void give_rx(char *buf)
{
	struct virtq_buf b = {buf, RX_SIZE, true};
	virtq_add(rxq, &b, 1, buf);
}

static void rx_interrupt(struct virtq *vq)
{
	(void)vq;
	console_input_ready();
}

static int vcon_read(void)
{
	if (!__atomic_load_n(&rx_live, __ATOMIC_ACQUIRE))
		return -1;
	if (!rx_cur) {
		rx_cur = virtq_get(rxq, &rx_len);
		rx_pos = 0;
		if (!rx_cur)
			return -1;
	}
	int c = rx_pos < rx_len ? (unsigned char)rx_cur[rx_pos++] : -1;
	if (rx_pos >= rx_len) {
		give_rx(rx_cur);
		virtq_kick(rxq);
		rx_cur = NULL;
	}
	return c;
}

/* The console's first read: the receive buffers go to the device. */
static void vcon_start_input(void)
{
	for (unsigned i = 0; i < RX_BUFFERS; i++)
		give_rx(rx_bufs + i * RX_SIZE);
	virtq_kick(rxq);
	__atomic_store_n(&rx_live, true, __ATOMIC_RELEASE);
	kinfo("virtio-console: input on, %u receive buffers\n", RX_BUFFERS);
}

static struct console vcon_console = {
    .name = "hvc0",
    .write = vcon_write,
    .read = vcon_read,
    .start_input = vcon_start_input,
};

static int vcon_probe(struct virtio_device *dev)
{
	if (txq)
		return -1;
	txbuf = heap_alloc(TX_SIZE);
	rx_bufs = heap_alloc(RX_BUFFERS * RX_SIZE);
	rxq = virtq_create(dev, 0, RX_BUFFERS);
	txq = virtq_create(dev, 1, 4);
	if (!txbuf || !rx_bufs || !rxq || !txq) {
		txq = NULL;
		return -1;
	}
	virtq_set_handler(txq, tx_interrupt, NULL);
	virtq_set_handler(rxq, rx_interrupt, NULL);
	vcon_console.input_irq = rxq->irq;
	kinfo("virtio-console: hvc0 at %s, %s\n", dev->where,
	      txq->irq ? "interrupts" : "polled");
	return 0;
}

/* Live: output starts (input at the first read, vcon_start_input). */
static void vcon_ready(struct virtio_device *dev)
{
	(void)dev;
	console_register(&vcon_console);
}

static struct virtio_driver vcon_driver = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .probe = vcon_probe,
    .ready = vcon_ready,
};

static int vcon_init(void)
{
	virtio_register_driver(&vcon_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "virtio-console", vcon_init,
		   DRIVER_HW_VIRTIO, 0);
