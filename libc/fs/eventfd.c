/* eventfd over the kernel's counter files (kernel/fs/eventfd.c). */
#include <sys/eventfd.h>
#include <unistd.h>

#include "fs_impl.h"

int eventfd(unsigned count, int flags)
{
	return (int)fs_ret(fs_eventfd(count, flags));
}

int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof(*value)) == sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}
