/*
 * poll, ppoll, select and pselect over the kernel's fs_poll.  select
 * turns its descriptor sets into poll entries (readable: POLLIN, or a
 * hang-up or error, which a read reports at once; writable: POLLOUT or
 * an error; exceptional: POLLPRI) and, as Linux does, writes back the
 * time left.  The mask of ppoll and pselect is the thread's while they
 * wait: a signal it lets through, pending at the call or sent during
 * the wait, ends the wait with EINTR once its handler has run, unless
 * descriptors are ready: then the count, and the signal stays pending
 * (signal_impl.h); pthread_cancel ends the wait too.
 */
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/select.h>

#include "../signal/signal_impl.h"
#include "fs_impl.h"

_Static_assert(sizeof(struct pollfd) == sizeof(struct fs_pollfd), "pollfd");

#define NS_PER_S 1000000000LL

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	int64_t ns = timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000;
	return (int)fs_ret(fs_poll((struct fs_pollfd *)fds, n, ns));
}

/* -1 for none (wait without end), -2 for an invalid one. */
static int64_t timespec_ns(const struct timespec *ts)
{
	if (!ts)
		return -1;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NS_PER_S)
		return -2;
	if (ts->tv_sec >= INT64_MAX / NS_PER_S)
		return -1; /* longer than the machine will run */
	return ts->tv_sec * NS_PER_S + ts->tv_nsec;
}

/* fs_poll with mask in force; -errno or the count. */
static long poll_masked(struct fs_pollfd *fds, size_t n, int64_t ns,
			const sigset_t *mask)
{
	if (!mask)
		return fs_poll(fds, n, ns);
	struct osv_sigmask_wait w;
	osv_sigmask_wait_begin(&w, mask);
	return osv_sigmask_wait_end(&w, fs_poll(fds, n, ns));
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
	  const sigset_t *mask)
{
	int64_t ns = timespec_ns(timeout);
	if (ns == -2)
		return (int)fs_ret(-EINVAL);
	return (int)fs_ret(poll_masked((struct fs_pollfd *)fds, n, ns, mask));
}

static bool in_set(const fd_set *s, int fd)
{
	return s && FD_ISSET(fd, s);
}

/*
 * The common part of select and pselect: ns as timespec_ns gives it;
 * *left (when not NULL) gets the time that remained.
 */
static int select_ns(int n, fd_set *rd, fd_set *wr, fd_set *ex, int64_t ns,
		     const sigset_t *mask, int64_t *left)
{
	if (n < 0 || n > FD_SETSIZE || ns == -2)
		return (int)fs_ret(-EINVAL);
	struct fs_pollfd small[64], *fds = small;
	size_t count = 0;
	for (int fd = 0; fd < n; fd++)
		count += in_set(rd, fd) || in_set(wr, fd) || in_set(ex, fd);
	if (count > sizeof(small) / sizeof(small[0])) {
		fds = malloc(count * sizeof(*fds));
		if (!fds)
			return (int)fs_ret(-ENOMEM);
	}
	count = 0;
	for (int fd = 0; fd < n; fd++) {
		short events = (short)((in_set(rd, fd) ? POLLIN : 0) |
				       (in_set(wr, fd) ? POLLOUT : 0) |
				       (in_set(ex, fd) ? POLLPRI : 0));
		if (events)
			fds[count++] = (struct fs_pollfd){fd, events, 0};
	}
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	long r = poll_masked(fds, count, ns, mask);
	for (size_t i = 0; r >= 0 && i < count; i++)
		if (fds[i].revents & POLLNVAL)
			r = -EBADF;
	if (r >= 0) {
		r = 0;
		for (size_t i = 0; i < count; i++) {
			int fd = fds[i].fd;
			short got = fds[i].revents;
			bool readable = got & (POLLIN | POLLHUP | POLLERR);
			bool writable = got & (POLLOUT | POLLERR);
			bool except = got & POLLPRI;
			if (in_set(rd, fd) && !readable)
				FD_CLR(fd, rd);
			if (in_set(wr, fd) && !writable)
				FD_CLR(fd, wr);
			if (in_set(ex, fd) && !except)
				FD_CLR(fd, ex);
			r += in_set(rd, fd) + in_set(wr, fd) + in_set(ex, fd);
		}
	}
	if (fds != small)
		free(fds);
	if (left && ns > 0) {
		struct timespec end;
		clock_gettime(CLOCK_MONOTONIC, &end);
		int64_t spent = (end.tv_sec - start.tv_sec) * NS_PER_S +
				(end.tv_nsec - start.tv_nsec);
		*left = spent < ns ? ns - spent : 0;
	}
	return (int)fs_ret(r);
}

int select(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout)
{
	int64_t ns = -1;
	if (timeout) {
		struct timespec ts = {timeout->tv_sec, timeout->tv_usec * 1000};
		ns = timeout->tv_usec >= 1000000 ? -2 : timespec_ns(&ts);
	}
	int64_t left = 0;
	int r = select_ns(n, rd, wr, ex, ns, NULL, &left);
	if (timeout && ns >= 0) {
		timeout->tv_sec = left / NS_PER_S;
		timeout->tv_usec = left % NS_PER_S / 1000;
	}
	return r;
}

int pselect(int n, fd_set *rd, fd_set *wr, fd_set *ex,
	    const struct timespec *timeout, const sigset_t *mask)
{
	return select_ns(n, rd, wr, ex, timespec_ns(timeout), mask, NULL);
}

/* _FORTIFY_SOURCE entry points: the array must hold n entries */
int __poll_chk(struct pollfd *fds, nfds_t n, int timeout_ms, size_t fdslen);
int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
		const sigset_t *mask, size_t fdslen);

int __poll_chk(struct pollfd *fds, nfds_t n, int timeout_ms, size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		__chk_fail();
	return poll(fds, n, timeout_ms);
}

int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
		const sigset_t *mask, size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		__chk_fail();
	return ppoll(fds, n, timeout, mask);
}

LIBC_ALIAS(poll, __poll);
LIBC_ALIAS(select, __select);
