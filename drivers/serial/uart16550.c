/*
 * The 16550 UART on COM1 as a console.  The probe writes the scratch
 * register and reads it back, so a machine without the port (or one
 * where reads float to 0xff) registers no console.  Output turns "\n"
 * into "\r\n" as a terminal on the other end expects.
 *
 * Input: the FIFOs are on from boot, the receive one interrupting at
 * RX_TRIGGER bytes (or when bytes wait unread for four characters'
 * time), so bytes typed while nobody reads wait in its 16 bytes rather
 * than overrunning after one.  Turning them on clears them, so the byte
 * a UART without FIFO may hold (one the host sent before the kernel
 * looked: QEMU sends no second until it is read) is taken first, into
 * the driver's ring.  A byte the host sends between the LSR read and
 * the FCR write, the next instructions, is lost, and no order of the
 * init avoids that: enabling the FIFOs clears the receiver, so its byte
 * must be read before, and the read frees it for the host's next (a
 * 16550 has no flow control of its own; loopback on a real one drops
 * what comes meanwhile, and QEMU's still receives).  Loopback keeps
 * QEMU's window narrow: a read in it does not ask QEMU for more input.
 * From the console's first read on (uart_start_input()), IRQ 4 is
 * routed and the receive interrupt on; its handler drains the FIFO into
 * the ring (an LSR data-ready loop, so the FIFO empties and the
 * edge-triggered line can rise again) and wakes the console's readers.
 * When the ring is full the bytes stay in the FIFO, and QEMU, its FIFO
 * full, stops sending: nothing is dropped while nobody reads.
 *
 * Not at boot: routing IRQ 4 programs the I/O APIC, which a boot that
 * reads no input (most applications) need not do, and under TCG each
 * step of it is code to translate.
 */
#include "arch.h"
#include "console.h"
#include "driver.h"
#include "irq.h"
#include "klog.h"
#include "spinlock.h"

#define COM1 0x3f8
#define REG_DATA 0
#define REG_IER 1
#define IER_RX_DATA 0x01
#define COM1_IRQ 4
#define REG_IIR 2 /* read */
#define REG_FCR 2 /* write */
#define IIR_FIFOS_ON 0xc0
#define FCR_FIFO_ON 0x01
#define FCR_TRIGGER_8 0x80 /* receive interrupt at 8 of 16 bytes */
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_SCRATCH 7
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB 0x80
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define LCR_8N1 0x03
#define SEND_SPIN_LIMIT 100000

/*
 * Output: LSR's THRE says the transmitter holds nothing, so one wait
 * makes room for TX_FIFO bytes with the FIFOs on (from boot), for one
 * on a UART without a working FIFO (a 16450, or a 16550 whose FIFO is
 * broken), where IIR does not say the FIFOs are on (uart_init): a wait
 * before byte k when k & tx_mask is 0, tx_mask being TX_FIFO - 1 or 0
 * (no division).  The wait's loop starts at its end for the others.
 * Console writes come one at a time (console.h), so no other write
 * fills the FIFO in the middle of a burst, but for one made inside a
 * write (a fault or panic in it prints at once): hence the count of the
 * burst, tx_burst, is the driver's, not the call's, so that the outer
 * write goes on counting the bytes the inner one put in.  The inner one
 * can only come where the caller's byte is read (a fault), so it is
 * read first, and the count after it (the barrier), never before.  A
 * '\r' goes before each '\n', chosen by arithmetic: a branch would be
 * another block, which the boot (under an emulator) pays to translate.
 */
#define TX_FIFO 16 /* a power of two */
static unsigned tx_mask;
static unsigned tx_burst; /* bytes sent: k above, for every write */
static void uart_write(const char *p, size_t n)
{
	unsigned cr = 0; /* 1: the '\r' of p[i] was just sent */
	size_t i = 0;
	do { /* n >= 1 (console.h): no test before the first byte */
		char c = p[i];
		__asm__ volatile("" ::: "memory");
		unsigned spin = ((tx_burst++ & tx_mask) != 0) * SEND_SPIN_LIMIT;
		for (; spin < SEND_SPIN_LIMIT; spin++)
			if (inb(COM1 + REG_LSR) & LSR_THR_EMPTY)
				break;
		cr = (c == '\n') & !cr;
		outb(COM1 + REG_DATA, (uint8_t)(c ^ (cr * ('\n' ^ '\r'))));
		i += 1 - cr;
	} while (i < n);
}

/*
 * Bytes drained from the receive FIFO, older than those still in it;
 * the lock orders the interrupt handler and the reader.
 */
#define RX_RING 256
static struct spinlock rx_lock = SPINLOCK_INIT;
static uint8_t rx_ring[RX_RING];
static unsigned rx_head, rx_len;
/* The boot took a byte the UART held, in loopback: see uart_start_input */
static bool host_not_told;

