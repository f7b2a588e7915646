#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env_impl.h"

/* Removes every entry of the name; the others keep their order. */
int unsetenv(const char *name)
{
	if (!env_name_valid(name)) {
		errno = EINVAL;
		return -1;
	}
	size_t n = strlen(name);
	if (!ENVIRON || !ENVIRON[osv_env_find(name, n)])
		return 0;
	if (osv_env_own() < 0) {
		errno = ENOMEM;
		return -1;
	}
	char **out = ENVIRON;
	for (char **p = ENVIRON; *p; p++)
		if (strncmp(*p, name, n) || (*p)[n] != '=')
			*out++ = *p;
	*out = NULL;
	return 0;
}
