/*
 * osv_vsnprintf: the core formatter writing into a bounded buffer; and
 * the kernel's own vsnprintf and snprintf, the same without the
 * program's register_printf_* handlers.
 */
#include <errno.h>

#include "format_impl.h"

/*
 * The locale's conversions, when the libc's stdio is linked in (the
 * kernel); the host tests' build of the core alone goes without.
 */
extern const struct format_mb osv_format_mb __attribute__((weak));

struct buf_sink {
	struct format_sink sink;
	char *p;
	size_t room; /* bytes left, not counting the terminating NUL */
};

/* Whatever does not fit is dropped: only the count must include it. */
static void buf_put(struct format_sink *s, const char *p, size_t n)
{
	struct buf_sink *b = (struct buf_sink *)s;

	if (n > b->room)
		n = b->room;
	for (size_t i = 0; i < n; i++)
		b->p[i] = p[i];
	b->p += n;
	b->room -= n;
}

/* errno is read only when %m needs it (the boot formats before errno). */
static int buf_errno(struct format_sink *s)
{
	(void)s;
	return errno;
}

static int format_into(char *buf, size_t size, const char *fmt, va_list ap,
		       int kernel)
{
	struct buf_sink b = {
	    .sink = {.put = buf_put,
		     .errno_value = buf_errno,
		     .mb = &osv_format_mb,
		     .kernel = kernel},
	    .p = buf,
	    .room = size ? size - 1 : 0,
	};
	int r = osv_vformat(&b.sink, fmt, ap);

	if (size)
		*b.p = '\0';
	return r;
}

int osv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return format_into(buf, size, fmt, ap, 0);
}

int osv_kernel_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return format_into(buf, size, fmt, ap, 1);
}

int osv_kernel_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = format_into(buf, size, fmt, ap, 1);
	va_end(ap);
	return r;
}
