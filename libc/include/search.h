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

#ifdef __cplusplus
}
#endif

#endif
