/*
 * getpriority, setpriority, nice: the program's nice value, recorded
 * (the scheduler has no priorities yet).  Only the program itself
 * (PRIO_PROCESS/PRIO_PGRP/PRIO_USER of 0 or its own id) exists; values
 * are clamped to Linux's -20..19; only root may lower the value.
 */
#include <errno.h>
#include <unistd.h>

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

int getpriority(int which, unsigned who);
int setpriority(int which, unsigned who, int prio);
int nice(int inc);

static int nice_value;

static int check_who(int which, unsigned who)
{
	if (which < PRIO_PROCESS || which > PRIO_USER) {
		errno = EINVAL;
		return -1;
	}
	unsigned self =
	    which == PRIO_USER ? (unsigned)getuid() : (unsigned)getpid();
	if (who != 0 && who != self) {
		errno = ESRCH;
		return -1;
	}
	return 0;
}

int getpriority(int which, unsigned who)
{
	if (check_who(which, who))
		return -1;
	return nice_value;
}

int setpriority(int which, unsigned who, int prio)
{
	if (check_who(which, who))
		return -1;
	if (prio < -20)
		prio = -20;
	if (prio > 19)
		prio = 19;
	if (prio < nice_value && geteuid() != 0) {
		errno = EACCES;
		return -1;
	}
	nice_value = prio;
	return 0;
}

int nice(int inc)
{
	int want = nice_value + (inc > 40 ? 40 : inc < -40 ? -40 : inc);
	if (setpriority(PRIO_PROCESS, 0, want) != 0) {
		if (errno == EACCES)
			errno = EPERM;
		return -1;
	}
	return nice_value;
}
