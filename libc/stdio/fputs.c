/* fputs() and puts(); their success values are glibc's. */
#include <limits.h>
#include <string.h>

#include "stdio_impl.h"

int fputs_unlocked(const char *restrict str, FILE *restrict f)
{
	size_t n = strlen(str);
	if (!stream_orient(to_stream(f), -1))
		return EOF;
	return osv_stdio_write(to_stream(f), str, n) == n ? 1 : EOF;
}

int fputs(const char *restrict str, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	int r = fputs_unlocked(str, f);
	stream_unlock(s);
	return r;
}

int puts(const char *str)
{
	struct stream *s = to_stream(STDOUT);
	size_t n = strlen(str);
	int r = EOF;

	stream_lock(s);
	if (stream_orient(s, -1) && osv_stdio_write(s, str, n) == n && osv_stdio_write(s, "\n", 1) == 1)
		r = n < INT_MAX ? (int)n + 1 : INT_MAX;
	stream_unlock(s);
	return r;
}
