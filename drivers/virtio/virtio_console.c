/*
 * virtio-console (VIRTIO 1.2, 5.3), port 0 only (no MULTIPORT): queue 0
 * receives, queue 1 transmits.  The first device becomes a console
 * (console.h) beside the serial port.  Output is copied into one
 * buffer, so the caller's memory may be anything, and the writer polls
 * until the device gives the buffer back: console writes come one at a
 * time with interrupts masked (console.h), so none can sleep.  A write
 * made inside another (a fault or a panic in it, on this CPU) finds the
 * buffer in use and drops its output, which the serial console still
 * shows.  Input comes from RX_BUFFERS small buffers kept on the receive
 * queue, each handed back once its bytes are read; the receive queue's
 * interrupt wakes the console's readers (console_input_ready()), which
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
 * Guards the transmit queue against its interrupt handler (on another
 * CPU); tx_busy is the writer's alone (writes are serialised).
 */
static struct spinlock tx_lock = SPINLOCK_INIT;
static bool tx_busy, tx_done;

static void collect_locked(void)
{
	if (virtq_get(txq, NULL))
		tx_done = true;
}

static void tx_interrupt(struct virtq *vq)
{
	(void)vq;
	spin_lock_noirq(&tx_lock);
	collect_locked();
	spin_unlock_noirq(&tx_lock);
}

/* Sends one chunk from txbuf; false when the device does not take it. */
static bool send_chunk(size_t len)
{
	struct virtq_buf b = {txbuf, (uint32_t)len, false};
	spin_lock_noirq(&tx_lock);
	tx_done = false;
	bool added = !virtq_add(txq, &b, 1, txbuf);
	if (added)
		virtq_kick(txq);
	for (uint64_t i = 0; added && !tx_done && i < SPIN_LIMIT; i++)
		collect_locked();
	bool sent = tx_done;
	spin_unlock_noirq(&tx_lock);
	return sent;
}

/* Interrupts masked (console.h); the memcpy may fault, out of the lock. */
static void vcon_write(const char *p, size_t n)
{
	if (tx_busy)
		return; /* a write inside this one: see the top of the file */
	tx_busy = true;
	while (n) {
		size_t chunk = n < TX_SIZE ? n : TX_SIZE;
		memcpy(txbuf, p, chunk);
		if (!send_chunk(chunk))
			break;
		p += chunk;
		n -= chunk;
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
