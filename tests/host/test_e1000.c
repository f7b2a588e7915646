/*
 * The e1000 driver's rings (drivers/net/e1000.c) against descriptors
 * written here as the device would write them.  The driver's functions
 * are static and its probe needs a device that ends its own reset
 * (CTRL.RST), which memory standing for the registers cannot be, so the
 * driver's source is included and its state set up as the probe would.
 *
 * Receiving: a frame in one slot goes up whole; a frame the device
 * spread over two slots (the first without EOP: receive status bit 1;
 * transmit's EOP is bit 0 of cmd) is dropped whole and counted once,
 * and the frame after it goes up; a slot with an error is dropped;
 * the ring wraps, and RDT gives back the last slot taken.
 * Transmitting: TX_SLOTS - 1 frames fill the ring (one slot stays
 * empty), the next is refused (-ENOBUFS) until the device marks the
 * oldest done; each descriptor says EOP|IFCS|RS and TDT follows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../drivers/net/e1000.c"
#include "tap.h"

static uint32_t sim_regs[REGS_SIZE / 4];
static struct {
	unsigned n;
	size_t len[8];
	uint8_t first[8]; /* each frame's first byte */
} up;

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

void kinfo(const char *fmt, ...)
{
	(void)fmt;
}

void *heap_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

void *heap_memalign(size_t align, size_t size)
{
	return aligned_alloc(align, (size + align - 1) / align * align);
}

void netdev_input(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev;
	if (up.n < 8) {
		up.len[up.n] = len;
		up.first[up.n] = *(const uint8_t *)frame;
	}
	up.n++;
}

/* The probe's calls: not reached (the test makes no probe). */
void pci_register_driver(struct pci_driver *drv)
{
	(void)drv;
}
volatile void *pci_map_bar(const struct pci_device *dev, unsigned bar,
			   uint64_t off, uint64_t size)
{
	(void)dev, (void)bar, (void)off, (void)size;
	return NULL;
}
void pci_enable(const struct pci_device *dev, uint16_t bits)
{
	(void)dev, (void)bits;
}
int pci_msi_enable(struct pci_device *dev, const struct pci_handler *h)
{
	(void)dev, (void)h;
	return -1;
}
int pci_intx_enable(struct pci_device *dev, const struct pci_handler *h)
{
	(void)dev, (void)h;
	return -1;
}
const char *pci_name(const struct pci_device *dev)
{
	(void)dev;
	return "00:00.0";
}
int netdev_register(struct netdev *dev, const char *prefix)
{
	(void)dev, (void)prefix;
	return 0;
}
void netdev_rx_ready(struct netdev *dev)
{
	(void)dev;
}

/* As the device fills slot: the frame's bytes, then the descriptor. */
static void fill(struct e1000 *e, unsigned slot, uint8_t first, uint16_t len,
		 uint8_t status, uint8_t errors)
{
	memset(e->rx_buf + slot * BUF_SIZE, first, len);
	e->rx[slot].length = len;
	e->rx[slot].errors = errors;
	e->rx[slot].status = status;
}

static void test_receive(struct e1000 *e)
{
	const uint8_t done = DESC_DD | RX_STAT_EOP;
	fill(e, 0, 0xa0, 60, done, 0);
	e1000_receive(&e->net);
	TAP_OK(up.n == 1 && up.len[0] == 60 && up.first[0] == 0xa0,
	       "a frame in one slot goes up whole (%u frames)", up.n);
	TAP_OK(sim_regs[RDT / 4] == 0 && e->rx[0].status == 0,
	       "RDT gives slot 0 back, its status cleared (RDT %u)",
	       sim_regs[RDT / 4]);

	up.n = 0;
	fill(e, 1, 0xb1, 2048, DESC_DD, 0); /* no EOP: more follows */
	fill(e, 2, 0xb2, 100, done, 0);
	fill(e, 3, 0xc3, 1514, done, 0);
	fill(e, 4, 0xd4, 64, done, 0x01); /* CE: a CRC error */
	e1000_receive(&e->net);
	TAP_OK(up.n == 1 && up.len[0] == 1514 && up.first[0] == 0xc3,
	       "a frame over two slots is dropped whole, the next goes up "
	       "(%u frames, the first of %zu bytes)",
	       up.n, up.n ? up.len[0] : 0);
	TAP_OK(e->net.stats.rx_dropped == 2,
	       "the split frame and the erred one: 2 drops (%llu)",
	       (unsigned long long)e->net.stats.rx_dropped);
	TAP_OK(sim_regs[RDT / 4] == 4 && e->rx_next == 5,
	       "RDT at the last slot taken (RDT %u, next %u)",
	       sim_regs[RDT / 4], e->rx_next);

	up.n = 0;
	e->rx_next = RX_SLOTS - 1;
	fill(e, RX_SLOTS - 1, 0xe5, 60, done, 0);
	fill(e, 0, 0xf6, 61, done, 0);
	e1000_receive(&e->net);
	TAP_OK(up.n == 2 && up.first[0] == 0xe5 && up.first[1] == 0xf6 &&
		   sim_regs[RDT / 4] == 0 && e->rx_next == 1,
	       "the ring wraps: slots %u and 0 go up, RDT 0 (%u frames, "
	       "RDT %u)",
	       RX_SLOTS - 1, up.n, sim_regs[RDT / 4]);
}

static void test_transmit(struct e1000 *e)
{
	uint8_t frame[60] = {0};
	unsigned sent = 0;
	while (sent < TX_SLOTS && !e1000_transmit(&e->net, frame, 60))
		sent++;
	TAP_OK(sent == TX_SLOTS - 1, "the ring takes %u frames (%u)",
	       TX_SLOTS - 1, sent);
	TAP_OK(e1000_transmit(&e->net, frame, 60) == -ENOBUFS,
	       "full: the next is refused, -ENOBUFS");
	TAP_OK(e1000_tx_pending(&e->net) == TX_SLOTS - 1 &&
		   sim_regs[TDT / 4] == TX_SLOTS - 1,
	       "all pending, TDT %u (%u)", TX_SLOTS - 1, sim_regs[TDT / 4]);
	TAP_OK(e->tx[0].cmd == (TX_CMD_EOP | TX_CMD_IFCS | TX_CMD_RS) &&
		   e->tx[0].length == 60,
	       "a descriptor says EOP|IFCS|RS and the length (cmd %#x)",
	       e->tx[0].cmd);
	e->tx[0].status = DESC_DD;
	TAP_OK(e1000_transmit(&e->net, frame, 60) == 0 &&
		   sim_regs[TDT / 4] == 0 &&
		   e1000_tx_pending(&e->net) == TX_SLOTS - 1,
	       "slot 0 done: one more goes, TDT wraps to 0 (%u)",
	       sim_regs[TDT / 4]);
}

int main(void)
{
	struct e1000 *e = heap_calloc(1, sizeof(*e));
	e->regs = sim_regs;
	e->tx_lock = (struct spinlock)SPINLOCK_INIT;
	e->net.priv = e;
	e->net.flags = IFF_UP;
	if (!alloc_rings(e)) {
		printf("Bail out! no memory for the rings\n");
		return 1;
	}
	test_receive(e);
	test_transmit(e);
	return tap_done();
}
