/* search.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _SEARCH_H
#define _SEARCH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *lfind(const void *key, const void *base, size_t *n, size_t size,
	    int (*compar)(const void *, const void *));
void *lsearch(const void *key, void *base, size_t *n, size_t size,
	      int (*compar)(const void *, const void *));

/* Hash tables (libc/search/hsearch.c), glibc's layout. */
typedef struct entry {
	char *key;
	void *data;
} ENTRY;
typedef enum { FIND, ENTER } ACTION;
struct hsearch_data {
	struct _ENTRY *table;
	unsigned int size;
	unsigned int filled;
};
int hcreate(size_t nel);
void hdestroy(void);
ENTRY *hsearch(ENTRY item, ACTION action);
int hcreate_r(size_t nel, struct hsearch_data *htab);
void hdestroy_r(struct hsearch_data *htab);
int hsearch_r(ENTRY item, ACTION action, ENTRY **retval,
	      struct hsearch_data *htab);

/* Binary search trees (libc/search/tsearch.c). */
typedef enum { preorder, postorder, endorder, leaf } VISIT;
void *tsearch(const void *key, void **rootp,
	      int (*compar)(const void *, const void *));
void *tfind(const void *key, void *const *rootp,
	    int (*compar)(const void *, const void *));
void *tdelete(const void *restrict key, void **restrict rootp,
	      int (*compar)(const void *, const void *));
void twalk(const void *root, void (*action)(const void *, VISIT, int));
void twalk_r(const void *root, void (*action)(const void *, VISIT, void *),
	     void *closure);
void tdestroy(void *root, void (*free_key)(void *));

#ifdef __cplusplus
}
#endif

#endif
