/*
 * Obstacks: the out-of-line half of glibc's obstack.h, whose macros
 * grow and finish objects in place and call here for a new chunk, to
 * free back to an object, and for the sizes.  The layouts and the
 * arithmetic are glibc's, since the program's macros and this code
 * share the structure: a chunk starts with its limit and the previous
 * chunk, objects are aligned (as addresses) to alignment_mask + 1, and
 * a new chunk has room for the growing object, an eighth
 * more, the alignment and 100 bytes, or chunk_size if that is more.
 */
#include <obstack.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc.h"
#include "program_vars.h"

#define DEFAULT_ALIGNMENT 16 /* long double's, as glibc's on x86_64 */
/* What GNU malloc fits in 4096 bytes with its header: glibc's default. */
#define DEFAULT_CHUNK 4064

static void print_and_exit(void)
{
	fputs("memory exhausted\n", STDERR);
	exit(OBSTACK_EXIT_FAILURE);
}

void (*obstack_alloc_failed_handler)(void) = print_and_exit;
int obstack_exit_failure = EXIT_FAILURE;

void (**osv_obstack_failed_var)(void) = &obstack_alloc_failed_handler;
int *osv_obstack_exit_var = &obstack_exit_failure;

/* A chunk's first object: its contents, aligned as an address. */
static char *first_object(struct _obstack_chunk *c, int mask)
{
	return (char *)(((uintptr_t)c->contents + (unsigned)mask) &
			~(uintptr_t)(unsigned)mask);
}

/*
 * The structure has one type for both kinds of function; glibc stores
 * either through casts, and they pass through void (*)(void), the type
 * the compiler lets a cast change.
 */
typedef void (*any_fn)(void);

static struct _obstack_chunk *new_chunk(struct obstack *h, long size)
{
	struct _obstack_chunk *c;
	if (h->use_extra_arg)
		c = h->chunkfun(h->extra_arg, size);
	else
		c = ((struct _obstack_chunk * (*)(long))(any_fn)h->chunkfun)(
		    size);
	if (!c)
		OBSTACK_ALLOC_FAILED_HANDLER();
	return c;
}

static void free_chunk(struct obstack *h, struct _obstack_chunk *c)
{
	if (h->use_extra_arg)
		h->freefun(h->extra_arg, c);
	else
		((void (*)(void *))(any_fn)h->freefun)(c);
}

static int begin(struct obstack *h, int size, int alignment)
{
	if (!alignment)
		alignment = DEFAULT_ALIGNMENT;
	if (!size)
		size = DEFAULT_CHUNK;
	h->chunk_size = size;
	h->alignment_mask = alignment - 1;
	struct _obstack_chunk *c = h->chunk = new_chunk(h, size);
	h->next_free = h->object_base = first_object(c, h->alignment_mask);
	h->chunk_limit = c->limit = (char *)c + size;
	c->prev = NULL;
	h->maybe_empty_object = 0;
	h->alloc_failed = 0;
	return 1;
}

int _obstack_begin(struct obstack *h, int size, int alignment,
		   void *(*chunkfun)(long), void (*freefun)(void *))
{
	h->chunkfun =
	    (struct _obstack_chunk * (*)(void *, long))(any_fn)chunkfun;
	h->freefun = (void (*)(void *, struct _obstack_chunk *))(any_fn)freefun;
	h->use_extra_arg = 0;
	return begin(h, size, alignment);
}

int _obstack_begin_1(struct obstack *h, int size, int alignment,
		     void *(*chunkfun)(void *, long),
		     void (*freefun)(void *, void *), void *arg)
{
	h->chunkfun =
	    (struct _obstack_chunk * (*)(void *, long))(any_fn)chunkfun;
	h->freefun = (void (*)(void *, struct _obstack_chunk *))(any_fn)freefun;
	h->extra_arg = arg;
	h->use_extra_arg = 1;
	return begin(h, size, alignment);
}

/*
 * Moves the growing object to a new chunk with room for length more
 * bytes; the old chunk goes if the object was all it held.
 */
void _obstack_newchunk(struct obstack *h, int length)
{
	struct _obstack_chunk *old = h->chunk;
	long size = h->next_free - h->object_base;
	long want = size + length + (size >> 3) + h->alignment_mask + 100;
	if (want < h->chunk_size)
		want = h->chunk_size;
	struct _obstack_chunk *c = new_chunk(h, want);
	h->chunk = c;
	c->prev = old;
	c->limit = h->chunk_limit = (char *)c + want;
	char *base = first_object(c, h->alignment_mask);
	memcpy(base, h->object_base, (size_t)size);
	if (!h->maybe_empty_object &&
	    h->object_base == first_object(old, h->alignment_mask)) {
		c->prev = old->prev;
		free_chunk(h, old);
	}
	h->object_base = base;
	h->next_free = base + size;
	h->maybe_empty_object = 0;
}

/* Whether obj lies in chunk c (its end counts, as glibc's). */
static int in_chunk(const struct _obstack_chunk *c, const void *obj)
{
	return (const void *)c < obj && obj <= (const void *)c->limit;
}

int _obstack_allocated_p(struct obstack *h, void *obj)
{
	struct _obstack_chunk *c = h->chunk;
	while (c && !in_chunk(c, obj))
		c = c->prev;
	return c != NULL;
}

/*
 * Frees every object from obj on (the chunks after its own); obj NULL
 * frees all.  An obj in no chunk is a bug of the caller: abort, as
 * glibc's.
 */
void _obstack_free(struct obstack *h, void *obj)
{
	struct _obstack_chunk *c = h->chunk;
	while (c && !in_chunk(c, obj)) {
		struct _obstack_chunk *prev = c->prev;
		free_chunk(h, c);
		c = prev;
		h->maybe_empty_object = 1;
	}
	if (c) {
		h->object_base = h->next_free = obj;
		h->chunk_limit = c->limit;
		h->chunk = c;
	} else if (obj) {
		abort();
	}
}

int _obstack_memory_used(struct obstack *h)
{
	long n = 0;
	for (struct _obstack_chunk *c = h->chunk; c; c = c->prev)
		n += c->limit - (char *)c;
	return (int)n;
}

/* Appends the text to the growing object, without a NUL, as glibc's. */
int obstack_vprintf(struct obstack *h, const char *fmt, va_list ap)
{
	char *text;
	int n = vasprintf(&text, fmt, ap);
	if (n < 0)
		return n;
	if (h->chunk_limit - h->next_free < n)
		_obstack_newchunk(h, n);
	memcpy(h->next_free, text, (size_t)n);
	h->next_free += n;
	free(text);
	return n;
}

int obstack_printf(struct obstack *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = obstack_vprintf(h, fmt, ap);
	va_end(ap);
	return n;
}

LIBC_ALIAS(_obstack_free, obstack_free);
