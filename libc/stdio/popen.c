/*
 * popen(): there are no processes to run a command in, so it fails with
 * ENOSYS, as system() and fork() do; pclose() has nothing to close.
 */
#include <errno.h>

#include "stdio_impl.h"

FILE *popen(const char *command, const char *mode)
{
	(void)command;
	(void)mode;
	errno = ENOSYS;
	return NULL;
}

int pclose(FILE *f)
{
	(void)f;
	errno = ECHILD;
	return -1;
}
