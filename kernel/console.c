/* The console registry (see console.h). */
#include "console.h"
#include "clock.h"
#include "thread.h"

static struct console *consoles;
static bool mid_line; /* the last byte written was not a newline */

/* Its lock serialises reads: drivers' read functions are not reentrant. */
static struct waitq input_wq = WAITQ_INIT;
static unsigned long input_waits;
static bool input_started; /* the consoles' start_input() were called */

void console_register(struct console *c)
{
	struct console **p = &consoles;
	while (*p)
		p = &(*p)->next;
	c->next = NULL;
	*p = c;
}

/*
 * The input interrupts start at the first read, out of the lock: the
 * drivers route them, which takes other locks and may print.  A reader
 * that comes while another is starting them polls until the console
 * says it signals input (input_irq), so nothing waits for a wake-up
 * that cannot come.
 */
static void start_input(void)
{
	if (__atomic_load_n(&input_started, __ATOMIC_ACQUIRE) ||
	    __atomic_exchange_n(&input_started, true, __ATOMIC_ACQ_REL))
		return;
	for (struct console *c = consoles; c; c = c->next)
		if (c->start_input)
			c->start_input();
}

/* Nothing is written for n == 0: the drivers' loops need no test. */
void console_write(const char *p, size_t n)
{
	if (!n)
		return;
	for (struct console *c = consoles; c; c = c->next)
		c->write(p, n);
	mid_line = p[n - 1] != '\n';
}

bool console_mid_line(void)
{
	return mid_line;
}

void console_input_ready(void)
{
	waitq_wake(&input_wq, 1 << 30);
}

static int read_locked(void)
{
	for (struct console *c = consoles; c; c = c->next) {
		int ch = c->read ? c->read() : -1;
		if (ch >= 0)
			return ch;
	}
	return -1;
}

int console_read(void)
{
	start_input();
	unsigned long flags = spin_lock(&input_wq.lock);
	int ch = read_locked();
	spin_unlock(&input_wq.lock, flags);
	return ch;
}

static bool all_signal_input(void)
{
	for (struct console *c = consoles; c; c = c->next)
		if (c->read && !c->input_irq)
			return false;
	return true;
}

int console_read_wait(void)
{
	start_input();
	unsigned long flags = spin_lock(&input_wq.lock);
	int ch;
	while ((ch = read_locked()) < 0) {
		input_waits++;
		uint64_t deadline = all_signal_input()
					? THREAD_NO_DEADLINE
					: clock_monotonic() + CONSOLE_POLL_NS;
		waitq_wait_locked(&input_wq, deadline, false);
	}
	spin_unlock(&input_wq.lock, flags);
	return ch;
}

unsigned long console_input_waits(void)
{
	return input_waits;
}
