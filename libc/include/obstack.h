/*
 * obstack.h: the declarations the kernel is built with, glibc's
 * layouts (the growing and finishing are macros of the program's own
 * glibc header; the library has what they call).
 */
#ifndef _OBSTACK_H
#define _OBSTACK_H

#include <stdarg.h>
#include <stddef.h>

struct _obstack_chunk {
	char *limit;
	struct _obstack_chunk *prev;
	char contents[4];
};

struct obstack {
	long chunk_size;
	struct _obstack_chunk *chunk;
	char *object_base;
	char *next_free;
	char *chunk_limit;
	union {
		long tempint;
		void *tempptr;
	} temp;
	int alignment_mask;
	struct _obstack_chunk *(*chunkfun)(void *, long);
	void (*freefun)(void *, struct _obstack_chunk *);
	void *extra_arg;
	unsigned use_extra_arg : 1;
	unsigned maybe_empty_object : 1;
	unsigned alloc_failed : 1;
};

void _obstack_newchunk(struct obstack *h, int length);
int _obstack_begin(struct obstack *h, int size, int alignment,
		   void *(*chunkfun)(long), void (*freefun)(void *));
int _obstack_begin_1(struct obstack *h, int size, int alignment,
		     void *(*chunkfun)(void *, long),
		     void (*freefun)(void *, void *), void *arg);
int _obstack_memory_used(struct obstack *h);
int _obstack_allocated_p(struct obstack *h, void *obj);
void _obstack_free(struct obstack *h, void *obj);
void obstack_free(struct obstack *h, void *obj);
int obstack_printf(struct obstack *h, const char *fmt, ...);
int obstack_vprintf(struct obstack *h, const char *fmt, va_list ap);

extern void (*obstack_alloc_failed_handler)(void);
extern int obstack_exit_failure;

#endif
