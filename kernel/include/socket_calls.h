/*
 * The socket calls as the kernel implements them (kernel/fs/socket.c,
 * kernel/fs/unix_socket.c), for the libc's wrappers (libc/net/), which
 * turn a negative result into errno and -1 (and raise SIGPIPE for
 * -EPIPE without MSG_NOSIGNAL).  Arguments, structures and flags are
 * Linux's (sys/socket.h, sys/un.h); every call returns 0, a count or a
 * descriptor, or a negative errno as Linux's system call of the same
 * name does.
 *
 * The kernel is Linux built without IP networking: socket() of any
 * family but AF_UNIX fails with -EAFNOSUPPORT.  AF_UNIX sockets
 * (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET) connect threads of the one
 * process: bound to a path they are a socket file (S_IFSOCK) of the
 * filesystem, bound to an abstract name (sun_path[0] == 0) they are in
 * no filesystem.  Socket descriptors also read, write, poll, fstat and
 * close as other files; a blocking call ends with -EINTR when the
 * thread is interrupted (thread_interrupt()), as a pipe's.
 */
#ifndef KERNEL_SOCKET_CALLS_H
#define KERNEL_SOCKET_CALLS_H

#include <sys/socket.h>

int sock_socket(int domain, int type, int protocol);
int sock_socketpair(int domain, int type, int protocol, int fds[2]);
int sock_bind(int fd, const struct sockaddr *addr, socklen_t len);
int sock_connect(int fd, const struct sockaddr *addr, socklen_t len);
int sock_listen(int fd, int backlog);
/* flags: SOCK_NONBLOCK, SOCK_CLOEXEC; addr and len may be NULL */
int sock_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
/* flags: MSG_DONTWAIT, MSG_NOSIGNAL, MSG_EOR (ignored) */
long sock_sendmsg(int fd, const struct msghdr *msg, int flags);
/* flags: MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, MSG_TRUNC, MSG_CMSG_CLOEXEC */
long sock_recvmsg(int fd, struct msghdr *msg, int flags);
int sock_shutdown(int fd, int how);
int sock_getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int sock_getpeername(int fd, struct sockaddr *addr, socklen_t *len);
int sock_setsockopt(int fd, int level, int name, const void *val,
		    socklen_t len);
int sock_getsockopt(int fd, int level, int name, void *val, socklen_t *len);

#endif
