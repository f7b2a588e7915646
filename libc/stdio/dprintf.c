/* dprintf(): formatted output straight to a descriptor, unbuffered. */
#include <errno.h>
#include <string.h>

#include "fd_io.h"
#include "stdio_impl.h"
#include "vformat.h"

struct fd_sink {
	struct format_sink sink;
	int err; /* errno as the call began, for %m */
	int fd;
	bool failed;
	size_t used;
	char buf[512];
};

static void write_all(struct fd_sink *k, const char *p, size_t n)
{
	while (n && !k->failed) {
		ssize_t w = write(k->fd, p, n);
		if (w <= 0) {
			k->failed = true;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void fd_put(struct format_sink *sink, const char *p, size_t n)
{
	struct fd_sink *k = (struct fd_sink *)sink;

	if (k->used + n > sizeof(k->buf)) {
		write_all(k, k->buf, k->used);
		k->used = 0;
	}
	if (n > sizeof(k->buf)) {
		write_all(k, p, n);
		return;
	}
	memcpy(k->buf + k->used, p, n);
	k->used += n;
}

static int fd_errno(struct format_sink *sink)
{
	return ((struct fd_sink *)sink)->err;
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	struct fd_sink k = {.sink = {fd_put, fd_errno, &osv_format_mb}, .err = errno, .fd = fd};
	int n = osv_vformat(&k.sink, fmt, ap);
	write_all(&k, k.buf, k.used);
	return k.failed ? -1 : n;
}

int dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}
