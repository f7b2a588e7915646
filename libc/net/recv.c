/* recv, recvfrom, recvmsg, recvmmsg: all one recvmsg of the kernel. */
#include <stdbool.h>
#include <sys/socket.h>
#include <time.h>

#include "../fortify/fortify.h"
#include "../time/clock_impl.h"
#include "clock.h"
#include "net_impl.h"
#include "uaccess.h"

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	if (!msg)
		return fs_ret(-EFAULT);
	long r;
	do
		r = sock_recvmsg(fd, msg, flags);
	while (fs_restart(r));
	return fs_ret(r);
}

/* A bad addrlen's error: as Linux, the descriptor is looked at first,
 * so EBADF or ENOTSOCK before EFAULT. */
static long bad_socket(int fd)
{
	int type;
	socklen_t len = sizeof(type);
	long r = sock_getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
	return r == -EBADF || r == -ENOTSOCK ? r : -EFAULT;
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *addr, socklen_t *addrlen)
{
	struct iovec iov = {buf, len};
	struct msghdr msg = {
	    .msg_name = addr, .msg_iov = &iov, .msg_iovlen = 1};
	if (addr && !addrlen)
		msg.msg_name = NULL;
	/* addrlen is the program's: read, and written back, as the kernel */
	if (msg.msg_name &&
	    (get_program(&msg.msg_namelen, addrlen, sizeof(*addrlen)) ||
	     probe_program_write(addrlen, sizeof(*addrlen))))
		return fs_ret(bad_socket(fd));
	ssize_t r = recvmsg(fd, &msg, flags);
	if (r >= 0 && msg.msg_name &&
	    put_program(addrlen, &msg.msg_namelen, sizeof(*addrlen)))
		return fs_ret(-EFAULT);
	return r;
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

/*
 * The messages received, or -1 when the first fails.  As Linux's, the
 * timeout is looked at only after each message.
 */
int recvmmsg(int fd, struct mmsghdr *vec, unsigned int n, int flags,
	     struct timespec *timeout)
{
	uint64_t end;
	if (!osv_time_relative_deadline(timeout, &end))
		return (int)fs_ret(-EINVAL);
	unsigned int i;
	for (i = 0; i < n; i++) {
		long r =
		    sock_recvmsg(fd, &vec[i].msg_hdr, flags & ~MSG_WAITFORONE);
		if (r < 0) {
			if (i)
				break;
			return (int)fs_ret(r);
		}
		unsigned int n = (unsigned int)r;
		if (put_program(&vec[i].msg_len, &n, sizeof(n)))
			return i ? (int)i : (int)fs_ret(-EFAULT);
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (timeout && clock_monotonic() >= end) {
			i++;
			break;
		}
	}
	return (int)i;
}

/* _FORTIFY_SOURCE entry points: the buffer must hold len bytes */
ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags);
ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen, int flags,
		       struct sockaddr *addr, socklen_t *addrlen);

ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags)
{
	if (len > buflen)
		__chk_fail();
	return recv(fd, buf, len, flags);
}

ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen, int flags,
		       struct sockaddr *addr, socklen_t *addrlen)
{
	if (len > buflen)
		__chk_fail();
	return recvfrom(fd, buf, len, flags, addr, addrlen);
}
