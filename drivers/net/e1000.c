/*
 * Intel's 8254x gigabit controllers (QEMU's e1000: 82540EM, the pc
 * machine's NIC) and the 82574L (QEMU's e1000e, q35's) as network
 * interfaces eth0, eth1, ... (netdev.h).  Registers and descriptors are
 * from Intel's 8254x Software Developer's Manual; the 82574 keeps the
 * same registers at the same offsets and the same legacy descriptors,
 * which it uses until RFCTL.EXTEN asks for extended ones, so one code
 * serves both (its MSI-X and multiple queues are left unused).
 *
 * One receive and one transmit ring of legacy descriptors, each slot
 * with a buffer of BUF_SIZE that stays its own.  The MAC address is
 * RAL0/RAH0's, which the device loads from its EEPROM at reset.  No
 * offloads: a frame is one descriptor each way, the CRC added on send
 * (IFCS) and stripped on receive (SECRC), short frames padded (PSP).
 *
 * Receiving: the interrupt (RXT0, RXO, LSC) only reads ICR, which
 * clears it and drops an INTx line, and calls netdev_rx_ready();
 * netdev's thread, the only one to touch the receive ring after probe,
 * takes each descriptor the device marked done (DD), hands the frame to
 * netdev_input() and gives the slot back by moving RDT.  A link change
 * is logged there too, in thread context.  Transmitting: the frame is
 * copied into the next slot's buffer and TDT moved; a slot is free
 * again when the device sets its DD (RS asks it to), which transmit
 * and tx_pending look at, so no transmit interrupt is needed.  With
 * the ring full the frame is refused (-ENOBUFS).  tx_lock serialises
 * the senders.
 */
#include <errno.h>
#include <string.h>

#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "netdev.h"
#include "pci.h"
#include "spinlock.h"

/* Registers (byte offsets in BAR 0). */
#define CTRL 0x0000
#define STATUS 0x0008
#define ICR 0x00c0
#define IMS 0x00d0
#define IMC 0x00d8
#define RCTL 0x0100
#define TCTL 0x0400
#define TIPG 0x0410
#define RDBAL 0x2800
#define RDBAH 0x2804
#define RDLEN 0x2808
#define RDH 0x2810
#define RDT 0x2818
#define RDTR 0x2820
#define TDBAL 0x3800
#define TDBAH 0x3804
#define TDLEN 0x3808
#define TDH 0x3810
#define TDT 0x3818
#define MTA 0x5200 /* 128 words */
#define RAL0 0x5400
#define RAH0 0x5404
#define REGS_SIZE 0x6000 /* past RAH0: all the driver touches */

#define CTRL_LRST (1u << 3)
#define CTRL_ASDE (1u << 5)
#define CTRL_SLU (1u << 6)
#define CTRL_RST (1u << 26)
#define CTRL_PHY_RST (1u << 31)
#define STATUS_LU (1u << 1)
#define RAH_AV (1u << 31)

#define INT_RXDMT0 (1u << 4)
#define INT_LSC (1u << 2)
#define INT_RXO (1u << 6)
#define INT_RXT0 (1u << 7)
#define INT_RX (INT_RXT0 | INT_RXO | INT_RXDMT0)

/* BSIZE 0 with BSEX 0: 2048-byte buffers */
#define RCTL_EN (1u << 1)
#define RCTL_BAM (1u << 15)
#define RCTL_SECRC (1u << 26)
#define TCTL_EN (1u << 1)
#define TCTL_PSP (1u << 3)
#define TCTL_CT (0x0fu << 4)	/* collision threshold: 16 retries */
#define TCTL_COLD (0x40u << 12) /* collision distance, full duplex */
/* IPGT 10, IPGR1 8, IPGR2 6: the manual's values for copper */
#define TIPG_COPPER (10u | 8u << 10 | 6u << 20)

#define DESC_DD 0x01	      /* status, both ways */
#define RX_STAT_EOP (1u << 1) /* the frame's last descriptor */
#define TX_CMD_EOP (1u << 0)
#define TX_CMD_IFCS (1u << 1) /* insert the CRC */
#define TX_CMD_RS (1u << 3)   /* report status: set DD when done */

