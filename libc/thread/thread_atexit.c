/*
 * Per-thread destructors of C++ thread_local objects: what
 * __cxa_thread_atexit_impl() should register once threads exist (it is
 * libc/stdlib/atexit.c's, which for now keeps one list for exit()).
 * They run, newest first, when their thread ends, before the keys'
 * destructors.
 */
#include "mm.h"
#include "pthread_impl.h"

int osv_thread_atexit(void (*fn)(void *), void *obj)
{
	struct pthread *self = osv_pthread_self();
	struct tls_dtor *d = self ? heap_alloc(sizeof(*d)) : NULL;
	if (!d)
		return -1;
	d->fn = fn;
	d->obj = obj;
	d->next = self->tls_dtors;
	self->tls_dtors = d;
	return 0;
}

void osv_thread_run_tls_dtors(struct pthread *self)
{
	struct tls_dtor *d;
	while ((d = self->tls_dtors)) {
		self->tls_dtors = d->next;
		d->fn(d->obj);
		heap_free(d);
	}
}
