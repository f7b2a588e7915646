/*
 * The fortified stream reads (see libc/fortify/fortify.h): fgets into an
 * object of size bytes fails when the line would not fit it (whatever n
 * says), fread when the request is larger than the object.
 */
#include "../fortify/fortify.h"
#include "stdio_impl.h"

char *__fgets_unlocked_chk(char *buf, size_t size, int n, FILE *f)
{
	struct stream *s = to_stream(f);

	if (n <= 0)
		return NULL;
	size_t max = (size_t)n - 1 < size ? (size_t)n - 1 : size;
	int old_error = s->f._flags & F_ERR;
	s->f._flags &= ~F_ERR;
	size_t got = osv_stdio_get_line(s, buf, max);
	char *r = buf;
	if (got == 0 || (s->f._flags & F_ERR))
		r = NULL;
	else if (got >= size)
		__chk_fail();
	else
		buf[got] = '\0';
	s->f._flags |= old_error;
	return r;
}

char *__fgets_chk(char *buf, size_t size, int n, FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	char *r = __fgets_unlocked_chk(buf, size, n, f);
	stream_unlock(s);
	return r;
}

static void check_request(size_t plen, size_t size, size_t n)
{
	size_t total;
	if (__builtin_mul_overflow(size, n, &total) || total > plen)
		__chk_fail();
}

size_t __fread_chk(void *p, size_t plen, size_t size, size_t n, FILE *f)
{
	check_request(plen, size, n);
	return fread(p, size, n, f);
}

size_t __fread_unlocked_chk(void *p, size_t plen, size_t size, size_t n,
			    FILE *f)
{
	check_request(plen, size, n);
	return fread_unlocked(p, size, n, f);
}
