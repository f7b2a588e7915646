/* The console registry (see console.h). */
#include "console.h"

static struct console *consoles;

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
