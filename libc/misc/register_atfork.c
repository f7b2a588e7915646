/*
 * __register_atfork(): what glibc's pthread_atfork (linked into each
 * program from libc_nonshared.a) calls.  The handlers are recorded with
 * their object, in order, as glibc records them; there is no fork() to
 * run them (it fails with ENOSYS), so they are only kept.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct atfork_handler {
	void (*prepare)(void);
	void (*parent)(void);
	void (*child)(void);
	void *dso;
};

static struct atfork_handler *handlers;
static size_t count, cap;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int __register_atfork(void (*prepare)(void), void (*parent)(void),
		      void (*child)(void), void *dso);

int __register_atfork(void (*prepare)(void), void (*parent)(void),
		      void (*child)(void), void *dso)
{
	int r = 0;

	pthread_mutex_lock(&lock);
	if (count == cap) {
		size_t n = cap ? 2 * cap : 8;
		struct atfork_handler *h = realloc(handlers, n * sizeof(*h));
		if (!h) {
			r = ENOMEM;
			goto out;
		}
		handlers = h;
		cap = n;
	}
	handlers[count++] =
	    (struct atfork_handler){prepare, parent, child, dso};
out:
	pthread_mutex_unlock(&lock);
	return r;
}
