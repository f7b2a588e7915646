#include <stdlib.h>
#include <string.h>

#include "scan_impl.h"

void osv_scan_buf_init(struct scan_buf *b)
{
	b->p = b->small;
	b->len = 0;
	b->cap = sizeof(b->small);
	b->failed = false;
}

static bool grow(struct scan_buf *b)
{
	size_t cap = b->cap * 2;
	char *p = b->p == b->small ? malloc(cap) : realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	if (b->p == b->small)
		memcpy(p, b->small, b->len);
	b->p = p;
	b->cap = cap;
	return true;
}

void osv_scan_buf_add(struct scan_buf *b, char c)
{
	if (b->len + 1 >= b->cap && !grow(b))
		return;
	b->p[b->len++] = c;
}

const char *osv_scan_buf_str(struct scan_buf *b)
{
	b->p[b->len] = '\0';
	return b->p;
}

void osv_scan_buf_free(struct scan_buf *b)
{
	if (b->p != b->small)
		free(b->p);
}
