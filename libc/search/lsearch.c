#include <search.h>
#include <string.h>

/* Like lfind, but a missing key is appended (the array must have room). */
void *lsearch(const void *key, void *base, size_t *n, size_t size,
	      int (*compar)(const void *, const void *))
{
	void *hit = lfind(key, base, n, size, compar);
	if (hit)
		return hit;
	char *end = (char *)base + *n * size;
	memcpy(end, key, size);
	++*n;
	return end;
}
