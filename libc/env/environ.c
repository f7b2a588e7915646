#include <stdlib.h>
#include <unistd.h>

#include "env_impl.h"
#include "libc-internal.h"

/* A program starts with an array, never NULL, even with no variable. */
static char *no_variables[] = {NULL};

char **__environ = no_variables;
LIBC_ALIAS(__environ, environ);
LIBC_ALIAS(__environ, _environ);

char ***osv_env_var = &__environ;

void libc_set_environ(char **envp)
{
	ENVIRON = envp;
}
