/*
 * getrlimit, setrlimit, prlimit: a table of limits the program may read
 * and set (it runs as root, so hard limits may rise too), with Linux's
 * defaults.
 * Nothing enforces them yet except what reads them (sysconf's
 * _SC_OPEN_MAX); the stack figure is the program's real stack (1 MiB,
 * kernel/app_loader.c).  Only the program itself (pid 0 or getpid())
 * has limits.
 */
#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#define INF RLIM_INFINITY

static struct rlimit limits[RLIMIT_NLIMITS] = {
    [RLIMIT_CPU] = {INF, INF},
    [RLIMIT_FSIZE] = {INF, INF},
    [RLIMIT_DATA] = {INF, INF},
    [RLIMIT_STACK] = {1 << 20, 1 << 20},
    [RLIMIT_CORE] = {0, INF},
    [RLIMIT_RSS] = {INF, INF},
    [RLIMIT_NPROC] = {1, 1},
    [RLIMIT_NOFILE] = {1024, 1048576},
    [RLIMIT_MEMLOCK] = {8 << 20, 8 << 20},
    [RLIMIT_AS] = {INF, INF},
    [RLIMIT_LOCKS] = {INF, INF},
    [RLIMIT_SIGPENDING] = {64, 64},
    [RLIMIT_MSGQUEUE] = {819200, 819200},
    [RLIMIT_NICE] = {0, 0},
    [RLIMIT_RTPRIO] = {0, 0},
    [RLIMIT_RTTIME] = {INF, INF},
};

int prlimit(int pid, int resource, const struct rlimit *new_limit,
	    struct rlimit *old_limit)
{
	if (pid != 0 && pid != getpid()) {
		errno = ESRCH;
		return -1;
	}
	if (resource < 0 || resource >= RLIMIT_NLIMITS) {
		errno = EINVAL;
		return -1;
	}
	struct rlimit *l = &limits[resource];
	if (new_limit) {
		if (new_limit->rlim_cur > new_limit->rlim_max) {
			errno = EINVAL;
			return -1;
		}
	}
	if (old_limit)
		*old_limit = *l;
	if (new_limit)
		*l = *new_limit;
	return 0;
}

int getrlimit(int resource, struct rlimit *rlim)
{
	return prlimit(0, resource, NULL, rlim);
}

int setrlimit(int resource, const struct rlimit *rlim)
{
	return prlimit(0, resource, rlim, NULL);
}

/* The *64 names glibc keeps for programs built with large-file flags. */
extern __typeof(getrlimit) getrlimit64 __attribute__((alias("getrlimit")));
extern __typeof(setrlimit) setrlimit64 __attribute__((alias("setrlimit")));
extern __typeof(prlimit) prlimit64 __attribute__((alias("prlimit")));
