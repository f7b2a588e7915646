/*
 * h_errno: the resolver's error, each thread's own as glibc's, kept in
 * the thread's descriptor beside its other libc state.
 */
#include <netdb.h>

#include "../thread/pthread_impl.h"

/* Shared only by threads whose descriptor could not be allocated. */
static int without_descriptor;

int *__h_errno_location(void)
{
	struct pthread *self = osv_pthread_self();
	return self ? &self->h_errno_value : &without_descriptor;
}
