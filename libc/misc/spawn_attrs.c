/*
 * posix_spawn's attribute and file-action objects.  posix_spawn itself
 * fails with ENOSYS (libc/misc/nosys.c), so file actions are checked
 * and forgotten; attributes are kept in glibc's posix_spawnattr_t
 * layout (flags, process group, default and masked signals, scheduling)
 * so that the getters read back what was set.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

/* glibc's layouts: 80 and 336 bytes. */
typedef struct {
	int allocated, used;
	void *actions;
	int pad[16];
} file_actions_t;

typedef struct {
	short flags;
	int pgrp;
	sigset_t sigdefault, sigmask;
	int sched_priority;
	int policy;
	int pad[16];
} spawnattr_t;

_Static_assert(sizeof(file_actions_t) == 80, "glibc's size");
_Static_assert(sizeof(spawnattr_t) == 336, "glibc's size");

/* The flags glibc knows (POSIX_SPAWN_RESETIDS .. POSIX_SPAWN_SETSID). */
#define SPAWN_FLAGS 0xff

int posix_spawn_file_actions_init(file_actions_t *fa);
int posix_spawn_file_actions_destroy(file_actions_t *fa);
int posix_spawn_file_actions_addclose(file_actions_t *fa, int fd);
int posix_spawn_file_actions_adddup2(file_actions_t *fa, int fd, int newfd);
int posix_spawn_file_actions_addopen(file_actions_t *fa, int fd,
				     const char *path, int flags,
				     unsigned mode);
int posix_spawn_file_actions_addchdir_np(file_actions_t *fa, const char *path);
int posix_spawn_file_actions_addfchdir_np(file_actions_t *fa, int fd);
int posix_spawnattr_init(spawnattr_t *a);
int posix_spawnattr_destroy(spawnattr_t *a);
int posix_spawnattr_setflags(spawnattr_t *a, short flags);
int posix_spawnattr_getflags(const spawnattr_t *a, short *flags);
int posix_spawnattr_setpgroup(spawnattr_t *a, int pgrp);
int posix_spawnattr_getpgroup(const spawnattr_t *a, int *pgrp);
int posix_spawnattr_setsigdefault(spawnattr_t *a, const sigset_t *set);
int posix_spawnattr_getsigdefault(const spawnattr_t *a, sigset_t *set);
int posix_spawnattr_setsigmask(spawnattr_t *a, const sigset_t *set);
int posix_spawnattr_getsigmask(const spawnattr_t *a, sigset_t *set);
int posix_spawnattr_setschedparam(spawnattr_t *a, const int *param);
int posix_spawnattr_getschedparam(const spawnattr_t *a, int *param);
int posix_spawnattr_setschedpolicy(spawnattr_t *a, int policy);
int posix_spawnattr_getschedpolicy(const spawnattr_t *a, int *policy);

int posix_spawn_file_actions_init(file_actions_t *fa)
{
	memset(fa, 0, sizeof(*fa));
	return 0;
}

int posix_spawn_file_actions_destroy(file_actions_t *fa)
{
	(void)fa;
	return 0;
}

int posix_spawn_file_actions_addclose(file_actions_t *fa, int fd)
{
	(void)fa;
	return fd < 0 ? EBADF : 0;
}

int posix_spawn_file_actions_adddup2(file_actions_t *fa, int fd, int newfd)
{
	(void)fa;
	return fd < 0 || newfd < 0 ? EBADF : 0;
}

int posix_spawn_file_actions_addopen(file_actions_t *fa, int fd,
				     const char *path, int flags, unsigned mode)
{
	(void)fa, (void)path, (void)flags, (void)mode;
	return fd < 0 ? EBADF : 0;
}

int posix_spawn_file_actions_addchdir_np(file_actions_t *fa, const char *path)
{
	(void)fa, (void)path;
	return 0;
}

int posix_spawn_file_actions_addfchdir_np(file_actions_t *fa, int fd)
{
	(void)fa;
	return fd < 0 ? EBADF : 0;
}

int posix_spawnattr_init(spawnattr_t *a)
{
	memset(a, 0, sizeof(*a));
	return 0;
}

int posix_spawnattr_destroy(spawnattr_t *a)
{
	(void)a;
	return 0;
}

int posix_spawnattr_setflags(spawnattr_t *a, short flags)
{
	if (flags & ~SPAWN_FLAGS)
		return EINVAL;
	a->flags = flags;
	return 0;
}

int posix_spawnattr_getflags(const spawnattr_t *a, short *flags)
{
	*flags = a->flags;
	return 0;
}

int posix_spawnattr_setpgroup(spawnattr_t *a, int pgrp)
{
	a->pgrp = pgrp;
	return 0;
}

int posix_spawnattr_getpgroup(const spawnattr_t *a, int *pgrp)
{
	*pgrp = a->pgrp;
	return 0;
}

int posix_spawnattr_setsigdefault(spawnattr_t *a, const sigset_t *set)
{
	a->sigdefault = *set;
	return 0;
}

int posix_spawnattr_getsigdefault(const spawnattr_t *a, sigset_t *set)
{
	*set = a->sigdefault;
	return 0;
}

int posix_spawnattr_setsigmask(spawnattr_t *a, const sigset_t *set)
{
	a->sigmask = *set;
	return 0;
}

int posix_spawnattr_getsigmask(const spawnattr_t *a, sigset_t *set)
{
	*set = a->sigmask;
	return 0;
}

int posix_spawnattr_setschedparam(spawnattr_t *a, const int *param)
{
	a->sched_priority = *param;
	return 0;
}

int posix_spawnattr_getschedparam(const spawnattr_t *a, int *param)
{
	*param = a->sched_priority;
	return 0;
}

int posix_spawnattr_setschedpolicy(spawnattr_t *a, int policy)
{
	if (policy < 0 || policy > 6)
		return EINVAL;
	a->policy = policy;
	return 0;
}

int posix_spawnattr_getschedpolicy(const spawnattr_t *a, int *policy)
{
	*policy = a->policy;
	return 0;
}
