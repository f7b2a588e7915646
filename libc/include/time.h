/* time.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _TIME_H
#define _TIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long time_t;
typedef long clock_t;

#define CLOCKS_PER_SEC ((clock_t)1000000)

/* Clocks and sleeping (libc/time/clock_gettime.c and neighbours). */
#ifndef __clockid_t_defined
#define __clockid_t_defined 1
typedef int clockid_t;
#endif

#ifndef __pid_t_defined
#define __pid_t_defined
typedef int pid_t;
#endif

#ifndef _STRUCT_TIMESPEC
#define _STRUCT_TIMESPEC 1
struct timespec {
	time_t tv_sec;
	long tv_nsec;
};
#endif

/* Linux's clock ids. */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define TIMER_ABSTIME 1
#define TIME_UTC 1

time_t time(time_t *t);
clock_t clock(void);
int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_getres(clockid_t clock_id, struct timespec *res);
int clock_settime(clockid_t clock_id, const struct timespec *tp);
int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *req,
		    struct timespec *rem);
int clock_getcpuclockid(pid_t pid, clockid_t *clock_id);

/* BEGIN POSIX timers */
typedef void *timer_t;
struct itimerspec {
	struct timespec it_interval;
	struct timespec it_value;
};
struct sigevent;
int timer_create(clockid_t clock, struct sigevent *restrict ev,
		 timer_t *restrict id);
int timer_delete(timer_t id);
int timer_settime(timer_t id, int flags, const struct itimerspec *restrict v,
		  struct itimerspec *restrict old);
int timer_gettime(timer_t id, struct itimerspec *v);
int timer_getoverrun(timer_t id);
/* END POSIX timers */
int nanosleep(const struct timespec *req, struct timespec *rem);
int timespec_get(struct timespec *ts, int base);
int timespec_getres(struct timespec *ts, int base);

struct tm {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;
	int tm_year;
	int tm_wday;
	int tm_yday;
	int tm_isdst;
	long tm_gmtoff;
	const char *tm_zone;
};

struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm);
time_t mktime(struct tm *tm);
time_t timelocal(struct tm *tm);
time_t timegm(struct tm *tm);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *restrict tm, char *restrict buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *restrict t, char *restrict buf);
double difftime(time_t t1, time_t t0) __attribute__((const));
char *strptime(const char *restrict s, const char *restrict fmt,
	       struct tm *restrict tm);
size_t strftime(char *restrict s, size_t max, const char *restrict fmt,
		const struct tm *restrict tm)
    __attribute__((format(__strftime__, 3, 0)));

extern char *__tzname[2];
extern int __daylight;
extern long __timezone;
extern char *tzname[2];
extern int daylight;
extern long timezone;
void tzset(void);

#ifdef __cplusplus
}
#endif

#endif
