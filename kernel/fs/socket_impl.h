/*
 * What socket.c (the calls on descriptors, the family dispatch) asks of
 * unix_socket.c (AF_UNIX, the one family there is).  Errors are
 * negative errno values, as Linux's calls give them.
 */
#ifndef KERNEL_FS_SOCKET_IMPL_H
#define KERNEL_FS_SOCKET_IMPL_H

#include <stdbool.h>
#include <sys/socket.h>

#include "fd.h"

/* Whether f is an AF_UNIX socket. */
bool unix_socket_file(const struct file *f);

/*
 * A new socket of type (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET: else
 * -ESOCKTNOSUPPORT), O_NONBLOCK if nonblock; one reference.
 */
int unix_socket_new(int type, bool nonblock, struct file **out);
/* Two sockets of type connected to each other. */
int unix_socket_pair(int type, bool nonblock, struct file *out[2]);

int unix_bind(struct file *f, const struct sockaddr *addr, socklen_t len);
int unix_connect(struct file *f, const struct sockaddr *addr, socklen_t len);
int unix_listen(struct file *f, int backlog);
/* The next connection, O_NONBLOCK if nonblock: *out one reference. */
int unix_accept(struct file *f, bool nonblock, struct file **out);
long unix_sendmsg(struct file *f, const struct msghdr *msg, int flags);
long unix_recvmsg(struct file *f, struct msghdr *msg, int flags);
int unix_shutdown(struct file *f, int how);
/* The socket's own name, or its peer's (-ENOTCONN without one). */
int unix_name(struct file *f, bool peer, struct sockaddr *addr, socklen_t *len);
int unix_setsockopt(struct file *f, int name, const void *val, socklen_t len);
int unix_getsockopt(struct file *f, int name, void *val, socklen_t *len);

#endif
