/*
 * AF_INET sockets (inet_socket.c): one socket family for socket.c,
 * whose calls go to the protocol of each socket, found in a table by
 * type and protocol number (udp.c's UDP; TCP's glue adds its own).  The
 * interface ioctls (SIOCGIFADDR ...) are the family's, for every
 * protocol.
 */
#ifndef KERNEL_NET_INET_SOCK_H
#define KERNEL_NET_INET_SOCK_H

#include "fd.h"
#include "../fs/socket_impl.h"

struct inet_proto {
	int type;     /* SOCK_DGRAM ... */
	int protocol; /* IPPROTO_*; the first of a type is its default */
	/*
	 * The calls (create included), as socket_family has them; a
	 * socket's file is made by inet_file_new().
	 */
	const struct socket_family *calls;
	/*
	 * stat, poll, close, ioctl (its own: FIONREAD ...); reads and
	 * writes are the family's recvmsg and sendmsg (socket_file_read)
	 */
	const struct file_ops *file;
};

/*
 * Every AF_INET socket's f->data starts with this, so the family finds
 * its protocol.
 */
struct inet_sock_head {
	const struct inet_proto *proto;
};

/* A socket's file (one reference) for data, notifying poll; or NULL. */
struct file *inet_file_new(void *data, struct file_poll_src *poll,
			   bool nonblock);

/* udp_socket.c's: UDP, and ICMP echo ("ping") sockets */
extern const struct inet_proto udp_proto, ping_proto;
extern const struct inet_proto tcp_proto; /* tcp_socket.c */

/*
 * A sockaddr_in of len bytes into addr/port (network order): 0, -EINVAL
 * (too short), -EAFNOSUPPORT (another family).
 */
int inet_addr_from(const struct sockaddr *a, socklen_t len, uint32_t *addr,
		   uint16_t *port);

#endif
