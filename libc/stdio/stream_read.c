/* The input side of a stream (see stdio_impl.h for the invariants). */
#include <errno.h>
#include <string.h>

#include "stdio_impl.h"

static int begin_read(struct stream *s)
{
	if (s->f._flags & F_NORD) {
		s->f._flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	osv_stdio_alloc_buffer(s);
	if (s->f._flags & F_WRITING) {
		if (osv_stdio_write_out(s))
			return EOF;
		osv_stdio_set_idle(s);
	}
	return 0;
}

/*
 * Before a line-buffered or unbuffered stream (a terminal) waits for
 * input, the prompt on stdout goes out, as in glibc.  stdout is only
 * tried: whoever holds it will flush it.
 */
static void flush_prompt(struct stream *s)
{
	struct stream *out = to_stream(STDOUT);

	if (!(s->f._flags & (F_LINEBUF | F_UNBUF)) || s == out)
		return;
	if (!(out->f._flags & F_LINEBUF) || !(out->f._flags & F_WRITING))
		return;
	if (ftrylockfile(&out->f) == 0) {
		osv_stdio_write_out(out);
		funlockfile(&out->f);
	}
}

/* Reads n bytes at most into p: the count, 0 at the end or an error. */
static size_t read_cookie(struct stream *s, char *p, size_t n)
{
	flush_prompt(s);
	ssize_t k = s->io.read ? s->io.read(s->cookie, p, n) : -1;
	if (k > 0)
		return (size_t)k;
	if (k == 0)
		s->f._flags |= F_EOF;
	else
		s->f._flags |= F_ERR;
	return 0;
}

static size_t fill(struct stream *s)
{
	char *b = s->f._IO_buf_base;
	size_t n = read_cookie(s, b, (size_t)(s->f._IO_buf_end - b));

	s->f._IO_read_base = s->f._IO_read_ptr = b;
	s->f._IO_read_end = b + n;
	return n;
}

void osv_stdio_end_pushback(struct stream *s)
{
	s->f._IO_read_base = s->main_base;
	s->f._IO_read_ptr = s->main_ptr;
	s->f._IO_read_end = s->main_end;
	s->in_pushback = false;
}

/* End of file is sticky (glibc 2.28 and later): clearerr() resets it. */
int osv_stdio_peek(struct stream *s)
{
	for (;;) {
		if (s->f._IO_read_ptr < s->f._IO_read_end)
			return (unsigned char)*s->f._IO_read_ptr;
		if (!s->in_pushback)
			break;
		osv_stdio_end_pushback(s);
	}
	if ((s->f._flags & F_EOF) || begin_read(s) || !fill(s))
		return EOF;
	return (unsigned char)*s->f._IO_read_ptr;
}

int __underflow(FILE *f)
{
	if (!stream_orient(to_stream(f), -1))
		return EOF;
	return osv_stdio_peek(to_stream(f));
}

int __uflow(FILE *f)
{
	if (!stream_orient(to_stream(f), -1))
		return EOF;
	int c = osv_stdio_peek(to_stream(f));
	if (c != EOF)
		f->_IO_read_ptr++;
	return c;
}

size_t osv_stdio_read(struct stream *s, char *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t avail = (size_t)(s->f._IO_read_end - s->f._IO_read_ptr);
		if (avail) {
			size_t k = avail < n - done ? avail : n - done;
			memcpy(p + done, s->f._IO_read_ptr, k);
			s->f._IO_read_ptr += k;
			done += k;
			continue;
		}
		if (s->in_pushback) {
			osv_stdio_end_pushback(s);
			continue;
		}
		if ((s->f._flags & F_EOF) || begin_read(s))
			break;
		size_t want = n - done;
		if (want >= (size_t)(s->f._IO_buf_end - s->f._IO_buf_base)) {
			/* A big block goes straight to the caller. */
			size_t k = read_cookie(s, p + done, want);
			if (!k)
				break;
			done += k;
		} else if (!fill(s)) {
			break;
		}
	}
	return done;
}

/*
 * The byte just read goes back by moving the pointer; any other byte
 * goes to the push-back area, which holds UNGET_MAX of them.
 */
int osv_stdio_unget(struct stream *s, int c)
{
	unsigned char ch = (unsigned char)c;

	if (c == EOF || (s->f._flags & F_NORD))
		return EOF;
	osv_stdio_alloc_buffer(s);
	if (s->f._flags & F_WRITING) {
		if (osv_stdio_write_out(s))
			return EOF;
		osv_stdio_set_idle(s);
	}
	if (s->f._IO_read_ptr > s->f._IO_read_base &&
	    (unsigned char)s->f._IO_read_ptr[-1] == ch) {
		s->f._IO_read_ptr--;
	} else {
		if (!s->in_pushback) {
			s->main_base = s->f._IO_read_base;
			s->main_ptr = s->f._IO_read_ptr;
			s->main_end = s->f._IO_read_end;
			s->f._IO_read_base = s->pushback;
			s->f._IO_read_ptr = s->f._IO_read_end =
			    s->pushback + UNGET_MAX;
			s->in_pushback = true;
		}
		if (s->f._IO_read_ptr == s->f._IO_read_base)
			return EOF;
		*--s->f._IO_read_ptr = (char)ch;
	}
	s->f._flags &= ~F_EOF;
	return ch;
}
