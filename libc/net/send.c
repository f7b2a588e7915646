/* send, sendto, sendmsg, sendmmsg: all one sendmsg of the kernel. */
#include <sys/socket.h>

#include "net_impl.h"
#include "uaccess.h"

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	if (!msg)
		return fs_ret(-EFAULT);
	long r;
	do
		r = sock_sendmsg(fd, msg, flags);
	while (fs_restart(r));
	return fs_write_ret(r, !(flags & MSG_NOSIGNAL));
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *addr, socklen_t addrlen)
{
	struct iovec iov = {(void *)buf, len};
	struct msghdr msg = {.msg_name = (void *)addr,
			     .msg_namelen = addr ? addrlen : 0,
			     .msg_iov = &iov,
			     .msg_iovlen = 1};
	return sendmsg(fd, &msg, flags);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

/* The messages sent, or -1 when the first fails. */
int sendmmsg(int fd, struct mmsghdr *vec, unsigned int n, int flags)
{
	unsigned int i;
	for (i = 0; i < n; i++) {
		long r = sock_sendmsg(fd, &vec[i].msg_hdr, flags);
		if (r < 0) {
			if (i)
				break;
			return (int)fs_write_ret(r, !(flags & MSG_NOSIGNAL));
		}
		unsigned int sent = (unsigned int)r;
		if (put_program(&vec[i].msg_len, &sent, sizeof(sent)))
			return i ? (int)i : (int)fs_ret(-EFAULT);
	}
	return (int)i;
}
