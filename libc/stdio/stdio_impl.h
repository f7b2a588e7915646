/*
 * Streams: the private side of FILE.  Nothing here is visible outside
 * libc/stdio.
 *
 * A stream is glibc's public struct _IO_FILE followed by our own state.
 * Every stream transfers through four cookie functions, as
 * fopencookie() streams do: streams over file descriptors (fd_stream.c)
 * and over memory (fmemopen.c, open_memstream.c) are cookie streams with
 * cookies of their own.
 *
 * The buffer [_IO_buf_base, _IO_buf_end) is used in one direction at a
 * time, and the pointers keep the invariants programs built against
 * glibc's headers rely on when they read and write inline:
 *  - reading: [_IO_read_ptr, _IO_read_end) holds the bytes not yet
 *    taken; _IO_write_ptr == _IO_write_end, so putc calls __overflow;
 *  - writing (F_WRITING): [_IO_write_base, _IO_write_ptr) waits to be
 *    written; _IO_read_ptr == _IO_read_end, so getc calls __uflow.
 *    _IO_write_end is _IO_buf_end for a fully buffered stream and
 *    _IO_write_base for line-buffered and unbuffered ones, so that every
 *    inline putc goes through __overflow, which looks for the newline.
 * Bytes pushed back by ungetc() that are not the ones just read go to
 * the push-back area: the read pointers then point into it, and the main
 * get area waits in main_{base,ptr,end} until the push-back is used up.
 */
#ifndef OSV_LIBC_STDIO_STDIO_IMPL_H
#define OSV_LIBC_STDIO_STDIO_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/single_threaded.h>

#include "libc.h"
#include "program_vars.h"

/* _flags: glibc's magic and bit values, so that debuggers read them. */
#define F_MAGIC 0xfbad0000
#define F_UNBUF 0x0002	   /* _IO_UNBUFFERED */
#define F_NORD 0x0004	   /* _IO_NO_READS */
#define F_NOWR 0x0008	   /* _IO_NO_WRITES */
#define F_EOF _IO_EOF_SEEN /* 0x0010 */
#define F_ERR _IO_ERR_SEEN /* 0x0020 */
#define F_LINEBUF 0x0200   /* _IO_LINE_BUF */
#define F_WRITING 0x0800   /* _IO_CURRENTLY_PUTTING */
#define F_APPEND 0x1000	   /* _IO_IS_APPENDING */

#define UNGET_MAX 64

struct stream {
	FILE f; /* first: a FILE * is a struct stream * */
	cookie_io_functions_t io;
	void *cookie;
	pthread_mutex_t lock; /* recursive; what flockfile() takes */
	bool own_buf;	      /* the buffer was allocated here */
	bool mode_chosen;     /* setvbuf was called, or the buffer exists */
	bool is_static;	      /* stdin, stdout, stderr: never freed */
	bool in_pushback;     /* the read pointers are in pushback[] */
	char *main_base, *main_ptr, *main_end;
	char pushback[UNGET_MAX];
};

static inline struct stream *to_stream(FILE *f)
{
	return (struct stream *)f;
}

/* The result of parsing an fopen() mode string. */
struct open_mode {
	int oflags; /* O_RDONLY ... O_APPEND, O_CREAT, O_TRUNC, O_EXCL ... */
	int fflags; /* F_NORD, F_NOWR, F_APPEND */
};

/* Parses "r", "w+", "ab", "rbe", ...: false (errno EINVAL) when bad. */
bool osv_stdio_parse_mode(const char *mode, struct open_mode *m) LIBC_HIDDEN;

/*
 * A new stream over a cookie, registered in the list of open streams;
 * NULL (errno ENOMEM) when out of memory.
 */
struct stream *osv_stdio_new(void *cookie, cookie_io_functions_t io, int fflags,
			     int fd) LIBC_HIDDEN;

/* Sets up a stream object in place (for new ones and freopen). */
void osv_stdio_init(struct stream *s, void *cookie, cookie_io_functions_t io,
		    int fflags, int fd) LIBC_HIDDEN;

/* Takes s off the list of open streams. */
void osv_stdio_unlink(struct stream *s) LIBC_HIDDEN;

/*
 * Calls fn on every open stream, under the list's lock: EOF when a call
 * returned EOF, else 0.
 */
int osv_stdio_each(int (*fn)(struct stream *s)) LIBC_HIDDEN;

/* The cookie functions of a stream over a file descriptor (fd_cookie.c). */
extern const cookie_io_functions_t osv_fd_io LIBC_HIDDEN;
ssize_t osv_fd_read(void *cookie, char *buf, size_t n) LIBC_HIDDEN;
ssize_t osv_fd_write(void *cookie, const char *buf, size_t n) LIBC_HIDDEN;
int osv_fd_seek(void *cookie, off64_t *pos, int whence) LIBC_HIDDEN;
int osv_fd_close(void *cookie) LIBC_HIDDEN;

/* The open streams, linked through _chain (stdio_list.c). */
extern FILE *osv_stdio_head LIBC_HIDDEN;

