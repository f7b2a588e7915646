/* The console registry (see console.h). */
#include "console.h"

static struct console *consoles;
static bool mid_line; /* the last byte written was not a newline */

void console_register(struct console *c)
{
	struct console **p = &consoles;
	while (*p)
		p = &(*p)->next;
	c->next = NULL;
	*p = c;
}

void console_write(const char *p, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(p, n);
	if (n)
		mid_line = p[n - 1] != '\n';
}

bool console_mid_line(void)
{
	return mid_line;
}

int console_read(void)
{
	for (struct console *c = consoles; c; c = c->next) {
		int ch = c->read ? c->read() : -1;
		if (ch >= 0)
			return ch;
	}
	return -1;
}
