/*
 * POSIX message queues: osv has no mqueue file system, so no descriptor
 * is a queue and mq_getattr answers as Linux's does for any other
 * descriptor: EBADF.
 */
#include <errno.h>
#include <mqueue.h>

int mq_getattr(mqd_t q, struct mq_attr *attr)
{
	(void)q, (void)attr;
	errno = EBADF;
	return -1;
}
