/*
 * The socket calls on descriptors: the family dispatch (AF_UNIX, the
 * only one: the kernel has no IP networking, so every other family is
 * -EAFNOSUPPORT, as Linux built without it says), the type's flags,
 * and the checks every call shares (-EBADF, -ENOTSOCK).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>

#include "socket_calls.h"
#include "socket_impl.h"

#define TYPE_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

/* The socket of fd, referenced, or NULL with *err set. */
static struct file *socket_get(int fd, int *err)
{
	struct file *f = fd_get(fd);
	*err = f ? -ENOTSOCK : -EBADF;
	if (f && !unix_socket_file(f)) {
		file_release(f);
		return NULL;
	}
	return f;
}

static int family_check(int domain, int type, int protocol)
{
	if (domain != AF_UNIX)
		return -EAFNOSUPPORT;
	if (type & ~(TYPE_FLAGS | 0xf))
		return -EINVAL;
	if (protocol != 0)
		return -EPROTONOSUPPORT;
	return 0;
}

/* Linux's AF_UNIX takes SOCK_RAW for SOCK_DGRAM. */
static int unix_type(int type)
{
	type &= ~TYPE_FLAGS;
	return type == SOCK_RAW ? SOCK_DGRAM : type;
}

/* Installs f (its reference handed over); the descriptor or an error. */
static int install(struct file *f, int flags)
{
	int fd = fd_install(f, 0, flags & SOCK_CLOEXEC);
	file_release(f);
	return fd;
}

int sock_socket(int domain, int type, int protocol)
{
	int r = family_check(domain, type, protocol);
	struct file *f;
	if (!r)
		r = unix_socket_new(unix_type(type), type & SOCK_NONBLOCK, &f);
	return r ? r : install(f, type);
}

int sock_socketpair(int domain, int type, int protocol, int fds[2])
{
	int r = family_check(domain, type, protocol);
	struct file *f[2];
	if (!r)
		r = unix_socket_pair(unix_type(type), type & SOCK_NONBLOCK, f);
	if (r)
		return r;
	int a = install(f[0], type);
	if (a < 0) {
		file_release(f[1]);
		return a;
	}
	int b = install(f[1], type);
	if (b < 0) {
		fd_close(a);
		return b;
	}
	fds[0] = a;
	fds[1] = b;
	return 0;
}

int sock_bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	r = unix_bind(f, addr, len);
	file_release(f);
	return r;
}

int sock_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	r = unix_connect(f, addr, len);
	file_release(f);
	return r;
}

int sock_listen(int fd, int backlog)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	r = unix_listen(f, backlog);
	file_release(f);
	return r;
}

int sock_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	if (flags & ~TYPE_FLAGS)
		return -EINVAL;
	if (addr && (!len || (int)*len < 0))
		return len ? -EINVAL : -EFAULT;
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	struct file *nf;
	r = unix_accept(f, flags & SOCK_NONBLOCK, &nf);
	file_release(f);
	if (r)
		return r;
	if (addr)
		unix_name(nf, true, addr, len);
	return install(nf, flags);
}

long sock_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	long n = unix_sendmsg(f, msg, flags);
	file_release(f);
	return n;
}

long sock_recvmsg(int fd, struct msghdr *msg, int flags)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	long n = unix_recvmsg(f, msg, flags);
	file_release(f);
	return n;
}

int sock_shutdown(int fd, int how)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	r = unix_shutdown(f, how);
	file_release(f);
	return r;
}

static int name_of(int fd, bool peer, struct sockaddr *addr, socklen_t *len)
{
	if (!addr || !len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	r = unix_name(f, peer, addr, len);
	file_release(f);
	return r;
}

int sock_getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return name_of(fd, false, addr, len);
}

int sock_getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return name_of(fd, true, addr, len);
}

int sock_setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	if (level != SOL_SOCKET)
		r = -EOPNOTSUPP;
	else if (!val)
		r = -EFAULT;
	else
		r = unix_setsockopt(f, name, val, len);
	file_release(f);
	return r;
}

int sock_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int r;
	struct file *f = socket_get(fd, &r);
	if (!f)
		return r;
	if (level != SOL_SOCKET)
		r = -EOPNOTSUPP;
	else if (!val || !len)
		r = -EFAULT;
	else if ((int)*len < 0)
		r = -EINVAL;
	else
		r = unix_getsockopt(f, name, val, len);
	file_release(f);
	return r;
}
