/*
 * The registry of 9P channels (p9_transport.h): a list that drivers add
 * to at boot, before any mount looks in it, so it needs no lock.
 */
#include <string.h>

#include "p9_transport.h"

static struct p9_channel *channels;

void p9_channel_register(struct p9_channel *ch)
{
	struct p9_channel **p = &channels;
	while (*p)
		p = &(*p)->next;
	ch->next = NULL;
	*p = ch;
}

struct p9_channel *p9_channel_find(const char *tag)
{
	struct p9_channel *ch = channels;
	while (ch && strcmp(ch->tag, tag))
		ch = ch->next;
	return ch;
}
