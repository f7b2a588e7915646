/*
 * getdelim() and getline(): a whole line into a buffer that grows (from
 * 120 bytes, as glibc's first allocation).  -1 when nothing was read
 * before the end or an error, EINVAL for missing pointers, EOVERFLOW for
 * a line longer than SSIZE_MAX.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

static bool reserve(char **line, size_t *cap, size_t need)
{
	if (*line && *cap >= need)
		return true;
	size_t n = *cap > 60 ? *cap : 60;
	while (n < need) {
		if (n > SIZE_MAX / 2) {
			errno = EOVERFLOW;
			return false;
		}
		n *= 2;
	}
	if (!*line && n < 120)
		n = 120;
	char *p = realloc(*line, n);
	if (!p)
		return false;
	*line = p;
	*cap = n;
	return true;
}

static ssize_t get_delim(char **line, size_t *cap, int delim, struct stream *s)
{
	size_t len = 0;

	if (!reserve(line, cap, 1))
		goto fail;
	while (osv_stdio_peek(s) != EOF) {
		char *p = s->f._IO_read_ptr;
		size_t avail = (size_t)(s->f._IO_read_end - p);
		char *end = memchr(p, delim, avail);
		size_t k = end ? (size_t)(end - p) + 1 : avail;
		if (len + k >= (size_t)INT64_MAX) {
			errno = EOVERFLOW;
			goto fail;
		}
		if (!reserve(line, cap, len + k + 1))
			goto fail;
		memcpy(*line + len, p, k);
		s->f._IO_read_ptr += k;
		len += k;
		if (end)
			break;
	}
	(*line)[len] = '\0';
	if (len == 0)
		return -1;
	return (ssize_t)len;
fail:
	s->f._flags |= F_ERR;
	return -1;
}

ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim,
		 FILE *restrict f)
{
	if (!line || !cap) {
		errno = EINVAL;
		return -1;
	}
	struct stream *s = to_stream(f);
	stream_lock(s);
	ssize_t r = stream_orient(s, -1)
			? get_delim(line, cap, (unsigned char)delim, s)
			: -1;
	stream_unlock(s);
	return r;
}

ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f)
{
	return getdelim(line, cap, '\n', f);
}

LIBC_ALIAS(getdelim, __getdelim);
