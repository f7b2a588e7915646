/* Making, naming and connecting sockets; their options. */
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "net_impl.h"

int socket(int domain, int type, int protocol)
{
	return (int)fs_ret(sock_socket(domain, type, protocol));
}

int socketpair(int domain, int type, int protocol, int fds[2])
{
	return (int)fs_ret(sock_socketpair(domain, type, protocol, fds));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return (int)fs_ret(sock_bind(fd, addr, len));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return (int)fs_ret(sock_connect(fd, addr, len));
}

int listen(int fd, int backlog)
{
	return (int)fs_ret(sock_listen(fd, backlog));
}

/* The wait for a connection restarts after a handler with SA_RESTART. */
int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	long r;
	do
		r = sock_accept4(fd, addr, len, flags);
	while (fs_restart(r));
	return (int)fs_ret(r);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return accept4(fd, addr, len, 0);
}

int shutdown(int fd, int how)
{
	return (int)fs_ret(sock_shutdown(fd, how));
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)fs_ret(sock_getsockname(fd, addr, len));
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)fs_ret(sock_getpeername(fd, addr, len));
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	return (int)fs_ret(sock_setsockopt(fd, level, name, val, len));
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	return (int)fs_ret(sock_getsockopt(fd, level, name, val, len));
}

/*
 * No socket carries urgent data (a TCP receive with MSG_OOB is EINVAL),
 * so none is ever at its mark: 0, as Linux answers a socket with no
 * urgent data waiting; ENOTTY when fd is no socket, as POSIX says.
 */
int sockatmark(int fd)
{
	struct stat st;
	if (fstat(fd, &st))
		return -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = ENOTTY;
		return -1;
	}
	return 0;
}
