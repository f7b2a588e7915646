/*
 * The kernel's own messages (klog.h): formatted straight to the console,
 * never through stdio's streams, so that fault reports and panics print
 * even when a stream's lock is held or the heap is damaged.  Nothing is
 * allocated and no lock is taken but the console's (console.h); a
 * message reaches the console in one write, whole, when it fits the
 * buffer.
 */
#include <stdarg.h>

#include "console.h"
#include "klog.h"
#include "osv/api.h"
#include "vformat.h"

struct console_sink {
	struct format_sink sink;
	size_t used;
	char buf[256];
};

static void console_sink_put(struct format_sink *s, const char *p, size_t n)
{
	struct console_sink *c = (struct console_sink *)s;

	if (c->used + n > sizeof(c->buf)) {
		console_write(c->buf, c->used);
		c->used = 0;
	}
	if (n > sizeof(c->buf)) {
		console_write(p, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		c->buf[c->used + i] = p[i];
	c->used += n;
}

/* A message the short path refused: the general engine, in pieces. */
static __attribute__((noinline)) int kvprintf_sink(const char *fmt, va_list ap)
{
	/*
	 * Not an initializer, which would zero buf too: 256 bytes for each
	 * message, and under TCG the rep stos is a block of its own.
	 */
	struct console_sink c;
	c.sink = (struct format_sink){.put = console_sink_put, .kernel = 1};
	c.used = 0;
	int n = osv_vformat(&c.sink, fmt, ap);
	console_write(c.buf, c.used);
	return n;
}

/*
 * Most messages are plain: the short path (format_plain.c), one write.
 * Built like kprintf, which inlines it.
 */
static inline __attribute__((always_inline, target("general-regs-only"))) int
print(const char *fmt, va_list ap)
{
	char buf[256];
	int n = osv_format_plain(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return kvprintf_sink(fmt, ap);
	console_write(buf, (size_t)n);
	return n;
}

int kvprintf(const char *fmt, va_list ap)
{
	return print(fmt, ap);
}

/*
 * Its callers are kernel code, built without SSE, so no argument comes
 * in a vector register: the prologue need not test %al to save them,
 * a branch (under TCG, a block to translate) at every boot.  The short
 * path inline, not through kvprintf: a call and a return fewer.
 */
OSV_MODULE_API __attribute__((target("general-regs-only"))) int
kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = print(fmt, ap);
	va_end(ap);
	return n;
}
