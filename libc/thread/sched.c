/*
 * Scheduling calls.  One round-robin class serves every thread: the
 * policies and priorities programs set are kept and read back, but
 * change nothing.  There is one CPU and one process (pid 1).
 */
#include "pthread_impl.h"

static int valid_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_FIFO ||
	       policy == SCHED_RR || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE;
}

int sched_yield(void)
{
	thread_yield();
	return 0;
}

int pthread_yield(void)
{
	thread_yield();
	return 0;
}

int sched_get_priority_max(int policy)
{
	if (!valid_policy(policy)) {
		errno = EINVAL;
		return -1;
	}
	return policy == SCHED_FIFO || policy == SCHED_RR ? 99 : 0;
}

int sched_get_priority_min(int policy)
{
	if (!valid_policy(policy)) {
		errno = EINVAL;
		return -1;
	}
	return policy == SCHED_FIFO || policy == SCHED_RR ? 1 : 0;
}

int sched_getparam(pid_t pid, struct sched_param *param)
{
	(void)pid;
	param->sched_priority = 0;
	return 0;
}

int sched_setparam(pid_t pid, const struct sched_param *param)
{
	(void)pid;
	(void)param;
	return 0;
}

int sched_getscheduler(pid_t pid)
{
	(void)pid;
	return SCHED_OTHER;
}

int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)
{
	(void)pid;
	(void)param;
	if (!valid_policy(policy)) {
		errno = EINVAL;
		return -1;
	}
	return SCHED_OTHER;
}

int sched_rr_get_interval(pid_t pid, struct timespec *interval)
{
	(void)pid;
	interval->tv_sec = 0;
	interval->tv_nsec = (long)SCHED_SLICE_NS;
	return 0;
}

int sched_getcpu(void)
{
	return 0;
}

int pthread_setschedparam(pthread_t thread, int policy,
			  const struct sched_param *param)
{
	(void)thread;
	(void)param;
	return valid_policy(policy) ? 0 : EINVAL;
}

int pthread_getschedparam(pthread_t thread, int *policy,
			  struct sched_param *param)
{
	(void)thread;
	*policy = SCHED_OTHER;
	param->sched_priority = 0;
	return 0;
}

int pthread_setschedprio(pthread_t thread, int prio)
{
	(void)thread;
	(void)prio;
	return 0;
}

static int concurrency;

int pthread_setconcurrency(int level)
{
	if (level < 0)
		return EINVAL;
	concurrency = level;
	return 0;
}

int pthread_getconcurrency(void)
{
	return concurrency;
}

/* No fork(): the handlers would never run. */
int pthread_atfork(void (*prepare)(void), void (*parent)(void),
		   void (*child)(void))
{
	(void)prepare;
	(void)parent;
	(void)child;
	return 0;
}

int pthread_getcpuclockid(pthread_t thread, clockid_t *clock)
{
	if ((struct pthread *)thread != osv_pthread_self())
		return ENOENT; /* only the calling thread's clock exists */
	*clock = CLOCK_THREAD_CPUTIME_ID;
	return 0;
}