/*
 * The unlocked cores.  Each sets the error indicator (and errno) on a
 * failure of the cookie functions.
 */
int osv_stdio_flush(struct stream *s) LIBC_HIDDEN; /* 0 or EOF */
size_t osv_stdio_write(struct stream *s, const char *p, size_t n) LIBC_HIDDEN;
size_t osv_stdio_read(struct stream *s, char *p, size_t n) LIBC_HIDDEN;
/*
 * Output written, input read ahead given back (kept when the cookie
 * cannot seek): the stream is then idle.  0 or EOF.
 */
int osv_stdio_sync(struct stream *s) LIBC_HIDDEN;
off64_t osv_stdio_tell(struct stream *s) LIBC_HIDDEN;
int osv_stdio_seek(struct stream *s, off64_t off, int whence) LIBC_HIDDEN;
/* Flushes and closes the cookie: 0 or EOF. */
int osv_stdio_close_cookie(struct stream *s) LIBC_HIDDEN;
/* Frees what the stream allocated for its buffer. */
void osv_stdio_drop_buffer(struct stream *s) LIBC_HIDDEN;

/* Helpers of the buffer machinery (stream_buf.c). */
void osv_stdio_alloc_buffer(struct stream *s) LIBC_HIDDEN;
void osv_stdio_set_idle(struct stream *s) LIBC_HIDDEN;
int osv_stdio_write_out(struct stream *s) LIBC_HIDDEN; /* 0 or EOF */
/* Bytes read from the cookie but not yet taken (push-back included). */
size_t osv_stdio_unread(const struct stream *s) LIBC_HIDDEN;
/* Leaves the push-back area for the main get area. */
void osv_stdio_end_pushback(struct stream *s) LIBC_HIDDEN;
/* The next byte without taking it, reading when needed; or EOF. */
int osv_stdio_peek(struct stream *s) LIBC_HIDDEN;
/*
 * Reads up to max bytes into buf, stopping after a newline (fgets.c);
 * returns the count, not terminated.
 */
size_t osv_stdio_get_line(struct stream *s, char *buf, size_t max) LIBC_HIDDEN;
/* ungetc() without the lock. */
int osv_stdio_unget(struct stream *s, int c) LIBC_HIDDEN;

/*
 * Orientation (glibc's _mode): 0 until the first byte or wide-character
 * function, then -1 for bytes, 1 for wide characters, until freopen.
 * Gives the stream the orientation asked (wide > 0 or < 0) if it has
 * none: whether it has it.  The byte functions fail on a wide stream,
 * and the wide ones on a byte stream, as glibc's do.
 */
static inline bool stream_orient(struct stream *s, int wide)
{
	if (s->f._mode == 0)
		s->f._mode = wide > 0 ? 1 : -1;
	return (s->f._mode > 0) == (wide > 0);
}

/*
 * Wide characters on a stream, without the lock or the orientation
 * (wide_io.c): the bytes c is written as (1 to 6 of them, in buf);
 * writing and reading one character (WEOF on an error or the end).
 */
int osv_stdio_wide_bytes(char *buf, __WCHAR_TYPE__ c) LIBC_HIDDEN;
__WINT_TYPE__ osv_stdio_put_wide(struct stream *s, __WCHAR_TYPE__ c) LIBC_HIDDEN;
__WINT_TYPE__ osv_stdio_get_wide(struct stream *s) LIBC_HIDDEN;

/*
 * The lock every stdio function takes, skipped while the program has
 * one thread (__libc_single_threaded, libc/misc/single_threaded.c), as
 * glibc skips it.  flockfile() always locks, so a thread created while
 * the program holds a stream waits for it.  Like glibc's, the check is
 * made again at the unlock: a stream call that creates the second
 * thread from inside (a cookie function) is the one case left out.
 * An inline definition: a caller compiled for size calls the one
 * external definition (libc/stdio/fflush.c) instead of a copy of its own.
 */
inline bool stream_needs_lock(const struct stream *s) LIBC_HIDDEN;
inline bool stream_needs_lock(const struct stream *s)
{
	return !__atomic_load_n(&SINGLE_THREADED, __ATOMIC_RELAXED) &&
	       !(s->f._flags & _IO_USER_LOCK);
}

/*
 * Locks a stream the printf family is to write to and checks it: the
 * orientation (wide > 0 or < 0), then that it is writable (else EBADF
 * and the error indicator).  False, the lock released, when it is not
 * to be written (vfprintf.c).
 */
bool osv_stdio_begin_format(struct stream *s, int wide) LIBC_HIDDEN;

/* Inline definitions, as stream_needs_lock's. */
inline void stream_lock(struct stream *s) LIBC_HIDDEN;
inline void stream_lock(struct stream *s)
{
	if (stream_needs_lock(s))
		pthread_mutex_lock(&s->lock);
}

inline void stream_unlock(struct stream *s) LIBC_HIDDEN;
inline void stream_unlock(struct stream *s)
{
	if (stream_needs_lock(s))
		pthread_mutex_unlock(&s->lock);
}

#endif
