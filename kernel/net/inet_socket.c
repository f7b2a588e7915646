/*
 * The AF_INET family: a socket's calls go to its protocol (inet_sock.h).
 * A type or protocol without one in the table is -EPROTONOSUPPORT (as
 * Linux built without it), an unknown type -ESOCKTNOSUPPORT.  The first
 * socket starts the stack.  The interface ioctls on any AF_INET socket
 * (inet_ioctl.c, then netdev's) come before the protocol's.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>

#include "inet_ioctl.h"
#include "inet_sock.h"
#include "ip4.h"

static const struct inet_proto *const protos[] = {
    &udp_proto,
    &ping_proto,
    &tcp_proto,
};

#define PROTOS (sizeof(protos) / sizeof(*protos))

static const struct file_ops inet_ops;

static const struct inet_proto *proto_of(struct file *f)
{
	return ((struct inet_sock_head *)f->data)->proto;
}

struct file *inet_file_new(void *data, struct file_poll_src *poll,
			   bool nonblock)
{
	struct file *f = file_new(&inet_ops, NULL,
				  O_RDWR | (nonblock ? O_NONBLOCK : 0), data);
	if (f)
		f->poll_src = poll;
	return f;
}

static int inet_create(int type, int protocol, bool nonblock, struct file **out)
{
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_RAW &&
	    type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	const struct inet_proto *p = NULL;
	for (size_t i = 0; i < PROTOS && !p; i++)
		if (protos[i]->type == type &&
		    (protos[i]->protocol == protocol || protocol == 0))
			p = protos[i];
	if (!p)
		return -EPROTONOSUPPORT;
	int r = ip4_start();
	return r ? r : p->calls->create(type, protocol, nonblock, out);
}

static int inet_bind(struct file *f, const struct sockaddr *a, socklen_t len)
{
	return proto_of(f)->calls->bind(f, a, len);
}

static int inet_connect(struct file *f, const struct sockaddr *a, socklen_t len)
{
	return proto_of(f)->calls->connect(f, a, len);
}

static int inet_listen(struct file *f, int backlog)
{
	return proto_of(f)->calls->listen(f, backlog);
}

static int inet_accept(struct file *f, bool nonblock, struct file **out)
{
	return proto_of(f)->calls->accept(f, nonblock, out);
}

static long inet_sendmsg(struct file *f, const struct msghdr *msg, int flags)
{
	return proto_of(f)->calls->sendmsg(f, msg, flags);
}

static long inet_recvmsg(struct file *f, struct msghdr *msg, int flags)
{
	return proto_of(f)->calls->recvmsg(f, msg, flags);
}

static int inet_shutdown(struct file *f, int how)
{
	return proto_of(f)->calls->shutdown(f, how);
}

static int inet_name(struct file *f, bool peer, struct sockaddr *a,
		     socklen_t *len)
{
	return proto_of(f)->calls->name(f, peer, a, len);
}

static int inet_setsockopt(struct file *f, int level, int name, const void *val,
			   socklen_t len)
{
	return proto_of(f)->calls->setsockopt(f, level, name, val, len);
}

static int inet_getsockopt(struct file *f, int level, int name, void *val,
			   socklen_t *len)
{
	return proto_of(f)->calls->getsockopt(f, level, name, val, len);
}

static int inet_stat(struct file *f, struct vfs_attr *attr)
{
	return proto_of(f)->file->stat(f, attr);
}

static int inet_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	int r = inet_if_ioctl(cmd, arg);
	if (r == -ENOTTY)
		r = netdev_ioctl(cmd, arg);
	if (r == -ENOTTY && proto_of(f)->file->ioctl)
		r = proto_of(f)->file->ioctl(f, cmd, arg);
	return r;
}

static void inet_close(struct file *f)
{
	proto_of(f)->file->close(f);
}

static unsigned inet_poll(struct file *f)
{
	return proto_of(f)->file->poll(f);
}

static const struct file_ops inet_ops = {
    .read = socket_file_read,
    .write = socket_file_write,
    .stat = inet_stat,
    .ioctl = inet_ioctl,
    .close = inet_close,
    .poll = inet_poll,
};

const struct socket_family inet_family = {
    .domain = AF_INET,
    .file_ops = &inet_ops,
    .create = inet_create,
    .bind = inet_bind,
    .connect = inet_connect,
    .listen = inet_listen,
    .accept = inet_accept,
    .sendmsg = inet_sendmsg,
    .recvmsg = inet_recvmsg,
    .shutdown = inet_shutdown,
    .name = inet_name,
    .setsockopt = inet_setsockopt,
    .getsockopt = inet_getsockopt,
};

int inet_addr_from(const struct sockaddr *a, socklen_t len, uint32_t *addr,
		   uint16_t *port)
{
	if (len < sizeof(struct sockaddr_in))
		return -EINVAL;
	if (a->sa_family != AF_INET)
		return -EAFNOSUPPORT;
	const struct sockaddr_in *in = (const struct sockaddr_in *)a;
	*addr = in->sin_addr.s_addr;
	*port = in->sin_port;
	return 0;
}
