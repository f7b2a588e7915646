/* sys/time.h: glibc's struct timeval and gettimeofday for x86_64. */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef __suseconds_t_defined
#define __suseconds_t_defined
typedef long suseconds_t;
#endif

#ifndef __timeval_defined
#define __timeval_defined 1
struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};
#endif

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

int gettimeofday(struct timeval *restrict tv, void *restrict tz);
int settimeofday(const struct timeval *tv, const struct timezone *tz);

#define timerisset(tvp) ((tvp)->tv_sec || (tvp)->tv_usec)
#define timerclear(tvp) ((tvp)->tv_sec = (tvp)->tv_usec = 0)
#define timercmp(a, b, CMP)                                                    \
	(((a)->tv_sec == (b)->tv_sec) ? ((a)->tv_usec CMP(b)->tv_usec)         \
				      : ((a)->tv_sec CMP(b)->tv_sec))

/* BEGIN interval timers (libc/signal/alarm.c) */
#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};
int getitimer(int which, struct itimerval *value);
int setitimer(int which, const struct itimerval *value, struct itimerval *old);
/* END interval timers */

#ifdef __cplusplus
}
#endif

#endif
