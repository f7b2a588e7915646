#include <stdlib.h>

static int call_compar(const void *a, const void *b, void *compar)
{
	return ((int (*)(const void *, const void *))compar)(a, b);
}

void qsort(void *base, size_t n, size_t size,
	   int (*compar)(const void *, const void *))
{
	qsort_r(base, n, size, call_compar, (void *)compar);
}
