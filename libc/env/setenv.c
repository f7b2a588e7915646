#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env_impl.h"

int setenv(const char *name, const char *value, int overwrite)
{
	if (!env_name_valid(name)) {
		errno = EINVAL;
		return -1;
	}
	size_t n = strlen(name), i = osv_env_find(name, n);
	if (ENVIRON && ENVIRON[i] && !overwrite)
		return 0;
	size_t vn = strlen(value);
	char *entry = malloc(n + vn + 2);
	if (!entry || osv_env_own() < 0) {
		free(entry);
		errno = ENOMEM;
		return -1;
	}
	memcpy(entry, name, n);
	entry[n] = '=';
	memcpy(entry + n + 1, value, vn + 1);
	osv_env_set(i, entry);
	return 0;
}
