/* timerfd over the kernel's timer files (kernel/fs/timerfd.c). */
#include <sys/timerfd.h>

#include "fs_impl.h"

_Static_assert(sizeof(struct itimerspec) == sizeof(struct fs_itimerspec),
	       "itimerspec");

int timerfd_create(clockid_t clock, int flags)
{
	return (int)fs_ret(fs_timerfd_create(clock, flags));
}

int timerfd_settime(int fd, int flags, const struct itimerspec *value,
		    struct itimerspec *old)
{
	return (int)fs_ret(
	    fs_timerfd_settime(fd, flags, (const struct fs_itimerspec *)value,
			       (struct fs_itimerspec *)old));
}

int timerfd_gettime(int fd, struct itimerspec *cur)
{
	return (int)fs_ret(fs_timerfd_gettime(fd, (struct fs_itimerspec *)cur));
}
