/* sys/uio.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct iovec {
	void *iov_base;
	size_t iov_len;
};

ssize_t readv(int fd, const struct iovec *iov, int count);
ssize_t writev(int fd, const struct iovec *iov, int count);
ssize_t preadv(int fd, const struct iovec *iov, int count, off_t off);
ssize_t pwritev(int fd, const struct iovec *iov, int count, off_t off);

#ifdef __cplusplus
}
#endif

#endif
