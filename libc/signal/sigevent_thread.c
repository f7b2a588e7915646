/*
 * SIGEV_THREAD notifications (POSIX timers, asynchronous I/O): the
 * function runs in a new detached thread, with the attributes the
 * sigevent names.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "signal_impl.h"

struct thread_call {
	void (*fn)(union sigval);
	union sigval value;
};

static void *run_notify(void *arg)
{
	struct thread_call c = *(struct thread_call *)arg;
	free(arg);
	c.fn(c.value);
	return NULL;
}

void osv_sigevent_thread(const struct sigevent *ev)
{
	struct thread_call *c = malloc(sizeof(*c));
	pthread_attr_t own, *attr = ev->sigev_notify_attributes;
	pthread_t t;
	if (!c)
		return; /* no memory: the notification is lost */
	c->fn = ev->sigev_notify_function;
	c->value = ev->sigev_value;
	if (!attr) {
		pthread_attr_init(&own);
		attr = &own;
	}
	pthread_attr_setdetachstate(attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, attr, run_notify, c) != 0)
		free(c);
	if (attr == &own)
		pthread_attr_destroy(&own);
}