#define BUF_SIZE 2048
#define RX_SLOTS 128 /* a ring's length must be a multiple of 128 bytes */
#define TX_SLOTS 64
#define RESET_POLLS 100000u

struct rx_desc {
	uint64_t addr;
	uint16_t length, checksum;
	uint8_t status, errors;
	uint16_t special;
};

struct tx_desc {
	uint64_t addr;
	uint16_t length;
	uint8_t cso, cmd, status, css;
	uint16_t special;
};

struct e1000 {
	struct netdev net;
	struct pci_device *pci;
	volatile uint32_t *regs;
	struct rx_desc *rx;
	struct tx_desc *tx;
	uint8_t *rx_buf, *tx_buf; /* slot i's buffer at i * BUF_SIZE */
	unsigned rx_next;	  /* the next slot the device fills */
	bool rx_split;		  /* inside a frame longer than a buffer */
	struct spinlock tx_lock;
	unsigned tx_tail, tx_clean; /* next slot to fill; oldest not done */
	bool link_up;		    /* STATUS.LU as last seen */
	bool link_changed;	    /* set by the interrupt */
};

static uint32_t rd(struct e1000 *e, unsigned reg)
{
	return e->regs[reg / 4];
}

static void wr(struct e1000 *e, unsigned reg, uint32_t v)
{
	e->regs[reg / 4] = v;
}

/*
 * The link's state, kept apart from the flags, which SIOCSIFFLAGS also
 * changes: IFF_RUNNING while the link is up and the interface too.
 */
static void set_link(struct e1000 *e, bool up)
{
	e->link_up = up;
	if (up && (e->net.flags & IFF_UP))
		e->net.flags |= IFF_RUNNING;
	else if (!up)
		e->net.flags &= ~(unsigned)IFF_RUNNING;
}

/* netdev's thread: the link's new state, in the flags and the log. */
static void note_link(struct e1000 *e)
{
	bool up = rd(e, STATUS) & STATUS_LU;
	if (up == e->link_up)
		return;
	set_link(e, up);
	kprintf("e1000: %s: link %s\n", e->net.name, up ? "up" : "down");
}

/*
 * A done slot's frame to netdev_input(), or dropped.  The device spreads
 * a frame over several slots only if it outgrows a buffer, which frames
 * within the MTU never do (RCTL.LPE is clear): such a frame is dropped
 * whole, up to the slot with EOP, and counted once.
 */
static void take_frame(struct e1000 *e, unsigned slot)
{
	const struct rx_desc *d = &e->rx[slot];
	bool first = !e->rx_split;
	e->rx_split = !(d->status & RX_STAT_EOP);
	if (e->rx_split)
		return;
	if (first && !d->errors && d->length >= NETDEV_ETH_HLEN &&
	    d->length <= BUF_SIZE)
		netdev_input(&e->net, e->rx_buf + slot * BUF_SIZE, d->length);
	else
		e->net.stats.rx_dropped++;
}

/* netdev's thread: every done slot's frame up, the slot back. */
static void e1000_receive(struct netdev *dev)
{
	struct e1000 *e = dev->priv;
	if (__atomic_exchange_n(&e->link_changed, false, __ATOMIC_ACQ_REL))
		note_link(e);
	unsigned last = RX_SLOTS;
	for (;;) {
		struct rx_desc *d = &e->rx[e->rx_next];
		if (!(d->status & DESC_DD))
			break;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		take_frame(e, e->rx_next);
		d->status = 0;
		last = e->rx_next;
		e->rx_next = (e->rx_next + 1) % RX_SLOTS;
	}
	if (last == RX_SLOTS)
		return;
	/* the device owns RDH up to RDT - 1: last and those before it */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	wr(e, RDT, last);
}

static void e1000_interrupt(void *arg)
{
	struct e1000 *e = arg;
	uint32_t cause = rd(e, ICR); /* read to clear */
	if (cause & INT_LSC)
		__atomic_store_n(&e->link_changed, true, __ATOMIC_RELEASE);
	if (cause & (INT_RX | INT_LSC))
		netdev_rx_ready(&e->net);
}

