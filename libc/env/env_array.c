#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env_impl.h"

char **osv_env_owned;
static size_t owned_capacity;

size_t osv_env_find(const char *name, size_t n)
{
	size_t i = 0;
	if (!ENVIRON)
		return 0;
	for (; ENVIRON[i]; i++)
		if (!strncmp(ENVIRON[i], name, n) && ENVIRON[i][n] == '=')
			return i;
	return i;
}

static size_t env_count(void)
{
	size_t n = 0;
	while (ENVIRON && ENVIRON[n])
		n++;
	return n;
}

long osv_env_own(void)
{
	size_t n = env_count();
	if (osv_env_owned && ENVIRON == osv_env_owned && n + 1 < owned_capacity)
		return (long)n;
	size_t cap = (n + 2) * 2;
	char **a = malloc(cap * sizeof(*a));
	if (!a)
		return -1;
	if (n)
		memcpy(a, ENVIRON, n * sizeof(*a));
	a[n] = NULL;
	if (ENVIRON == osv_env_owned)
		free(osv_env_owned);
	ENVIRON = osv_env_owned = a;
	owned_capacity = cap;
	return (long)n;
}

void osv_env_set(size_t i, char *entry)
{
	if (!ENVIRON[i])
		ENVIRON[i + 1] = NULL;
	ENVIRON[i] = entry;
}
