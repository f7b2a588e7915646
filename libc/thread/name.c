/* Thread names, kept by the kernel (at most 15 bytes and the NUL). */
#include <string.h>

#include "pthread_impl.h"

int pthread_setname_np(pthread_t thread, const char *name)
{
	if (strlen(name) >= THREAD_NAME_MAX)
		return ERANGE;
	thread_set_name(((struct pthread *)thread)->kthread, name);
	return 0;
}

int pthread_getname_np(pthread_t thread, char *name, size_t len)
{
	char buf[THREAD_NAME_MAX];
	thread_get_name(((struct pthread *)thread)->kthread, buf, sizeof(buf));
	if (strlen(buf) >= len)
		return ERANGE;
	strcpy(name, buf);
	return 0;
}
