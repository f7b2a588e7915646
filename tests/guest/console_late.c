/*
 * Consoles registered after the console's first read (console.h): the
 * first read starts the input of the consoles then registered (the
 * serial port's IRQ 4); one registered later must be started at its
 * registration, and a reader already asleep must read it, even when it
 * cannot signal input (the reader then has to poll it).  Also what
 * FIONREAD and poll rely on: console_input_pending() counts the
 * waiting bytes without losing them for the next reads.
 */
#include <stdio.h>

#include "app.h"
#include "clock.h"
#include "console.h"
#include "thread.h"

static void discard(const char *p, size_t n)
{
	(void)p;
	(void)n;
}

/* A console that signals input once started. */
static int signalling_starts;
static struct console signalling;

static void signalling_start(void)
{
	signalling_starts++;
	signalling.input_irq = true;
}

static int no_input(void)
{
	return -1;
}

static struct console signalling = {
    .name = "late-irq",
    .write = discard,
    .read = no_input,
    .start_input = signalling_start,
};

/* A console that cannot signal: it has to be polled. */
static const char *quiet_input;

static int quiet_read(void)
{
	if (!quiet_input || !*quiet_input)
		return -1;
	return (unsigned char)*quiet_input++;
}

static struct console quiet = {
    .name = "late-polled",
    .write = discard,
    .read = quiet_read,
};

static volatile int reader_got = -1;

static void reader(void *arg)
{
	(void)arg;
	reader_got = console_read_wait();
}

static void sleep_ms(unsigned ms)
{
	thread_sleep_until(clock_monotonic() + ms * 1000000ULL, false);
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("first read: %d\n", console_read()); /* nothing typed: -1 */
	console_register(&signalling);
	printf("late console starts: %d\n", signalling_starts);
	printf("every console signals input: %s\n",
	       console_input_signalled() ? "yes" : "no");

	struct thread *t = thread_create(reader, NULL, NULL);
	sleep_ms(100); /* the reader is asleep, with no deadline */
	quiet_input = "xyz";
	console_register(&quiet);
	for (unsigned i = 0; i < 200 && reader_got < 0; i++)
		sleep_ms(10);
	printf("asleep reader read the late console: %s\n",
	       reader_got == 'x' ? "yes" : "no");
	if (reader_got < 0) {
		/* let it finish, so the machine can stop */
		quiet_input = "x";
		console_input_ready();
	}
	thread_join(t, false);

	printf("pending: %zu\n", console_input_pending());
	printf("pending again: %zu\n", console_input_pending());
	int a = console_read(), b = console_read(), c = console_read();
	printf("then read: %c%c, then %d\n", a, b, c);
	return 0;
}
