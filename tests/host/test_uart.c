/*
 * The 16550 driver's output (drivers/serial/uart16550.c) against a
 * simulated UART on COM1 whose transmitter takes BYTE_TIME port accesses
 * to send a byte, as a real line is slow beside the CPU.  Three chips:
 * a 16550A, whose FIFO works (IIR bits 7:6 both set once FCR enables
 * it); a 16450, which has no FIFO (FCR ignored, those bits clear); a
 * 16550 whose FIFO is broken (bit 7 alone).  Without a working FIFO the
 * transmit holding register takes one byte: the driver must not write
 * it while LSR's THRE is clear (the byte before would be lost).  With
 * the FIFO, it fills the 16 bytes after one wait and loses none.
 * Either way the line carries the text, "\n" sent as "\r\n".  A write
 * made inside another, by a fault the kernel recovers from in the
 * middle of a burst (tests/host/fault_page.h), goes in its place, and
 * the outer one then counts its bytes: nothing overfills the FIFO.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "fault_page.h"
#include "console.h"
#include "klog.h"
#include "tap.h"

extern int (*const sim_driver_init)(void);

#define COM1 0x3f8
#define BYTE_TIME 40 /* port accesses while the line sends a byte */

enum chip { UART_16550A, UART_16450, UART_16550_BROKEN_FIFO };

static struct {
	enum chip chip;
	bool absent; /* no port: reads float to 0xff */
	uint8_t lcr, scratch;
	bool fifo_on;
	uint8_t queue[16]; /* the holding register, or the FIFO */
	unsigned queued;
	bool shifting;
	uint8_t shift_byte;
	unsigned long shift_done, now;
	char line[4096]; /* what went out on the wire */
	size_t line_len;
	unsigned long busy_writes; /* THR written while THRE was clear */
	unsigned long lost;	   /* THR written with no room: dropped */
} uart;

/* A broken FIFO is modelled as holding one byte, as no FIFO does. */
static unsigned capacity(void)
{
	return uart.fifo_on && uart.chip == UART_16550A ? 16 : 1;
}

/* Each port access takes one unit of time; the transmitter runs on. */
static void tick(void)
{
	uart.now++;
	if (uart.shifting && uart.now >= uart.shift_done) {
		if (uart.line_len < sizeof(uart.line))
			uart.line[uart.line_len++] = (char)uart.shift_byte;
		uart.shifting = false;
	}
	if (!uart.shifting && uart.queued) {
		uart.shift_byte = uart.queue[0];
		memmove(uart.queue, uart.queue + 1, --uart.queued);
		uart.shifting = true;
		uart.shift_done = uart.now + BYTE_TIME;
	}
}

static void transmit(uint8_t v)
{
	if (uart.queued)
		uart.busy_writes++;
	if (uart.queued == capacity()) {
		uart.lost++;
		return;
	}
	uart.queue[uart.queued++] = v;
}

void outb(uint16_t port, uint8_t v)
{
	tick();
	if (uart.absent)
		return;
	switch (port - COM1) {
	case 0:
		if (!(uart.lcr & 0x80))
			transmit(v);
		break;
	case 2: /* FCR: a 16450 has none */
		if (uart.chip != UART_16450)
			uart.fifo_on = v & 1;
		break;
	case 3:
		uart.lcr = v;
		break;
	case 7:
		uart.scratch = v;
		break;
	}
}

static uint8_t iir(void)
{
	if (!uart.fifo_on)
		return 0x01; /* no interrupt pending */
	return uart.chip == UART_16550_BROKEN_FIFO ? 0x81 : 0xc1;
}

uint8_t inb(uint16_t port)
{
	tick();
	if (uart.absent)
		return 0xff;
	switch (port - COM1) {
	case 2:
		return iir();
	case 5: /* LSR: THRE when nothing waits to go; TEMT when all went */
		return (uint8_t)((uart.queued ? 0 : 0x20) |
				 (uart.queued || uart.shifting ? 0 : 0x40));
	case 7:
		return uart.scratch;
	}
	return 0;
}

static struct console *registered;

void console_register(struct console *c)
{
	registered = c;
}

