#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env_impl.h"

/*
 * The string itself becomes part of the environment.  Without a '=' it
 * names a variable to remove, as in glibc.
 */
int putenv(char *string)
{
	const char *eq = strchr(string, '=');
	if (!eq)
		return unsetenv(string);
	size_t i = osv_env_find(string, (size_t)(eq - string));
	if (osv_env_own() < 0) {
		errno = ENOMEM;
		return -1;
	}
	osv_env_set(i, string);
	return 0;
}
