/* sys/timerfd.h: the declarations the libc is built with (glibc's ABI). */
#ifndef _SYS_TIMERFD_H
#define _SYS_TIMERFD_H

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TFD_TIMER_ABSTIME (1 << 0)
#define TFD_TIMER_CANCEL_ON_SET (1 << 1)
#define TFD_NONBLOCK 00004000
#define TFD_CLOEXEC 02000000

int timerfd_create(clockid_t clock, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *value,
		    struct itimerspec *old);
int timerfd_gettime(int fd, struct itimerspec *cur);

#ifdef __cplusplus
}
#endif

#endif