/* tx_lock held: the slots the device has sent become free. */
static void reclaim_tx(struct e1000 *e)
{
	while (e->tx_clean != e->tx_tail &&
	       (e->tx[e->tx_clean].status & DESC_DD))
		e->tx_clean = (e->tx_clean + 1) % TX_SLOTS;
}

static int e1000_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct e1000 *e = dev->priv;
	unsigned long flags = spin_lock(&e->tx_lock);
	reclaim_tx(e);
	unsigned slot = e->tx_tail, next = (slot + 1) % TX_SLOTS;
	if (next == e->tx_clean) { /* one slot stays empty: TDT != TDH */
		spin_unlock(&e->tx_lock, flags);
		return -ENOBUFS;
	}
	memcpy(e->tx_buf + slot * BUF_SIZE, frame, len);
	struct tx_desc *d = &e->tx[slot];
	d->length = (uint16_t)len;
	d->cmd = TX_CMD_EOP | TX_CMD_IFCS | TX_CMD_RS;
	d->status = 0;
	e->tx_tail = next;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	wr(e, TDT, next);
	spin_unlock(&e->tx_lock, flags);
	return 0;
}

static unsigned e1000_tx_pending(struct netdev *dev)
{
	struct e1000 *e = dev->priv;
	unsigned long flags = spin_lock(&e->tx_lock);
	reclaim_tx(e);
	unsigned n = (e->tx_tail + TX_SLOTS - e->tx_clean) % TX_SLOTS;
	spin_unlock(&e->tx_lock, flags);
	return n;
}

static const struct netdev_ops e1000_ops = {
    .transmit = e1000_transmit,
    .receive = e1000_receive,
    .tx_pending = e1000_tx_pending,
};

/* Interrupts masked, the units stopped, the MAC reset; false if stuck. */
static bool reset(struct e1000 *e)
{
	wr(e, IMC, ~0u);
	wr(e, RCTL, 0);
	wr(e, TCTL, 0);
	wr(e, CTRL, rd(e, CTRL) | CTRL_RST);
	unsigned n = 0;
	while ((rd(e, CTRL) & CTRL_RST) && ++n < RESET_POLLS)
		;
	wr(e, IMC, ~0u);
	(void)rd(e, ICR);
	return n < RESET_POLLS;
}

/* RAL0/RAH0, loaded from the EEPROM; without one, a local address. */
static void read_mac(struct e1000 *e, int nth)
{
	uint32_t lo = rd(e, RAL0), hi = rd(e, RAH0);
	if (!(hi & RAH_AV)) {
		lo = 2, hi = (uint32_t)nth << 8; /* 02:00:00:00:00:NN */
		wr(e, RAL0, lo);
		wr(e, RAH0, hi | RAH_AV);
	}
	for (int i = 0; i < 4; i++)
		e->net.mac[i] = (uint8_t)(lo >> (8 * i));
	e->net.mac[4] = (uint8_t)hi;
	e->net.mac[5] = (uint8_t)(hi >> 8);
}

static bool alloc_rings(struct e1000 *e)
{
	e->rx = heap_memalign(PAGE_SIZE, RX_SLOTS * sizeof(*e->rx));
	e->tx = heap_memalign(PAGE_SIZE, TX_SLOTS * sizeof(*e->tx));
	e->rx_buf = heap_memalign(PAGE_SIZE, RX_SLOTS * BUF_SIZE);
	e->tx_buf = heap_memalign(PAGE_SIZE, TX_SLOTS * BUF_SIZE);
	if (!e->rx || !e->tx || !e->rx_buf || !e->tx_buf)
		return false;
	memset(e->rx, 0, RX_SLOTS * sizeof(*e->rx));
	memset(e->tx, 0, TX_SLOTS * sizeof(*e->tx));
	for (unsigned i = 0; i < RX_SLOTS; i++)
		e->rx[i].addr = (uintptr_t)(e->rx_buf + i * BUF_SIZE);
	for (unsigned i = 0; i < TX_SLOTS; i++)
		e->tx[i].addr = (uintptr_t)(e->tx_buf + i * BUF_SIZE);
	return true;
}

