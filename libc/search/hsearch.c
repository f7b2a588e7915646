/*
 * hsearch's hash tables: open addressing with double hashing over a
 * prime number of slots, the smallest prime of at least the size asked
 * for (and 3), as glibc rounds, so that a table takes exactly as many
 * entries as glibc's before ENTER says ENOMEM.  Keys are compared as
 * strings and never copied or freed.
 */
#include <errno.h>
#include <limits.h>
#include <search.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A slot: hash 0 marks it free (a key's hash is never 0). */
struct _ENTRY {
	unsigned hash;
	ENTRY entry;
};

static bool is_prime(unsigned n)
{
	for (unsigned d = 3; d <= n / d; d += 2)
		if (n % d == 0)
			return false;
	return true;
}

int hcreate_r(size_t nel, struct hsearch_data *htab)
{
	if (!htab) {
		errno = EINVAL;
		return 0;
	}
	if (nel >= SIZE_MAX / sizeof(struct _ENTRY)) {
		errno = ENOMEM;
		return 0;
	}
	if (htab->table)
		return 0; /* glibc's answer: one table at a time */
	if (nel < 3)
		nel = 3;
	for (nel |= 1;; nel += 2) {
		if (nel > UINT_MAX - 2) {
			errno = ENOMEM;
			return 0;
		}
		if (is_prime((unsigned)nel))
			break;
	}
	htab->table = calloc(nel, sizeof(struct _ENTRY));
	if (!htab->table)
		return 0;
	htab->size = (unsigned)nel;
	htab->filled = 0;
	return 1;
}

void hdestroy_r(struct hsearch_data *htab)
{
	if (!htab) {
		errno = EINVAL;
		return;
	}
	free(htab->table);
	htab->table = NULL;
}

static unsigned hash_key(const char *key)
{
	unsigned h = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h ? h : 1;
}

int hsearch_r(ENTRY item, ACTION action, ENTRY **retval,
	      struct hsearch_data *htab)
{
	unsigned size = htab->size, h = hash_key(item.key);
	unsigned i = h % size, step = 1 + h % (size - 2);
	/* step < size, size prime: the probe visits every slot once */
	for (unsigned probes = 0; probes < size; probes++) {
		struct _ENTRY *slot = &htab->table[i];
		if (!slot->hash) {
			if (action == FIND)
				break;
			slot->hash = h;
			slot->entry = item;
			htab->filled++;
			*retval = &slot->entry;
			return 1;
		}
		if (slot->hash == h && !strcmp(slot->entry.key, item.key)) {
			*retval = &slot->entry;
			return 1;
		}
		i = (unsigned)(((uint64_t)i + step) % size);
	}
	errno = action == ENTER ? ENOMEM : ESRCH;
	*retval = NULL;
	return 0;
}

static struct hsearch_data table;

int hcreate(size_t nel)
{
	return hcreate_r(nel, &table);
}

void hdestroy(void)
{
	hdestroy_r(&table);
}

ENTRY *hsearch(ENTRY item, ACTION action)
{
	ENTRY *r;
	hsearch_r(item, action, &r, &table);
	return r;
}
