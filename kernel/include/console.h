/*
 * The console: where kernel and application output goes, and where
 * keyboard-less input comes from.  Console drivers register themselves;
 * output goes to every registered console, input comes from the first
 * that has some.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

struct console {
	const char *name;
	/* n >= 1; interrupts masked, one write at a time (console_write) */
	void (*write)(const char *p, size_t n);
	int (*read)(void); /* next byte, or -1 when none is waiting */
	/*
	 * True once the driver calls console_input_ready() whenever input
	 * arrives; while every console with input does, readers sleep
	 * instead of polling.
	 */
	bool input_irq;
	/*
	 * Optional: called once, in thread context, before the first read
	 * of the console input (console_read*()), to turn on the input
	 * interrupt then rather than at every boot (an application that
	 * never reads pays nothing).  The driver keeps what arrives before
	 * (in the device, or unread at the host) for that read.  A console
	 * registered after that first read is started at its registration.
	 */
	void (*start_input)(void);
	bool input_started; /* console.c's: start_input was called */
	struct console *next;
};

/*
 * Adds c to the consoles.  Once input has started (a read, or a look
 * at what is pending), c's start_input is called at once (thread
 * context, interrupts enabled), and waiting readers look again, so
 * they read c too, polling it if it cannot signal input.
 */
void console_register(struct console *c);

/* For drivers: input arrived (any context); wakes the waiting readers. */
void console_input_ready(void);

/* What console_input_ready() notifies (the console file's poll_src). */
extern struct file_poll_src console_input_src;

/*
 * Writes the n bytes to every console, together: a write from another
 * thread, CPU or interrupt handler goes before or after them, never in
 * between.  A write of more than 512 bytes goes in pieces, each ending
 * at a newline where it can: others' output may come between pieces,
 * never inside a line that fits.  Any context; interrupts are masked
 * while a piece goes out (a driver's write() is called so, and must not
 * sleep).  A fault or a panic inside a write prints at once, in the
 * middle of it (see console_seize()).
 */
void console_write(const char *p, size_t n);

/*
 * For a report that ends the machine (a panic, a fatal fault): takes
 * the console for good, interrupts masked, so that the report's writes
 * (made by this thread, which holds it) go out as one block that no
 * other thread, interrupt handler or CPU can break into; their writes
 * wait for ever, and the machine powers off after the report.  A write
 * going out on another CPU ends first.  Inside a write of this thread's
 * (the report comes from a fault or panic in a driver's write) the
 * console is already its holder's, and stays so.
 */
void console_seize(void);

/* True when the last byte written was not a newline. */
bool console_mid_line(void);

/* Next input byte, or -1 when no console has one waiting. */
int console_read(void);

/*
 * How many input bytes are waiting (FIONREAD, poll): the consoles'
 * bytes are taken into a buffer of CONSOLE_INPUT_BUFFER bytes, which
 * the next reads take first.  Starts the input as a read does.
 */
#define CONSOLE_INPUT_BUFFER 256
size_t console_input_pending(void);

/* True when every console with input signals it (no polling needed). */
bool console_input_signalled(void);

/*
 * Next input byte, waiting for one: asleep until a console signals
 * input, or, while some console cannot signal, waking every
 * CONSOLE_POLL_NS to poll.  Interrupts must be enabled.
 */
#define CONSOLE_POLL_NS 10000000ULL
int console_read_wait(void);

/* Times a waiting reader found no input (woken, or polling). */
unsigned long console_input_waits(void);

#endif
