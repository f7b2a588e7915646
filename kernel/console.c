/*
 * The console registry (see console.h).
 *
 * Output is serialised by write_lock, held across a write (a piece of a
 * long one, see CONSOLE_PIECE_MAX) with interrupts masked, so that
 * nothing (another thread, an interrupt handler, another CPU) puts its
 * bytes in the middle of another's, nor into the transmit burst a driver
 * has begun.  Its holder is recorded:
 * a write that finds the lock held by the thread running it comes from
 * a fault or a panic inside a write on this CPU (nothing else runs on a
 * CPU whose holder has interrupts masked), and it prints at once rather
 * than wait for ever for itself.  A panic or a fatal fault takes the
 * lock for good (console_seize()): its whole report goes out as the
 * holder's writes.
 */
#include "console.h"
#include "clock.h"
#include "fd.h"
#include "thread.h"

static struct console *consoles;
static bool mid_line; /* the last byte written was not a newline */
static struct spinlock write_lock = SPINLOCK_INIT;
static struct thread *writer; /* holds write_lock, or NULL */

/* Its lock serialises reads: drivers' read functions are not reentrant. */
static struct waitq input_wq = WAITQ_INIT;
static unsigned long input_waits;
static bool input_started; /* the consoles' start_input() were called */

static void start_one(struct console *c)
{
	if (c->start_input &&
	    !__atomic_exchange_n(&c->input_started, true, __ATOMIC_ACQ_REL))
		c->start_input();
}
/*
 * Bytes taken from the consoles to count them (console_input_pending),
 * read before any console's; guarded by input_wq's lock.
 */
static unsigned char buffered[CONSOLE_INPUT_BUFFER];
static size_t buffered_head, buffered_len;

void console_register(struct console *c)
{
	struct console **p = &consoles;
	while (*p)
		p = &(*p)->next;
	c->next = NULL;
	/* a write on another CPU meanwhile finds c whole, or not at all */
	__atomic_store_n(p, c, __ATOMIC_RELEASE);
	/*
	 * The first read started the others; c's input starts now (a
	 * first read running meanwhile may find c too: start_one()
	 * starts it once).
	 */
	if (__atomic_load_n(&input_started, __ATOMIC_ACQUIRE)) {
		start_one(c);
		/* waiting readers may have to poll c, or it has input */
		console_input_ready();
	}
}

/*
 * The input interrupts start at the first read, out of the lock: the
 * drivers route them, which takes other locks and may print.  A reader
 * that comes while another is starting them polls until the console
 * says it signals input (input_irq), so nothing waits for a wake-up
 * that cannot come.  Consoles registered later start at registration.
 */
static void start_input(void)
{
	if (__atomic_load_n(&input_started, __ATOMIC_ACQUIRE) ||
	    __atomic_exchange_n(&input_started, true, __ATOMIC_ACQ_REL))
		return;
	for (struct console *c = consoles; c; c = c->next)
		start_one(c);
}

static void write_consoles(const char *p, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(p, n);
	mid_line = p[n - 1] != '\n';
}

/*
 * How much of a write goes out under one taking of the lock: at 115200
 * baud a real UART sends 512 bytes in 44 ms, as long as interrupts may
 * stay masked.  A longer write goes in pieces, each ending after its
 * last newline when it has one, so whole lines still never mix.
 */
#define CONSOLE_PIECE_MAX 512

static size_t piece_length(const char *p, size_t n)
{
	if (n <= CONSOLE_PIECE_MAX)
		return n;
	for (size_t len = CONSOLE_PIECE_MAX; len > 0; len--)
		if (p[len - 1] == '\n')
			return len;
	return CONSOLE_PIECE_MAX;
}

/*
 * Nothing is written for n == 0: the drivers' loops need no test.  With
 * no console yet nothing is either, and thread_current() is not read:
 * %gs may not point at the CPU's data before the consoles register.
 */
void console_write(const char *p, size_t n)
{
	if (!n || !consoles)
		return;
	struct thread *self = thread_current();
	if (__atomic_load_n(&writer, __ATOMIC_RELAXED) == self) {
		write_consoles(p, n); /* a fault or panic inside a write */
		return;
	}
	while (n) {
		size_t len = piece_length(p, n);
		unsigned long flags = spin_lock(&write_lock);
		__atomic_store_n(&writer, self, __ATOMIC_RELAXED);
		write_consoles(p, len);
		__atomic_store_n(&writer, NULL, __ATOMIC_RELAXED);
		spin_unlock(&write_lock, flags);
		p += len;
		n -= len;
	}
}

/*
 * Never released: the report's writes pass through as the holder's
 * (console_write), and nothing may come after it but the power off.
 */
void console_seize(void)
{
	irq_disable();
	if (!consoles)
		return;
	struct thread *self = thread_current();
	if (__atomic_load_n(&writer, __ATOMIC_RELAXED) == self)
		return;
	spin_lock_noirq(&write_lock);
	__atomic_store_n(&writer, self, __ATOMIC_RELAXED);
}

bool console_mid_line(void)
{
	return mid_line;
}

struct file_poll_src console_input_src;

void console_input_ready(void)
{
	waitq_wake(&input_wq, 1 << 30);
	file_poll_notify(&console_input_src, FILE_POLL_IN);
}

static int read_consoles_locked(void)
{
	for (struct console *c = consoles; c; c = c->next) {
		int ch = c->read ? c->read() : -1;
		if (ch >= 0)
			return ch;
	}
	return -1;
}

static int read_locked(void)
{
	if (!buffered_len)
		return read_consoles_locked();
	int ch = buffered[buffered_head];
	buffered_head = (buffered_head + 1) % CONSOLE_INPUT_BUFFER;
	buffered_len--;
	return ch;
}

size_t console_input_pending(void)
{
	start_input();
	unsigned long flags = spin_lock(&input_wq.lock);
	int ch;
	while (buffered_len < CONSOLE_INPUT_BUFFER &&
	       (ch = read_consoles_locked()) >= 0) {
		buffered[(buffered_head + buffered_len) %
			 CONSOLE_INPUT_BUFFER] = (unsigned char)ch;
		buffered_len++;
	}
	size_t n = buffered_len;
	spin_unlock(&input_wq.lock, flags);
	return n;
}

int console_read(void)
{
	start_input();
	unsigned long flags = spin_lock(&input_wq.lock);
	int ch = read_locked();
	spin_unlock(&input_wq.lock, flags);
	return ch;
}

bool console_input_signalled(void)
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
		uint64_t deadline = console_input_signalled()
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
