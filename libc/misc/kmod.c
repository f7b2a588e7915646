/*
 * Linux kernel modules: osv loads none, so the calls fail with ENOSYS,
 * as Linux's do when it is built without module support.
 */
#include <errno.h>

static int nosys(void)
{
	errno = ENOSYS;
	return -1;
}

int init_module(void *image, unsigned long len, const char *params)
{
	(void)image, (void)len, (void)params;
	return nosys();
}

int finit_module(int fd, const char *params, int flags)
{
	(void)fd, (void)params, (void)flags;
	return nosys();
}

int delete_module(const char *name, unsigned flags)
{
	(void)name, (void)flags;
	return nosys();
}
