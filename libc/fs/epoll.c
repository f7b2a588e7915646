/*
 * epoll over the kernel's interest sets (kernel/fs/epoll.c).  The
 * waits are poll's: the mask of epoll_pwait and epoll_pwait2 is in
 * force while they wait, and a signal it lets through ends the wait
 * with EINTR as for ppoll (poll.c), as does pthread_cancel.
 */
#include <signal.h>
#include <sys/epoll.h>

#include "../signal/signal_impl.h"
#include "fs_impl.h"

_Static_assert(sizeof(struct epoll_event) == sizeof(struct fs_epoll_event),
	       "epoll_event");

int epoll_create1(int flags)
{
	return (int)fs_ret(fs_epoll_create1(flags));
}

/* size is a hint from before the sets grew as needed; only > 0 matters. */
int epoll_create(int size)
{
	if (size <= 0)
		return (int)fs_ret(-EINVAL);
	return epoll_create1(0);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
	return (int)fs_ret(
	    fs_epoll_ctl(epfd, op, fd, (struct fs_epoll_event *)event));
}

/* fs_epoll_wait with mask in force; -errno or the count. */
static long wait_masked(int epfd, struct epoll_event *events, int max,
			int64_t ns, const sigset_t *mask)
{
	struct fs_epoll_event *out = (struct fs_epoll_event *)events;
	if (!mask)
		return fs_epoll_wait(epfd, out, max, ns);
	struct osv_sigmask_wait w;
	osv_sigmask_wait_begin(&w, mask);
	return osv_sigmask_wait_end(&w, fs_epoll_wait(epfd, out, max, ns));
}

int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout_ms,
		const sigset_t *mask)
{
	int64_t ns = timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000;
	return (int)fs_ret(wait_masked(epfd, events, max, ns, mask));
}

int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout_ms)
{
	return epoll_pwait(epfd, events, max, timeout_ms, NULL);
}

int epoll_pwait2(int epfd, struct epoll_event *events, int max,
		 const struct timespec *timeout, const sigset_t *mask)
{
	int64_t ns = -1;
	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
		    timeout->tv_nsec >= 1000000000L)
			return (int)fs_ret(-EINVAL);
		if (timeout->tv_sec < INT64_MAX / 1000000000L)
			ns = timeout->tv_sec * 1000000000L + timeout->tv_nsec;
	}
	return (int)fs_ret(wait_masked(epfd, events, max, ns, mask));
}
