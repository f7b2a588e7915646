/*
 * printf and friends on the console.  Until stdio streams exist these
 * write straight to the console, through a small buffer so that a line
 * reaches the console in one write.
 */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "vformat.h"

struct console_sink {
	struct format_sink sink;
	size_t used;
	char buf[128];
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
	memcpy(c->buf + c->used, p, n);
	c->used += n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	struct console_sink c = {.sink = {console_sink_put}, .used = 0};
	int n = osv_vformat(&c.sink, fmt, ap);
	console_write(c.buf, c.used);
	return n;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	console_write(s, strlen(s));
	console_write("\n", 1);
	return 1;
}

int putchar(int c)
{
	char ch = (char)c;
	console_write(&ch, 1);
	return (unsigned char)ch;
}
