/*
 * The socket calls on descriptors: the family dispatch (a family this
 * kernel is built without is -EAFNOSUPPORT, as Linux built without it
 * says), the type's flags, and the checks every call shares (-EBADF,
 * -ENOTSOCK, -EFAULT ...).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>

#include "config.h"

#include "mm.h"
#include "socket_calls.h"
#include "socket_impl.h"
#include "uaccess.h"

#define TYPE_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)
#define OPTION_MOST 256 /* a setsockopt value's bytes looked at */

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

/* ---- What the program gives and gets: copied at the boundary ---- */

/*
 * The program's address: EINVAL past a sockaddr_storage, as Linux; the
 * rest zeroed (a family may look past len, as at a path's end).
 */
static int addr_in(struct sockaddr_storage *a, const struct sockaddr *addr,
		   socklen_t len)
{
	if (len > sizeof(*a))
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	return get_program(a, addr, len);
}

/*
 * Whether an address and its length can be written back, before what
 * they come with is taken: *n gets the length the program gives.
 */
static int addr_out_ready(struct sockaddr *addr, socklen_t *len, socklen_t *n)
{
	if (get_program(n, len, sizeof(*n)))
		return -EFAULT;
	if ((int)*n < 0)
		return -EINVAL;
	socklen_t room = *n < sizeof(struct sockaddr_storage)
			     ? *n
			     : sizeof(struct sockaddr_storage);
	return probe_program_write(addr, room) ||
		       probe_program_write(len, sizeof(*len))
		   ? -EFAULT
		   : 0;
}

/* The family's name of f into the program's addr and *len (n: given). */
static int addr_out(const struct socket_family *fam, struct file *f, bool peer,
		    struct sockaddr *addr, socklen_t *len, socklen_t n)
{
	struct sockaddr_storage a = {0};
	socklen_t full = n < sizeof(a) ? n : sizeof(a);
	int r = fam->name(f, peer, (struct sockaddr *)&a, &full);
	if (r)
		return r;
	return put_program(addr, &a, n < full ? n : full) ||
		       put_program(len, &full, sizeof(full))
		   ? -EFAULT
		   : 0;
}

#define IOV_NEAR 8	   /* iovecs copied to the stack; more, the heap */
#define IOV_MOST 1024	   /* Linux's UIO_MAXIOV */
#define CONTROL_MOST 65536 /* control data sent at most (ENOBUFS) */

/*
 * A message header of the program's, copied with its iovec array and,
 * to send, its name and control data: what the family is given.
 */
struct kmsg {
	struct msghdr m;
	struct iovec near[IOV_NEAR];
	struct sockaddr_storage name;
	void *control; /* sent: the heap's copy */
};

static int msg_in(struct kmsg *k, const struct msghdr *msg)
{
	k->control = NULL;
	if (get_program(&k->m, msg, sizeof(k->m))) {
		k->m.msg_iov = k->near;
		return -EFAULT;
	}
	size_t n = k->m.msg_iovlen;
	const struct iovec *iov = k->m.msg_iov;
	k->m.msg_iov = k->near;
	if (n > IOV_MOST)
		return -EMSGSIZE;
	if (n > IOV_NEAR && !(k->m.msg_iov = heap_alloc(n * sizeof(*iov)))) {
		k->m.msg_iov = k->near;
		return -ENOMEM;
	}
	if (k->m.msg_name == NULL)
		k->m.msg_namelen = 0;
	if (k->m.msg_namelen > sizeof(k->name))
		k->m.msg_namelen = sizeof(k->name);
	return get_program(k->m.msg_iov, iov, n * sizeof(*iov));
}

static void msg_done(struct kmsg *k)
{
	if (k->m.msg_iov != k->near)
		heap_free(k->m.msg_iov);
	heap_free(k->control);
}

