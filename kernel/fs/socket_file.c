/*
 * What the sockets of every family share: their files' reads, writes
 * and status, and the options' common forms.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "clock.h"
#include "socket_impl.h"
#include "uaccess.h"
#include "vm.h"

int socket_timeout_set(uint64_t *ns, const void *val, socklen_t len)
{
	if (len < sizeof(struct timeval))
		return -EINVAL;
	const struct timeval *tv = val;
	if (tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -EDOM;
	if (tv->tv_sec < 0)
		*ns = 0;
	else
		*ns = (uint64_t)tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000;
	return 0;
}

void socket_timeout_get(uint64_t ns, void *tv)
{
	struct timeval *t = tv;
	t->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	t->tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / 1000);
}

int socket_opt_out(void *val, socklen_t *len, const void *opt, size_t size)
{
	if (*len > size)
		*len = (socklen_t)size;
	return put_program(val, opt, *len);
}

long socket_file_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	struct iovec iov = {buf, len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	return socket_family_of(f)->recvmsg(f, &msg, 0);
}

long socket_file_write(struct file *f, const void *buf, size_t len,
		       uint64_t *off)
{
	(void)off;
	struct iovec iov = {(void *)buf, len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	return socket_family_of(f)->sendmsg(f, &msg, 0);
}

int socket_buf_size(int asked, int min)
{
	long d = 2L * (asked > SOCKET_BUF_MAX ? SOCKET_BUF_MAX : asked);
	return d < min ? min : (int)d; /* a negative asked too */
}

int socket_file_stat(struct vfs_attr *attr, uint64_t ino)
{
	memset(attr, 0, sizeof(*attr));
	attr->mode = VFS_IFSOCK | 0777;
	attr->nlink = 1;
	attr->ino = ino;
	attr->blksize = 4096;
	return 0;
}

long socket_iov_total(const struct msghdr *msg)
{
	size_t total = 0;
	for (size_t i = 0; i < msg->msg_iovlen; i++) {
		if (msg->msg_iov[i].iov_len > (size_t)INT64_MAX - total)
			return -EINVAL;
		total += msg->msg_iov[i].iov_len;
	}
	return (long)total;
}

size_t socket_iov_copy(const struct msghdr *msg, size_t at, void *buf, size_t n,
		       bool to_iov)
{
	char *p = buf;
	for (size_t i = 0; i < msg->msg_iovlen && n; i++) {
		size_t len = msg->msg_iov[i].iov_len;
		if (at >= len) {
			at -= len;
			continue;
		}
		char *base = (char *)msg->msg_iov[i].iov_base + at;
		size_t chunk = len - at < n ? len - at : n;
		at = 0;
		size_t left = to_iov ? copy_to_program(base, p, chunk)
				     : copy_from_program(p, base, chunk);
		p += chunk - left;
		if (left)
			break;
		n -= chunk;
	}
	return (size_t)(p - (char *)buf);
}

int socket_iov_prepare(const struct msghdr *msg, size_t at, size_t n,
		       bool to_iov)
{
	unsigned access = to_iov ? VM_ACCESS_WRITE : 0;
	for (size_t i = 0; i < msg->msg_iovlen && n; i++) {
		size_t len = msg->msg_iov[i].iov_len;
		if (at >= len) {
			at -= len;
			continue;
		}
		size_t chunk = len - at < n ? len - at : n;
		int r = vm_prepare((char *)msg->msg_iov[i].iov_base + at, chunk,
				   access);
		if (r)
			return r;
		at = 0;
		n -= chunk;
	}
	return 0;
}

int socket_iov_probe_write(const struct msghdr *msg, size_t at, size_t n)
{
	for (size_t i = 0; i < msg->msg_iovlen && n; i++) {
		size_t len = msg->msg_iov[i].iov_len;
		if (at >= len) {
			at -= len;
			continue;
		}
		size_t chunk = len - at < n ? len - at : n;
		if (probe_program_write((char *)msg->msg_iov[i].iov_base + at,
					chunk))
			return -EFAULT;
		at = 0;
		n -= chunk;
	}
	return 0;
}
