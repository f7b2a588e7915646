/*
 * The socket calls on descriptors: the family dispatch (a family this
 * kernel is built without is -EAFNOSUPPORT, as Linux built without it
 * says), the type's flags, and the checks every call shares (-EBADF,
 * -ENOTSOCK, -EFAULT ...).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>

#include "config.h"

#include "socket_calls.h"
#include "socket_impl.h"
#include "uaccess.h"

#define TYPE_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

static const struct socket_family *const families[] = {
    &unix_family,
#if CONF_net
    &inet_family,
    &packet_family,
#endif
};

#define FAMILIES (sizeof(families) / sizeof(*families))

const struct socket_family *socket_family_of(const struct file *f)
{
	for (size_t i = 0; i < FAMILIES; i++)
		if (families[i]->file_ops == f->ops)
			return families[i];
	return NULL;
}

/*
 * The socket of fd, referenced, and its family in *fam; or NULL with
 * *err set.
 */
static struct file *socket_get(int fd, const struct socket_family **fam,
			       int *err)
{
	struct file *f = fd_get(fd);
	*err = f ? -ENOTSOCK : -EBADF;
	if (!f)
		return NULL;
	*fam = socket_family_of(f);
	if (*fam)
		return f;
	file_release(f);
	return NULL;
}

/* The family of domain, or NULL with *err set (a bad type too). */
static const struct socket_family *family_of(int domain, int type, int *err)
{
	*err = -EINVAL;
	if (type & ~(TYPE_FLAGS | 0xf))
		return NULL;
	*err = -EAFNOSUPPORT;
	for (size_t i = 0; i < FAMILIES; i++)
		if (families[i]->domain == domain)
			return families[i];
	return NULL;
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
	int r;
	const struct socket_family *fam = family_of(domain, type, &r);
	struct file *f;
	if (fam)
		r = fam->create(type & ~TYPE_FLAGS, protocol,
				type & SOCK_NONBLOCK, &f);
	return r ? r : install(f, type);
}

int sock_socketpair(int domain, int type, int protocol, int fds[2])
{
	int r;
	const struct socket_family *fam = family_of(domain, type, &r);
	struct file *f[2];
	if (fam)
		r = fam->pair ? fam->pair(type & ~TYPE_FLAGS, protocol,
					  type & SOCK_NONBLOCK, f)
			      : -EOPNOTSUPP;
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
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	r = fam->bind(f, addr, len);
	file_release(f);
	return r;
}

int sock_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	r = fam->connect(f, addr, len);
	file_release(f);
	return r;
}

int sock_listen(int fd, int backlog)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	r = fam->listen(f, backlog);
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
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	struct file *nf;
	r = fam->accept(f, flags & SOCK_NONBLOCK, &nf);
	file_release(f);
	if (r)
		return r;
	if (addr)
		fam->name(nf, true, addr, len);
	return install(nf, flags);
}

long sock_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	long n = fam->sendmsg(f, msg, flags);
	file_release(f);
	return n;
}

long sock_recvmsg(int fd, struct msghdr *msg, int flags)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	long n = fam->recvmsg(f, msg, flags);
	file_release(f);
	return n;
}

int sock_shutdown(int fd, int how)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	r = fam->shutdown(f, how);
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
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	r = fam->name(f, peer, addr, len);
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
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	if (!val)
		r = -EFAULT;
	else
		r = fam->setsockopt(f, level, name, val, len);
	file_release(f);
	return r;
}

int sock_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	/* len is the program's, read and written at the boundary */
	socklen_t n;
	if (!val || !len || get_program(&n, len, sizeof(n)))
		r = -EFAULT;
	else if ((int)n < 0)
		r = -EINVAL;
	else
		r = fam->getsockopt(f, level, name, val, &n);
	if (!r)
		r = put_program(len, &n, sizeof(n));
	file_release(f);
	return r;
}
