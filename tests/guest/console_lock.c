/*
 * Console writes go out whole (console.h).  With no argument: two
 * threads write long lines to descriptor 1 (the console file, as an
 * application's stdout), A a line a write, B five (see BATCH), while a timer
 * prints lines of its own from its interrupt, every TICK_NS; the test script
 * counts, in the serial console's output, the lines that came out whole.
 * One CPU: the threads are preempted at the end of their slices, the
 * timer interrupts them, both in the middle of a line unless the write
 * holds them off.  Then the summary says how many of each were written.
 *
 * "panic" and "fault": a console whose write panics, or writes through
 * NULL, inside a console write; the report must still be printed (by
 * the serial console), and the machine power off, rather than the
 * report wait for the write it interrupted.  "panic-block",
 * "fault-block" and "panic-cut": see report_whole().
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "console.h"
#include "debug.h"
#include "fs_calls.h"
#include "irq.h"
#include "klog.h"
#include "thread.h"
#include "timer.h"

#define LINES 200
#define FILL 96
#define TICK_NS 200000ULL

/*
 * Writer A writes each line with a write of its own; B writes BATCH
 * lines at a time, more than console_write sends under one taking of
 * its lock, so its pieces must end at newlines.
 */
#define BATCH 5

static void write_lines(void *arg)
{
	char name = *(const char *)arg;
	unsigned batch = name == 'B' ? BATCH : 1;
	char lines[BATCH * (64 + FILL)];
	size_t len = 0;
	for (unsigned i = 0; i < LINES; i++) {
		char *line = lines + len;
		int n =
		    snprintf(line, 64, "console_lock writer %c %04u ", name, i);
		memset(line + n, name, FILL);
		line[n + FILL] = '\n';
		len += (size_t)n + FILL + 1;
		if ((i + 1) % batch == 0 || i + 1 == LINES) {
			fs_write(1, lines, len);
			len = 0;
		}
	}
}

static volatile bool ticking;
static volatile unsigned ticks;

static void tick(struct timer *t)
{
	kprintf("console_lock tick %04u "
		"TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT\n",
		ticks++);
	if (ticking)
		timer_arm(t, clock_monotonic() + TICK_NS);
}

static int write_concurrently(void)
{
	static struct timer timer;
	timer_setup(&timer, tick, NULL);
	ticking = true;
	timer_arm(&timer, clock_monotonic() + TICK_NS);
	struct thread *a = thread_create(write_lines, "A", NULL);
	struct thread *b = thread_create(write_lines, "B", NULL);
	if (!a || !b) {
		printf("console_lock: out of memory for the writers\n");
		return 1;
	}
	thread_join(a, false);
	thread_join(b, false);
	ticking = false;
	timer_cancel(&timer);
	printf("console_lock: lines written: %u and %u, ticks printed: %u\n",
	       LINES, LINES, ticks);
	return 0;
}

static volatile bool trap_armed, trap_faults;

__attribute__((noipa)) void console_lock_trap(const char *p, size_t n)
{
	(void)p;
	(void)n;
	if (!trap_armed)
		return;
	trap_armed = false;
	if (trap_faults)
		*(volatile int *)0 = 1;
	panic("inside a console write");
}

static struct console trap = {
    .name = "trap",
    .write = console_lock_trap,
};

/*
 * "panic-block" and "fault-block": a panic, or a fault, from a thread
 * with interrupts enabled.  A console (watch) that sees a write begin
 * with "osv: " sends its CPU an interrupt, whose handler prints a line:
 * the interrupt is pending as the report's first write ends, and gets
 * in at the first moment the report lets interrupts in.  The report
 * must come out whole, the handler's line nowhere inside it.  First,
 * the same on a line of the program's own shows that the interrupt
 * does come, right after the write that sent it.
 */
static int watch_vector;
static volatile unsigned interrupts_taken;
static volatile bool watch_sent_control, watch_sent_report;

static void watch_interrupt(void *arg)
{
	(void)arg;
	kprintf("console_lock: interrupt %u between two writes\n",
		++interrupts_taken);
}

static void watch_write(const char *p, size_t n)
{
	if (!watch_sent_control && n >= 13 && !memcmp(p, "console_lock:", 13)) {
		watch_sent_control = true;
		irq_send_self((unsigned)watch_vector);
	} else if (!watch_sent_report && n >= 5 && !memcmp(p, "osv: ", 5)) {
		watch_sent_report = true;
		irq_send_self((unsigned)watch_vector);
	}
}

static struct console watch = {
    .name = "watch",
    .write = watch_write,
};

/*
 * Longer than kprintf's buffer of 256: a message in several writes.
 * "panic-cut" panics with one longer than panic's 1 KiB, which is cut.
 */
#define LONG_MESSAGE 600
#define CUT_MESSAGE 2000
static size_t message_length = LONG_MESSAGE;

__attribute__((noipa)) void console_lock_report(bool fault)
{
	if (fault)
		*(volatile int *)0 = 1;
	static char message[CUT_MESSAGE + 1];
	memset(message, 'P', message_length);
	panic("console_lock long %s", message);
}

static int report_whole(bool fault)
{
	watch_vector = irq_alloc_vector();
	if (watch_vector < 0) {
		printf("console_lock: no vector for the interrupt\n");
		return 1;
	}
	irq_set_handler((unsigned)watch_vector, watch_interrupt, NULL);
	console_register(&watch);
	kprintf("console_lock: an interrupt to come after this line\n");
	printf("console_lock: interrupts taken after the control line: %u\n",
	       interrupts_taken);
	console_lock_report(fault);
	printf("console_lock: no report\n");
	return 1;
}

int app_main(int argc, char **argv)
{
	if (argc < 2)
		return write_concurrently();
	if (!strcmp(argv[1], "panic-cut"))
		message_length = CUT_MESSAGE;
	if (!strcmp(argv[1], "panic-block") ||
	    !strcmp(argv[1], "fault-block") || !strcmp(argv[1], "panic-cut"))
		return report_whole(argv[1][0] == 'f');
	trap_faults = !strcmp(argv[1], "fault");
	if (!trap_faults && strcmp(argv[1], "panic")) {
		printf("console_lock: unknown mode %s (panic, fault, "
		       "panic-block, fault-block, panic-cut)\n",
		       argv[1]);
		return 1;
	}
	console_register(&trap);
	trap_armed = true;
	kprintf("console_lock: into the trap\n");
	printf("console_lock: the trap did not go off\n");
	return 1;
}
