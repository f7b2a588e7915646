/*
 * The 16550 UART on COM1 as a console.  The probe writes the scratch
 * register and reads it back, so a machine without the port (or one
 * where reads float to 0xff) registers no console.  Output turns "\n"
 * into "\r\n" as a terminal on the other end expects.  From the
 * console's first read on (uart_start_input()), received bytes raise
 * IRQ 4, whose handler wakes the console's readers; the bytes stay in
 * the UART's FIFO for uart_read(), and the edge-triggered line rises
 * again once a read has emptied it.
 *
 * Not at boot: routing IRQ 4 programs the I/O APIC, which a boot that
 * reads no input (most applications) need not do, and under TCG each
 * step of it is code to translate.  Nothing typed before is lost: with
 * the receive interrupt off the UART still takes in bytes, and once its
 * receive buffer is full the host stops sending (QEMU leaves the rest
 * unread in its character device), so the first read finds every byte
 * in order.  For that the FIFOs stay as the firmware left them (off
 * after a reset): clearing them, or turning them on (QEMU then clears
 * them), would drop what was typed before the kernel's first look.
 */
#include "arch.h"
#include "console.h"
#include "driver.h"
#include "irq.h"
#include "klog.h"

#define COM1 0x3f8
#define REG_DATA 0
#define REG_IER 1
#define IER_RX_DATA 0x01
#define COM1_IRQ 4
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_SCRATCH 7
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB 0x80
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08
#define LCR_8N1 0x03
#define SEND_SPIN_LIMIT 100000

static void uart_putc(char c)
{
	for (unsigned i = 0; i < SEND_SPIN_LIMIT; i++)
		if (inb(COM1 + REG_LSR) & LSR_THR_EMPTY)
			break;
	outb(COM1 + REG_DATA, (uint8_t)c);
}

/*
 * A '\r' goes before each '\n', through the same uart_putc, chosen by
 * arithmetic: a second call would be a second copy of its loop, and a
 * branch another block, which the boot (under an emulator) pays to
 * translate.
 */
static void uart_write(const char *p, size_t n)
{
	unsigned cr = 0; /* 1: the '\r' of p[i] was just sent */
	size_t i = 0;
	do { /* n >= 1 (console.h): no test before the first byte */
		cr = (p[i] == '\n') & !cr;
		uart_putc((char)(p[i] ^ (cr * ('\n' ^ '\r'))));
		i += 1 - cr;
	} while (i < n);
}

static int uart_read(void)
{
	if (!(inb(COM1 + REG_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + REG_DATA);
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
    {REG_MCR, MCR_DTR_RTS},
};

static int uart_init(void)
{
	outb(COM1 + REG_SCRATCH, 0x5a);
	if (inb(COM1 + REG_SCRATCH) != 0x5a)
		return -1;
#pragma GCC unroll 1 /* kept a loop */
	for (unsigned i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
		outb(COM1 + setup[i][0], setup[i][1]);
	console_register(&uart_console);
	return 0;
}

DRIVER_REGISTER(DRIVER_LEVEL_CONSOLE, "uart16550", uart_init);

static void uart_interrupt(void *arg)
{
	(void)arg;
	console_input_ready();
}

/* The console's first read: IRQ 4 routed, the receive interrupt on. */
static void uart_start_input(void)
{
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
	kinfo("uart16550: input by IRQ %d on vector 0x%x\n", COM1_IRQ, vector);
}