/* Addresses are physical (identity mapping). */
static void start_rings(struct e1000 *e)
{
	uint64_t rx = (uintptr_t)e->rx, tx = (uintptr_t)e->tx;
	for (unsigned i = 0; i < 128; i++)
		wr(e, MTA + 4 * i, 0);
	wr(e, RDBAL, (uint32_t)rx);
	wr(e, RDBAH, (uint32_t)(rx >> 32));
	wr(e, RDLEN, RX_SLOTS * sizeof(*e->rx));
	wr(e, RDH, 0);
	wr(e, RDT, RX_SLOTS - 1);
	wr(e, RDTR, 0);
	wr(e, TDBAL, (uint32_t)tx);
	wr(e, TDBAH, (uint32_t)(tx >> 32));
	wr(e, TDLEN, TX_SLOTS * sizeof(*e->tx));
	wr(e, TDH, 0);
	wr(e, TDT, 0);
	wr(e, TIPG, TIPG_COPPER);
	wr(e, TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
	wr(e, RCTL, RCTL_EN | RCTL_BAM | RCTL_SECRC);
}

/* MSI when the device has it (the 82574), else its INTx line. */
static const char *enable_irq(struct e1000 *e)
{
	struct pci_handler h = {e1000_interrupt, e};
	if (!pci_msi_enable(e->pci, &h))
		return "MSI";
	if (!pci_intx_enable(e->pci, &h))
		return "INTx";
	return NULL;
}

static int fail(struct pci_device *dev, const char *why)
{
	kprintf("e1000: at %s: %s\n", pci_name(dev), why);
	return -1; /* what the device holds stays: it is not reset */
}

static int e1000_probe(struct pci_device *dev)
{
	static int count;
	struct e1000 *e = heap_calloc(1, sizeof(*e));
	if (!e)
		return fail(dev, "no memory");
	e->pci = dev;
	e->tx_lock = (struct spinlock)SPINLOCK_INIT;
	e->regs = pci_map_bar(dev, 0, 0, REGS_SIZE);
	if (!e->regs)
		return fail(dev, "BAR 0 is no memory BAR of 24 KiB");
	pci_enable(dev, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (!reset(e))
		return fail(dev, "the reset did not end");
	wr(e, CTRL,
	   (rd(e, CTRL) | CTRL_SLU | CTRL_ASDE) & ~(CTRL_LRST | CTRL_PHY_RST));
	read_mac(e, count++);
	if (!alloc_rings(e))
		return fail(dev, "no memory for the rings");
	const char *irq = enable_irq(e);
	if (!irq)
		return fail(dev, "no interrupt");
	e->net.ops = &e1000_ops;
	e->net.priv = e;
	e->net.mtu = 1500;
	e->net.type = NETDEV_TYPE_ETHER;
	e->net.flags = IFF_BROADCAST | IFF_MULTICAST;
	/* listed before the first interrupt can name it */
	if (netdev_register(&e->net, "eth"))
		return fail(dev, "no memory for the interface");
	bool up = rd(e, STATUS) & STATUS_LU;
	set_link(e, up);
	start_rings(e);
	wr(e, IMS, INT_RX | INT_LSC);
	dev->driver_data = e;
	const uint8_t *m = e->net.mac;
	kinfo("e1000: %s at %s: %04x, %02x:%02x:%02x:%02x:%02x:%02x, link %s, "
	      "%s\n",
	      e->net.name, pci_name(dev), dev->device, m[0], m[1], m[2], m[3],
	      m[4], m[5], up ? "up" : "down", irq);
	return 0;
}

/* QEMU's e1000 (82540EM), e1000-82544gc, e1000-82545em and e1000e */
static const struct pci_id e1000_ids[] = {
    {0x8086, 0x100e, 0, 0}, {0x8086, 0x100c, 0, 0}, {0x8086, 0x100f, 0, 0},
    {0x8086, 0x10d3, 0, 0}, {0, 0, 0, 0},
};

static struct pci_driver e1000_driver = {
    .name = "e1000",
    .ids = e1000_ids,
    .probe = e1000_probe,
};

static int e1000_init(void)
{
	pci_register_driver(&e1000_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "e1000", e1000_init, DRIVER_HW_PCI, 0);
