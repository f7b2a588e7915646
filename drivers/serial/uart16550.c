/*
 * The 16550 UART on COM1 as a console.  The probe writes the scratch
 * register and reads it back, so a machine without the port (or one
 * where reads float to 0xff) registers no console.  Output turns "\n"
 * into "\r\n" as a terminal on the other end expects.
 */
#include "arch.h"
#include "console.h"
#include "driver.h"

#define COM1 0x3f8
#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_SCRATCH 7
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define SEND_SPIN_LIMIT 100000

static void uart_putc(char c)
{
	for (unsigned i = 0; i < SEND_SPIN_LIMIT; i++)
		if (inb(COM1 + REG_LSR) & LSR_THR_EMPTY)
			break;
	outb(COM1 + REG_DATA, (uint8_t)c);
}

static void uart_write(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n')
			uart_putc('\r');
		uart_putc(p[i]);
	}
}

static int uart_read(void)
{
	if (!(inb(COM1 + REG_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + REG_DATA);
}

static struct console uart_console = {
    .name = "ttyS0",
    .write = uart_write,
    .read = uart_read,
};

static int uart_init(void)
{
	outb(COM1 + REG_SCRATCH, 0x5a);
	if (inb(COM1 + REG_SCRATCH) != 0x5a)
		return -1;
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 1); /* divisor 1: 115200 baud */
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR, 0x07); /* FIFOs on and cleared */
	outb(COM1 + REG_MCR, 0x03); /* DTR, RTS */
	console_register(&uart_console);
	return 0;
}

DRIVER_REGISTER(DRIVER_LEVEL_CONSOLE, "uart16550", uart_init);
