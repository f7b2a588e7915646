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

#define RWF_HIPRI 0x01
#define RWF_DSYNC 0x02
#define RWF_SYNC 0x04
#define RWF_NOWAIT 0x08
#define RWF_APPEND 0x10
ssize_t preadv2(int fd, const struct iovec *iov, int count, off_t off,
		int flags);
ssize_t pwritev2(int fd, const struct iovec *iov, int count, off_t off,
		 int flags);
ssize_t process_vm_readv(pid_t pid, const struct iovec *local,
			 unsigned long nlocal, const struct iovec *remote,
			 unsigned long nremote, unsigned long flags);
ssize_t process_vm_writev(pid_t pid, const struct iovec *local,
			  unsigned long nlocal, const struct iovec *remote,
			  unsigned long nremote, unsigned long flags);

#ifdef __cplusplus
}
#endif

#endif
