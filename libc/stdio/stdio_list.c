/*
 * The list of open streams (linked through _chain, newest first), for
 * fflush(NULL) and the flush at exit.  Lock order: the list, then a
 * stream.
 */
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;

void osv_stdio_init(struct stream *s, void *cookie, cookie_io_functions_t io,
		    int fflags, int fd)
{
	s->f._flags = F_MAGIC | fflags;
	s->f._fileno = fd;
	s->f._mode = 0;
	s->f._lock = &s->lock;
	s->io = io;
	s->cookie = cookie;
	s->own_buf = false;
	s->mode_chosen = false;
	s->f._IO_buf_base = s->f._IO_buf_end = NULL;
	osv_stdio_set_idle(s);
}

struct stream *osv_stdio_new(void *cookie, cookie_io_functions_t io, int fflags,
			     int fd)
{
	struct stream *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&s->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	osv_stdio_init(s, cookie, io, fflags, fd);

	pthread_mutex_lock(&list_lock);
	s->f._chain = osv_stdio_head;
	osv_stdio_head = &s->f;
	pthread_mutex_unlock(&list_lock);
	return s;
}

void osv_stdio_unlink(struct stream *s)
{
	pthread_mutex_lock(&list_lock);
	for (FILE **p = &osv_stdio_head; *p; p = &(*p)->_chain) {
		if (*p == &s->f) {
			*p = s->f._chain;
			break;
		}
	}
	s->f._chain = NULL;
	pthread_mutex_unlock(&list_lock);
}

int osv_stdio_each(int (*fn)(struct stream *s))
{
	int r = 0;

	pthread_mutex_lock(&list_lock);
	for (FILE *f = osv_stdio_head; f; f = f->_chain)
		if (fn(to_stream(f)) == EOF)
			r = EOF;
	pthread_mutex_unlock(&list_lock);
	return r;
}

static int flush_output(struct stream *s)
{
	return s->f._flags & F_WRITING ? osv_stdio_write_out(s) : 0;
}

/*
 * At exit the streams are flushed without their locks (as glibc does),
 * so that a thread holding one cannot hang the exit.
 */
void osv_stdio_exit_flush(void)
{
	for (FILE *f = osv_stdio_head; f; f = f->_chain)
		flush_output(to_stream(f));
}
