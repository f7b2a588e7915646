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
	if (!__environ || !__environ[i])
		return NULL;
	return __environ[i] + n + 1;
}
