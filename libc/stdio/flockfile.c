/*
 * Locking a stream for a sequence of operations.  The lock is recursive:
 * every stdio function takes it too.
 */
#include "stdio_impl.h"

void flockfile(FILE *f)
{
	pthread_mutex_lock(&to_stream(f)->lock);
}

int ftrylockfile(FILE *f)
{
	return pthread_mutex_trylock(&to_stream(f)->lock) ? -1 : 0;
}

void funlockfile(FILE *f)
{
	pthread_mutex_unlock(&to_stream(f)->lock);
}
