/*
 * Process creation and replacement: the program is the only process of
 * the machine, so these fail with ENOSYS (a clear error the program can
 * report) rather than being missing at load time or crashing.
 */
#include <errno.h>
#include <stddef.h>
#include <unistd.h>

static int nosys(void)
{
	errno = ENOSYS;
	return -1;
}

pid_t fork(void)
{
	return nosys();
}

pid_t vfork(void)
{
	return nosys();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path, (void)argv, (void)envp;
	return nosys();
}

int execv(const char *path, char *const argv[])
{
	(void)path, (void)argv;
	return nosys();
}

int execvp(const char *file, char *const argv[])
{
	(void)file, (void)argv;
	return nosys();
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	(void)file, (void)argv, (void)envp;
	return nosys();
}

/* execl and friends take their arguments as a list; none are read. */
int execl(const char *path, const char *arg, ...)
{
	(void)path, (void)arg;
	return nosys();
}

int execlp(const char *file, const char *arg, ...)
{
	(void)file, (void)arg;
	return nosys();
}

int execle(const char *path, const char *arg, ...)
{
	(void)path, (void)arg;
	return nosys();
}

/* system(NULL) asks whether a shell exists: no (0). */
int system(const char *command)
{
	if (!command)
		return 0;
	return nosys();
}

/* No children ever exist: waiting is ECHILD, as for a childless process. */
static int no_child(void)
{
	errno = ECHILD;
	return -1;
}

pid_t wait(int *status)
{
	(void)status;
	return no_child();
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	(void)pid, (void)status, (void)options;
	return no_child();
}

int waitid(int idtype, unsigned id, void *info, int options)
{
	(void)idtype, (void)id, (void)info, (void)options;
	return no_child();
}

pid_t wait3(int *status, int options, void *rusage)
{
	(void)status, (void)options, (void)rusage;
	return no_child();
}

pid_t wait4(pid_t pid, int *status, int options, void *rusage)
{
	(void)pid, (void)status, (void)options, (void)rusage;
	return no_child();
}

/* posix_spawn returns the error number instead of setting errno. */
int posix_spawn(pid_t *pid, const char *path, const void *file_actions,
		const void *attr, char *const argv[], char *const envp[])
{
	(void)pid, (void)path, (void)file_actions, (void)attr, (void)argv;
	(void)envp;
	return ENOSYS;
}

int posix_spawnp(pid_t *pid, const char *file, const void *file_actions,
		 const void *attr, char *const argv[], char *const envp[])
{
	(void)pid, (void)file, (void)file_actions, (void)attr, (void)argv;
	(void)envp;
	return ENOSYS;
}

/* glibc's checks first, then execve's answer. */
int fexecve(int fd, char *const argv[], char *const envp[])
{
	if (fd < 0 || !argv || !envp) {
		errno = EINVAL;
		return -1;
	}
	return nosys();
}
