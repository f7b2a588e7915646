#include <stdlib.h>
#include <unistd.h>

#include "env_impl.h"
#include "libc-internal.h"

char **__environ;
LIBC_ALIAS(__environ, environ);
LIBC_ALIAS(__environ, _environ);

void libc_set_environ(char **envp)
{
	__environ = envp;
}
