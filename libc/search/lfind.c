#include <search.h>

void *lfind(const void *key, const void *base, size_t *n, size_t size,
	    int (*compar)(const void *, const void *))
{
	const char *p = base;
	for (size_t i = 0; i < *n; i++, p += size)
		if (!compar(key, p))
			return (void *)p;
	return NULL;
}
