/* sys/select.h: the declarations the libc is built with (glibc's ABI). */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <signal.h>
#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FD_SETSIZE 1024
#define __NFDBITS (8 * (int)sizeof(long))

typedef struct {
	long fds_bits[FD_SETSIZE / __NFDBITS];
} fd_set;

#define FD_ZERO(s) __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(fd, s)                                                          \
	((void)((s)->fds_bits[(fd) / __NFDBITS] |= 1L << ((fd) % __NFDBITS)))
#define FD_CLR(fd, s)                                                          \
	((void)((s)->fds_bits[(fd) / __NFDBITS] &= ~(1L << ((fd) % __NFDBITS))))
#define FD_ISSET(fd, s)                                                        \
	(((s)->fds_bits[(fd) / __NFDBITS] & (1L << ((fd) % __NFDBITS))) != 0)

int select(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout);
int pselect(int n, fd_set *rd, fd_set *wr, fd_set *ex,
	    const struct timespec *timeout, const sigset_t *mask);

#ifdef __cplusplus
}
#endif

#endif
