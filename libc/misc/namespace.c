/*
 * setns, unshare and ptrace: osv has no namespaces and one process, so
 * these give what Linux gives where it cannot do what is asked: a
 * kernel without namespaces answers EINVAL to their flags and to a
 * descriptor that names none; no other process exists to trace (ESRCH),
 * nor a parent to trace this one (EPERM).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>

#define CLONE_SYSVSEM 0x00040000
#define PTRACE_TRACEME 0
#define PTRACE_ATTACH 16
#define PTRACE_SEIZE 0x4206
#define PROGRAM_PID 1

static int fail(int err)
{
	errno = err;
	return -1;
}

/* No descriptor refers to a namespace (no /proc/PID/ns). */
int setns(int fd, int nstype)
{
	(void)nstype;
	if (fcntl(fd, F_GETFD) < 0)
		return fail(EBADF);
	return fail(EINVAL);
}

/*
 * 0 and CLONE_SYSVSEM (no semaphore undo lists to part) do nothing, as
 * on Linux; a namespace or a private copy of the shared descriptor
 * table or directories cannot be made.
 */
int unshare(int flags)
{
	if (flags & ~CLONE_SYSVSEM)
		return fail(EINVAL);
	return 0;
}

long ptrace(int request, ...)
{
	va_list ap;
	va_start(ap, request);
	int pid = va_arg(ap, int);
	va_end(ap);
	if (request == PTRACE_TRACEME)
		return fail(EPERM);
	if ((request == PTRACE_ATTACH || request == PTRACE_SEIZE) &&
	    (pid == PROGRAM_PID || pid == 0))
		return fail(EPERM);
	return fail(ESRCH);
}
