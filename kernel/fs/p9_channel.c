/*
 * The registry of 9P channels (p9_transport.h): a list that drivers add
 * to at boot, before any mount looks in it, so it needs no lock; a
 * claim is an atomic flag, as mount(2) may race with another mount.
 */
#include <errno.h>
#include <string.h>

#include "p9_transport.h"

static struct p9_channel *channels;

void p9_channel_register(struct p9_channel *ch)
{
	struct p9_channel **p = &channels;
	while (*p)
		p = &(*p)->next;
	ch->next = NULL;
	ch->claimed = false;
	*p = ch;
}

struct p9_channel *p9_channel_claim(const char *tag, int *err)
{
	struct p9_channel *ch = channels;
	while (ch && strcmp(ch->tag, tag))
		ch = ch->next;
	*err = ch ? -EBUSY : -ENOENT;
	if (!ch || __atomic_exchange_n(&ch->claimed, true, __ATOMIC_ACQUIRE))
		return NULL;
	return ch;
}

void p9_channel_release(struct p9_channel *ch)
{
	__atomic_store_n(&ch->claimed, false, __ATOMIC_RELEASE);
}