static int uart_read(void)
{
	int c = -1;
	unsigned long flags = spin_lock(&rx_lock);
	if (rx_len) {
		c = rx_ring[rx_head];
		rx_head = (rx_head + 1) % RX_RING;
		rx_len--;
	} else if (inb(COM1 + REG_LSR) & LSR_DATA_READY) {
		c = inb(COM1 + REG_DATA);
	}
	spin_unlock(&rx_lock, flags);
	return c;
}

static void uart_start_input(void);

static struct console uart_console = {
    .name = "ttyS0",
    .write = uart_write,
    .read = uart_read,
    .start_input = uart_start_input,
};

/*
 * The setup's writes, in order, from a table: one loop for the boot to
 * translate rather than a write each (under TCG with -icount each port
 * access also ends a block).  With DLAB set, DATA and IER are the
 * divisor's low and high bytes.
 */
static const uint8_t setup[][2] = {
    {REG_IER, 0},
    {REG_LCR, LCR_DLAB},
    {REG_DATA, 1}, /* divisor 1: 115200 baud */
    {REG_IER, 0},
    {REG_LCR, LCR_8N1},
    {REG_MCR, MCR_DTR_RTS | MCR_LOOP}, /* until the FIFOs are on */
};

static int uart_init(void)
{
	outb(COM1 + REG_SCRATCH, 0x5a);
	if (inb(COM1 + REG_SCRATCH) != 0x5a)
		return -1;
#pragma GCC unroll 1 /* kept a loop */
	for (unsigned i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
		outb(COM1 + setup[i][0], setup[i][1]);
	/*
	 * The byte waiting without FIFO, if any, kept before the FIFOs go
	 * on (which clears them).  Read whether or not one waits, without
	 * a branch (blocks the boot would translate).  In loopback: QEMU
	 * then does not look for more input after the read (it would send
	 * the next byte before the FCR write).
	 */
	uint8_t lsr = inb(COM1 + REG_LSR);
	rx_ring[0] = inb(COM1 + REG_DATA);
	outb(COM1 + REG_FCR, FCR_FIFO_ON | FCR_TRIGGER_8);
	bool fifo = (inb(COM1 + REG_IIR) & IIR_FIFOS_ON) == IIR_FIFOS_ON;
	tx_mask = (TX_FIFO - 1) * fifo;
	outb(COM1 + REG_MCR, MCR_DTR_RTS);
	rx_len = lsr & LSR_DATA_READY;
	host_not_told = rx_len;
	console_register(&uart_console);
	return 0;
}

DRIVER_REGISTER(DRIVER_LEVEL_CONSOLE, "uart16550", uart_init);

/* Drains the FIFO into the ring, so its interrupt line falls. */
static void uart_interrupt(void *arg)
{
	(void)arg;
	spin_lock_noirq(&rx_lock);
	while (rx_len < RX_RING && (inb(COM1 + REG_LSR) & LSR_DATA_READY)) {
		rx_ring[(rx_head + rx_len) % RX_RING] = inb(COM1 + REG_DATA);
		rx_len++;
	}
	spin_unlock_noirq(&rx_lock);
	console_input_ready();
}

/* The console's first read: IRQ 4 routed, the receive interrupt on. */
static void uart_start_input(void)
{
	/*
	 * When the boot took a byte the UART held, QEMU stopped looking for
	 * input then (its receiver was full) and was not told to look again
	 * (the read was in loopback): a data read tells it.  Only an empty
	 * receiver needs that read, and its byte is dropped: an empty 16550
	 * may read the last byte again (QEMU's reads 0).  Not looking, QEMU
	 * sends nothing between the two reads (unless its main loop woke for
	 * something else just then).  A byte waiting is left to the drain
	 * or the next read, whose data read tells QEMU as well.
	 */
	unsigned long flags = spin_lock(&rx_lock);
	if (host_not_told && !(inb(COM1 + REG_LSR) & LSR_DATA_READY))
		(void)inb(COM1 + REG_DATA);
	spin_unlock(&rx_lock, flags);
	int vector = irq_route_isa(COM1_IRQ, uart_interrupt, NULL);
	if (vector < 0) {
		kprintf("uart16550: IRQ %d not routed; input is polled\n",
			COM1_IRQ);
		return;
	}
	/* before the interrupt can come: a reader then sleeps for it */
	uart_console.input_irq = true;
	outb(COM1 + REG_MCR, MCR_DTR_RTS | MCR_OUT2); /* OUT2 gates the IRQ */
	outb(COM1 + REG_IER, IER_RX_DATA);
	kinfo("uart16550: input by IRQ %d on vector 0x%x, FIFOs %s\n", COM1_IRQ,
	      vector, tx_mask ? "on" : "off");
}
