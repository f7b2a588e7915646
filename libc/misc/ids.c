/*
 * Process and user ids.  The program is the only process: pid 1 with no
 * parent, as the first process of a Linux container is, running as
 * root (it has the whole machine).  gettid is the kernel's thread id;
 * the main thread's is not the pid (unlike Linux), which only code that
 * compares the two would notice.
 */
#include <unistd.h>

#include "thread.h"

#define PROGRAM_PID 1

pid_t getpid(void)
{
	return PROGRAM_PID;
}

pid_t getppid(void)
{
	return 0;
}

pid_t gettid(void)
{
	return thread_id(thread_current());
}

uid_t getuid(void)
{
	return 0;
}

uid_t geteuid(void)
{
	return 0;
}

gid_t getgid(void)
{
	return 0;
}

gid_t getegid(void)
{
	return 0;
}
