/*
 * What socket.c (the calls on descriptors) asks of a socket family
 * (unix_socket.c: AF_UNIX; with the network stack, kernel/net/: AF_PACKET
 * and AF_INET), and the helpers families share.  Errors are negative
 * errno values, as Linux's calls give them.
 *
 * socket.c checks what every call shares (the descriptor is a socket,
 * the pointers and lengths the caller gave, the type's flags) before
 * calling the family, so a family's functions see a socket file of its
 * own, non-NULL buffers and a type without SOCK_NONBLOCK|SOCK_CLOEXEC.
 */
#ifndef KERNEL_FS_SOCKET_IMPL_H
#define KERNEL_FS_SOCKET_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "fd.h"

struct socket_family {
	int domain; /* AF_* */
	/* The file kind of every socket of the family. */
	const struct file_ops *file_ops;
	/*
	 * A new socket (type: SOCK_STREAM ...; an unknown one gives
	 * -ESOCKTNOSUPPORT, an unknown protocol -EPROTONOSUPPORT),
	 * O_NONBLOCK if nonblock: one reference.
	 */
	int (*create)(int type, int protocol, bool nonblock, struct file **out);
	/* Two sockets connected to each other; NULL: -EOPNOTSUPP. */
	int (*pair)(int type, int protocol, bool nonblock, struct file *out[2]);
	int (*bind)(struct file *f, const struct sockaddr *addr, socklen_t len);
	int (*connect)(struct file *f, const struct sockaddr *addr,
		       socklen_t len);
	int (*listen)(struct file *f, int backlog);
	/* The next connection, O_NONBLOCK if nonblock: *out one reference. */
	int (*accept)(struct file *f, bool nonblock, struct file **out);
	long (*sendmsg)(struct file *f, const struct msghdr *msg, int flags);
	long (*recvmsg)(struct file *f, struct msghdr *msg, int flags);
	int (*shutdown)(struct file *f, int how);
	/* The socket's own name, or its peer's (-ENOTCONN without one). */
	int (*name)(struct file *f, bool peer, struct sockaddr *addr,
		    socklen_t *len);
	/* Any level (SOL_SOCKET and the family's own): -ENOPROTOOPT ... */
	int (*setsockopt)(struct file *f, int level, int name, const void *val,
			  socklen_t len);
	int (*getsockopt)(struct file *f, int level, int name, void *val,
			  socklen_t *len);
};

extern const struct socket_family unix_family;
/* With the network stack (CONF_net): kernel/net/packet_socket.c */
extern const struct socket_family packet_family;
extern const struct socket_family inet_family; /* kernel/net/inet_socket.c */

/* The family of a socket file, or NULL for a file that is no socket. */
const struct socket_family *socket_family_of(const struct file *f);

/* ---- What every family's sockets share (socket_file.c) ---- */

/*
 * SO_SNDBUF's and SO_RCVBUF's size for asked: as Linux, twice it,
 * within twice SOCKET_BUF_MAX (net.core.rmem_max) and at least min.
 */
#define SOCKET_BUF_MAX 212992
int socket_buf_size(int asked, int min);
/* SO_RCVTIMEO and SO_SNDTIMEO: a struct timeval to ns (0: no timeout). */
int socket_timeout_set(uint64_t *ns, const void *val, socklen_t len);
void socket_timeout_get(uint64_t ns, void *tv);
/*
 * getsockopt's answer: opt's size bytes, cut to *len (set to what went);
 * 0, or -EFAULT when val is a bad buffer (uaccess.h).
 */
int socket_opt_out(void *val, socklen_t *len, const void *opt, size_t size);
/* file_ops.read and .write of a socket: its family's recvmsg, sendmsg. */
long socket_file_read(struct file *f, void *buf, size_t len, uint64_t *off);
long socket_file_write(struct file *f, const void *buf, size_t len,
		       uint64_t *off);
/* What fstat shows of the socket numbered ino. */
int socket_file_stat(struct vfs_attr *attr, uint64_t ino);
/* The bytes msg's iovecs hold, or -EINVAL beyond a long's range. */
long socket_iov_total(const struct msghdr *msg);
/*
 * Copies n bytes between buf and msg's iovecs from their byte at on
 * (into the iovecs if to_iov), stopping at their end; the bytes copied,
 * fewer at a bad buffer (uaccess.h), even one another thread unmapped
 * after socket_iov_prepare().
 */
__attribute__((warn_unused_result)) size_t
socket_iov_copy(const struct msghdr *msg, size_t at, void *buf, size_t n,
		bool to_iov);
/*
 * vm_prepare() for the iovecs' bytes [at, at + n) (their end at most),
 * to be written if to_iov: 0 or -EFAULT.  Before copying them under a
 * spinlock, or to fail with EFAULT rather than fault.
 */
int socket_iov_prepare(const struct msghdr *msg, size_t at, size_t n,
		       bool to_iov);
/*
 * probe_program_write() (uaccess.h) for the iovecs' bytes [at, at + n)
 * (their end at most): 0 or -EFAULT.  Before taking bytes that a failed
 * copy out could not put back.
 */
int socket_iov_probe_write(const struct msghdr *msg, size_t at, size_t n);

#endif