static int msg_send_in(struct kmsg *k, const struct msghdr *msg)
{
	int r = msg_in(k, msg);
	if (r)
		return r;
	if (k->m.msg_name) {
		if (addr_in(&k->name, k->m.msg_name, k->m.msg_namelen))
			return -EFAULT;
		k->m.msg_name = &k->name;
	}
	size_t n = k->m.msg_control ? k->m.msg_controllen : 0;
	if (!n)
		return 0;
	if (n > CONTROL_MOST)
		return -ENOBUFS;
	if (!(k->control = heap_alloc(n)))
		return -ENOMEM;
	const void *from = k->m.msg_control;
	k->m.msg_control = k->control;
	return get_program(k->control, from, n);
}

/*
 * The header's fields a receive writes back must take a store before
 * the message is taken.  The name and the control buffer stay the
 * program's: the family writes them through uaccess.h, as much as the
 * message fills, before it takes the message where it can.
 */
static int msg_recv_in(struct kmsg *k, struct msghdr *msg)
{
	int r = msg_in(k, msg);
	if (r)
		return r;
	k->m.msg_flags = 0; /* what the family sets, not the program's */
	return probe_program_write(msg, sizeof(*msg));
}

/* The header's fields back to the program's msg. */
static int msg_recv_out(const struct kmsg *k, struct msghdr *msg)
{
	if (k->m.msg_name && put_program(&msg->msg_namelen, &k->m.msg_namelen,
					 sizeof(k->m.msg_namelen)))
		return -EFAULT;
	return put_program(&msg->msg_controllen, &k->m.msg_controllen,
			   sizeof(k->m.msg_controllen)) ||
		       put_program(&msg->msg_flags, &k->m.msg_flags,
				   sizeof(k->m.msg_flags))
		   ? -EFAULT
		   : 0;
}

/* ---- The calls ---- */

/* bind or connect, given a copy of the program's address */
static int to_addr(int fd, const struct sockaddr *addr, socklen_t len,
		   bool connect)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	struct sockaddr_storage a;
	r = addr_in(&a, addr, len);
	if (r == 0)
		r = (connect ? fam->connect
			     : fam->bind)(f, (struct sockaddr *)&a, len);
	file_release(f);
	return r;
}

int sock_bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return to_addr(fd, addr, len, false);
}

int sock_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return to_addr(fd, addr, len, true);
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
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	/* a bad address fails before a connection is taken */
	socklen_t n = 0;
	struct file *nf = NULL;
	r = addr ? addr_out_ready(addr, len, &n) : 0;
	if (r == 0)
		r = fam->accept(f, flags & SOCK_NONBLOCK, &nf);
	if (r == 0 && addr && addr_out(fam, nf, true, addr, len, n)) {
		file_release(nf); /* unmapped meanwhile: lost, as Linux */
		r = -EFAULT;
	}
	file_release(f);
	if (r)
		return r;
	return install(nf, flags);
}

long sock_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	struct kmsg k;
	long n = msg_send_in(&k, msg);
	if (n == 0)
		n = fam->sendmsg(f, &k.m, flags);
	msg_done(&k);
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
	struct kmsg k;
	long n = msg_recv_in(&k, msg);
	if (n == 0)
		n = fam->recvmsg(f, &k.m, flags);
	/* unmapped meanwhile: the message lost, as Linux */
	if (n >= 0 && msg_recv_out(&k, msg))
		n = -EFAULT;
	msg_done(&k);
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
	int r;
	const struct socket_family *fam;
	struct file *f = socket_get(fd, &fam, &r);
	if (!f)
		return r;
	socklen_t n;
	r = addr_out_ready(addr, len, &n);
	if (r == 0)
		r = addr_out(fam, f, peer, addr, len, n);
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
	/* a copy of the value: no option's is longer */
	char copy[OPTION_MOST];
	bool negative = (int)len < 0; /* the program's int: EINVAL, as Linux */
	if (len > sizeof(copy))
		len = sizeof(copy);
	if (negative)
		r = -EINVAL;
	else if (!val || get_program(copy, val, len))
		r = -EFAULT;
	else
		r = fam->setsockopt(f, level, name, copy, len);
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
