/*
 * The buffer of a stream and its output side (see stdio_impl.h for the
 * invariants of the pointers).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fd_io.h"
#include "stdio_impl.h"

void osv_stdio_set_idle(struct stream *s)
{
	char *b = s->f._IO_buf_base;

	s->in_pushback = false;
	s->f._IO_read_base = s->f._IO_read_ptr = s->f._IO_read_end = b;
	s->f._IO_write_base = s->f._IO_write_ptr = s->f._IO_write_end = b;
	s->f._flags &= ~F_WRITING;
}

/*
 * As in glibc: a stream over a terminal is line buffered unless
 * setvbuf() said otherwise, and a file's buffer is its block size when
 * that is below BUFSIZ.  Returns the size for the buffer.
 */
static size_t choose_buffering(struct stream *s)
{
	size_t size = BUFSIZ;
	struct stat st;
	int saved = errno;

	if (s->f._fileno >= 0 && fstat(s->f._fileno, &st) == 0) {
		if (!s->mode_chosen && S_ISCHR(st.st_mode) &&
		    isatty(s->f._fileno))
			s->f._flags |= F_LINEBUF;
		if (st.st_blksize > 0 && st.st_blksize < BUFSIZ)
			size = (size_t)st.st_blksize;
	}
	errno = saved;
	s->mode_chosen = true;
	return size;
}

/* Without memory for a buffer the stream is unbuffered. */
void osv_stdio_alloc_buffer(struct stream *s)
{
	if (s->f._IO_buf_base)
		return;
	size_t size = choose_buffering(s);
	char *buf = NULL;
	if (!(s->f._flags & F_UNBUF)) {
		buf = malloc(size);
		if (!buf)
			s->f._flags = (s->f._flags & ~F_LINEBUF) | F_UNBUF;
	}
	if (buf) {
		s->own_buf = true;
		s->f._IO_buf_base = buf;
		s->f._IO_buf_end = buf + size;
	} else {
		s->f._IO_buf_base = s->f._shortbuf;
		s->f._IO_buf_end = s->f._shortbuf + 1;
	}
	osv_stdio_set_idle(s);
}

void osv_stdio_drop_buffer(struct stream *s)
{
	if (s->own_buf)
		free(s->f._IO_buf_base);
	s->own_buf = false;
	s->f._IO_buf_base = s->f._IO_buf_end = NULL;
	osv_stdio_set_idle(s);
}

/*
 * Writes n bytes with one call of the cookie's write function; returns
 * how many went.  A short count is an error, as glibc has it for cookie
 * streams (the descriptor cookie retries short writes itself), and so is
 * a missing write function.
 */
static size_t write_direct(struct stream *s, const char *p, size_t n)
{
	ssize_t k = s->io.write ? s->io.write(s->cookie, p, n) : -1;

	if (k < 0 || (size_t)k < n) {
		s->f._flags |= F_ERR;
		return k < 0 ? 0 : (size_t)k;
	}
	return n;
}

/*
 * What the buffer holds goes out.  What could not is dropped, as glibc
 * drops it: the error indicator says so, and the position stays that of
 * the bytes written (a full fmemopen buffer does not grow a backlog).
 */
int osv_stdio_write_out(struct stream *s)
{
	char *base = s->f._IO_write_base;
	size_t n = (size_t)(s->f._IO_write_ptr - base);
	size_t done = write_direct(s, base, n);

	s->f._IO_write_ptr = base;
	return done < n ? EOF : 0;
}

static size_t unread_area(char *ptr, char *end)
{
	return (size_t)(end - ptr);
}

size_t osv_stdio_unread(const struct stream *s)
{
	size_t n = unread_area(s->f._IO_read_ptr, s->f._IO_read_end);
	if (s->in_pushback)
		n += unread_area(s->main_ptr, s->main_end);
	return n;
}

/*
 * Input read ahead goes back to the cookie (a seek back), so that the
 * cookie's position is the stream's.  A cookie that cannot seek keeps
 * it in the buffer, as glibc does for pipes and terminals.
 */
int osv_stdio_sync(struct stream *s)
{
	if (s->f._flags & F_WRITING) {
		if (osv_stdio_write_out(s))
			return EOF;
		osv_stdio_set_idle(s);
		return 0;
	}
	off64_t back = -(off64_t)osv_stdio_unread(s);
	if (back == 0) {
		osv_stdio_set_idle(s);
		return 0;
	}
	int saved = errno;
	if (s->io.seek && s->io.seek(s->cookie, &back, SEEK_CUR) == 0) {
		osv_stdio_set_idle(s);
		return 0;
	}
	if (!s->io.seek || errno == ESPIPE) {
		errno = saved;
		return 0;
	}
	s->f._flags |= F_ERR;
	return EOF;
}

static int begin_write(struct stream *s)
{
	if (s->f._flags & F_NOWR) {
		s->f._flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	if (s->f._flags & F_WRITING)
		return 0;
	if (s->f._IO_buf_base)
		osv_stdio_sync(s);
	else /* a fresh buffer is idle: nothing read to give back */
		osv_stdio_alloc_buffer(s);
	osv_stdio_set_idle(s);
	s->f._flags |= F_WRITING;
	if (!(s->f._flags & (F_LINEBUF | F_UNBUF)))
		s->f._IO_write_end = s->f._IO_buf_end;
	return 0;
}

/* Fully buffered output: big blocks skip the buffer. */
static size_t put_buffered(struct stream *s, const char *p, size_t n)
{
	if (n <= (size_t)(s->f._IO_buf_end - s->f._IO_write_ptr)) {
		memcpy(s->f._IO_write_ptr, p, n);
		s->f._IO_write_ptr += n;
		return n;
	}
	if (osv_stdio_write_out(s))
		return 0;
	if (n >= (size_t)(s->f._IO_buf_end - s->f._IO_buf_base))
		return write_direct(s, p, n);
	memcpy(s->f._IO_write_ptr, p, n);
	s->f._IO_write_ptr += n;
	return n;
}

size_t osv_stdio_write(struct stream *s, const char *p, size_t n)
{
	if (begin_write(s))
		return 0;
	if (s->f._flags & F_UNBUF)
		return write_direct(s, p, n);
	if (s->f._flags & F_LINEBUF) {
		/* Up to the last newline goes out now, the rest waits. */
		const char *nl = memrchr(p, '\n', n);
		if (nl) {
			size_t head = (size_t)(nl - p) + 1;
			size_t done = put_buffered(s, p, head);
			if (done < head || osv_stdio_write_out(s))
				return done;
			return head + put_buffered(s, p + head, n - head);
		}
	}
	return put_buffered(s, p, n);
}

int osv_stdio_flush(struct stream *s)
{
	if (s->f._flags & F_WRITING)
		return osv_stdio_write_out(s);
	return osv_stdio_sync(s);
}

int __overflow(FILE *f, int c)
{
	struct stream *s = to_stream(f);
	unsigned char ch = (unsigned char)c;

	if (!stream_orient(s, -1))
		return EOF;
	if (c == EOF)
		return osv_stdio_flush(s);
	return osv_stdio_write(s, (const char *)&ch, 1) == 1 ? ch : EOF;
}