void console_input_ready(void)
{
}

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

void kinfo(const char *fmt, ...)
{
	(void)fmt;
}

int irq_route_isa(unsigned irq, void (*fn)(void *), void *arg)
{
	(void)irq, (void)fn, (void)arg;
	return -1;
}

static void boot(enum chip chip, bool absent)
{
	memset(&uart, 0, sizeof(uart));
	uart.chip = chip;
	uart.absent = absent;
	registered = NULL;
}

/* Until the line is idle: what the driver wrote has gone out. */
static void drain(void)
{
	while (uart.queued || uart.shifting)
		tick();
}

static const char text[] =
    "osv: a line long enough to need several bursts of sixteen\n"
    "and a second, with\nshort\nlines and a last without newline";

/* The text as the wire carries it: each "\n" as "\r\n". */
static size_t expected(char *out)
{
	size_t n = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			out[n++] = '\r';
		out[n++] = *p;
	}
	return n;
}

static void check_chip(enum chip chip, const char *name, bool fifo)
{
	boot(chip, false);
	int r = sim_driver_init();
	TAP_OK(r == 0 && registered && registered->write,
	       "%s: the console registers", name);
	if (!registered)
		return;
	uart.busy_writes = 0;
	/* in pieces, as kprintf writes */
	registered->write(text, 30);
	registered->write(text + 30, strlen(text) - 30);
	drain();
	char want[2 * sizeof(text)];
	size_t n = expected(want);
	TAP_OK(uart.lost == 0, "%s: no byte lost (%lu)", name, uart.lost);
	TAP_OK(uart.line_len == n && !memcmp(uart.line, want, n),
	       "%s: the line carries the text, \\r before \\n (%zu of %zu "
	       "bytes)",
	       name, uart.line_len, n);
	if (fifo)
		TAP_OK(uart.busy_writes > 0,
		       "%s: bytes go into the FIFO behind others, %lu times",
		       name, uart.busy_writes);
	else
		TAP_OK(uart.busy_writes == 0,
		       "%s: THR never written while THRE is clear (%lu times)",
		       name, uart.busy_writes);
}

/* The outer write's byte that faults: 4 into its second burst. */
#define FAULT_AT 20
static const char inner[] = "[a write inside the other, 30]";

static void write_inner(void)
{
	registered->write(inner, strlen(inner));
}

static void check_nested(void)
{
	boot(UART_16550A, false);
	sim_driver_init();
	const char outer[] = "the outer write, faulting 20 bytes in, line\n";
	const char *p =
	    fault_page_place(outer, strlen(outer), FAULT_AT, write_inner);
	if (!p || !registered) {
		TAP_OK(false, "a write inside a write: set up");
		return;
	}
	registered->write(p, strlen(outer));
	drain();
	char want[128];
	size_t n = 0;
	memcpy(want, outer, FAULT_AT);
	n = FAULT_AT;
	memcpy(want + n, inner, strlen(inner));
	n += strlen(inner);
	memcpy(want + n, outer + FAULT_AT, strlen(outer) - FAULT_AT - 1);
	n += strlen(outer) - FAULT_AT - 1;
	memcpy(want + n, "\r\n", 2);
	n += 2;
	TAP_OK(fault_page_faults == 1,
	       "a write inside a write: the fault came");
	TAP_OK(uart.lost == 0,
	       "a write inside a write: the outer one counts its bytes, the "
	       "FIFO never overfills (%lu bytes lost)",
	       uart.lost);
	TAP_OK(uart.line_len == n && !memcmp(uart.line, want, n),
	       "a write inside a write: goes out in its place, whole (%zu of "
	       "%zu bytes)",
	       uart.line_len, n);
}

int main(void)
{
	boot(UART_16550A, true);
	TAP_OK(sim_driver_init() < 0 && !registered,
	       "no UART at COM1: no console");
	check_chip(UART_16550A, "16550A", true);
	check_chip(UART_16450, "16450 (no FIFO)", false);
	check_chip(UART_16550_BROKEN_FIFO, "16550 (broken FIFO)", false);
	check_nested();
	return tap_done();
}
