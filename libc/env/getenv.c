#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env_impl.h"

char *getenv(const char *name)
{
	if (!*name)
		return NULL;
	size_t n = strlen(name);
	size_t i = osv_env_find(name, n);
	if (!ENVIRON || !ENVIRON[i])
		return NULL;
	return ENVIRON[i] + n + 1;
}
