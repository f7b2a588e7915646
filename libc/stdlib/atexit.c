/*
 * Exit handlers: atexit(), __cxa_atexit() (what C++ static destructors
 * and glibc's libc_nonshared atexit() register, with the registering
 * object's __dso_handle), __cxa_finalize() (run one object's handlers,
 * when it is unloaded) and __cxa_thread_atexit_impl() (thread_local
 * destructors: per thread, kept by libc/thread/thread_atexit.c; exit()
 * runs the calling thread's first, as glibc does).
 *
 * Each list is an array run from the end; a handler that registers
 * another makes it the next to run.  A handler that has run is cleared
 * in place, so that it never runs twice.
 */
#include <stdlib.h>

#include "../thread/pthread_impl.h"
#include "exit_impl.h"

struct handler {
	void (*fn)(void *arg); /* NULL once run */
	void *arg;
	void *dso;
	int plain; /* registered by atexit(): fn takes no argument */
};

struct handler_list {
	struct handler *items;
	size_t count, cap;
};

static struct handler_list exit_handlers;

int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);
int __cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso);
void __cxa_finalize(void *dso);

static int add(struct handler_list *l, struct handler h)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct handler *items = realloc(l->items, cap * sizeof(*items));
		if (!items)
			return -1;
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = h;
	return 0;
}

int __cxa_atexit(void (*fn)(void *), void *arg, void *dso)
{
	return add(&exit_handlers, (struct handler){fn, arg, dso, 0});
}

int atexit(void (*fn)(void))
{
	return add(&exit_handlers,
		   (struct handler){(void (*)(void *))fn, NULL, NULL, 1});
}

int __cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso)
{
	return osv_thread_atexit(fn, obj, dso);
}

static void call(struct handler h)
{
	if (h.plain)
		((void (*)(void))h.fn)();
	else
		h.fn(h.arg);
}

/*
 * Runs l's handlers of dso (all when dso is NULL), last first.  Handlers
 * a handler adds go to the end, so the scan restarts there; the ones
 * already run are cleared and skipped.
 */
static void run_list(struct handler_list *l, void *dso)
{
	for (size_t i = l->count; i-- > 0;) {
		struct handler h = l->items[i];
		if (!h.fn || (dso && h.dso != dso))
			continue;
		l->items[i].fn = NULL;
		size_t before = l->count;
		call(h);
		if (l->count > before)
			i = l->count;
	}
}

void __cxa_finalize(void *dso)
{
	run_list(&exit_handlers, dso);
}

void osv_exit_run_handlers(void)
{
	/*
	 * A thread_local destructor gave the thread its descriptor when it
	 * was registered: without one there is none to run, and none is
	 * made just to find that out.
	 */
	struct pthread *self = thread_libc_data(thread_current());
	if (self)
		osv_thread_run_tls_dtors(self);
	run_list(&exit_handlers, NULL);
}
