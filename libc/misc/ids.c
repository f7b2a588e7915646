/*
 * Process, group, session and user ids.  The program is the only
 * process: pid 1 with no parent, as the first process of a container
 * is, leading its own process group and session, and it starts as root
 * (it has the whole machine).  The user and group ids are recorded, so
 * a program that drops privileges (setuid, setgid, seteuid) sees the
 * ids it set, with Linux's rules (only root changes them freely); they
 * grant or deny nothing else here.  gettid is the kernel's thread id;
 * the main thread's is not the pid (unlike Linux).
 */
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>

#include "thread.h"

#define PROGRAM_PID 1

static struct {
	uid_t ruid, euid, suid, fsuid;
	gid_t rgid, egid, sgid, fsgid;
} ids;

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

pid_t getpgrp(void)
{
	return PROGRAM_PID;
}

static bool is_self(pid_t pid)
{
	return pid == 0 || pid == PROGRAM_PID;
}

pid_t getpgid(pid_t pid)
{
	if (!is_self(pid)) {
		errno = ESRCH;
		return -1;
	}
	return PROGRAM_PID;
}

pid_t getsid(pid_t pid)
{
	return getpgid(pid);
}

/* The program already leads its process group: Linux says EPERM. */
pid_t setsid(void)
{
	errno = EPERM;
	return -1;
}

int setpgid(pid_t pid, pid_t pgid)
{
	if (!is_self(pid)) {
		errno = ESRCH;
		return -1;
	}
	if (pgid != 0 && pgid != PROGRAM_PID) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* setpgrp() is setpgid(0, 0): the program's group already. */
int setpgrp(void)
{
	return setpgid(0, 0);
}

/* Supplementary groups: recorded as root sets them. */
#define NGROUPS 64
static gid_t groups[NGROUPS];
static int ngroups;

int getgroups(int size, gid_t list[])
{
	if (size < 0) {
		errno = EINVAL;
		return -1;
	}
	if (size == 0)
		return ngroups;
	if (size < ngroups) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < ngroups; i++)
		list[i] = groups[i];
	return ngroups;
}

int setgroups(size_t size, const gid_t *list)
{
	if (ids.euid != 0) {
		errno = EPERM;
		return -1;
	}
	if (size > NGROUPS) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < size; i++)
		groups[i] = list[i];
	ngroups = (int)size;
	return 0;
}

/* Without a group database the user belongs to group only. */
int initgroups(const char *user, gid_t group)
{
	(void)user;
	return setgroups(1, &group);
}

uid_t getuid(void)
{
	return ids.ruid;
}

uid_t geteuid(void)
{
	return ids.euid;
}

gid_t getgid(void)
{
	return ids.rgid;
}

gid_t getegid(void)
{
	return ids.egid;
}

int getresuid(uid_t *r, uid_t *e, uid_t *s)
{
	*r = ids.ruid;
	*e = ids.euid;
	*s = ids.suid;
	return 0;
}

int getresgid(gid_t *r, gid_t *e, gid_t *s)
{
	*r = ids.rgid;
	*e = ids.egid;
	*s = ids.sgid;
	return 0;
}

static int denied(void)
{
	errno = EPERM;
	return -1;
}

/* Root sets all three ids; others may only take their real or saved. */
int setuid(uid_t uid)
{
	if (ids.euid == 0) {
		ids.ruid = ids.euid = ids.suid = ids.fsuid = uid;
		return 0;
	}
	if (uid != ids.ruid && uid != ids.suid)
		return denied();
	ids.euid = uid;
	ids.fsuid = ids.euid;
	return 0;
}

int seteuid(uid_t uid)
{
	if (ids.euid != 0 && uid != ids.ruid && uid != ids.suid)
		return denied();
	ids.euid = uid;
	ids.fsuid = ids.euid;
	return 0;
}

int setgid(gid_t gid)
{
	if (ids.euid == 0) {
		ids.rgid = ids.egid = ids.sgid = ids.fsgid = gid;
		return 0;
	}
	if (gid != ids.rgid && gid != ids.sgid)
		return denied();
	ids.egid = gid;
	ids.fsgid = ids.egid;
	return 0;
}

int setegid(gid_t gid)
{
	if (ids.euid != 0 && gid != ids.rgid && gid != ids.sgid)
		return denied();
	ids.egid = gid;
	ids.fsgid = ids.egid;
	return 0;
}

/* -1 leaves an id as it is; an unprivileged caller may only use its
 * current real, effective or saved ids. */
static bool may_take(uid_t id, uid_t r, uid_t e, uid_t s)
{
	return id == (uid_t)-1 || ids.euid == 0 || id == r || id == e ||
	       id == s;
}

int setresuid(uid_t r, uid_t e, uid_t s)
{
	if (!may_take(r, ids.ruid, ids.euid, ids.suid) ||
	    !may_take(e, ids.ruid, ids.euid, ids.suid) ||
	    !may_take(s, ids.ruid, ids.euid, ids.suid))
		return denied();
	if (r != (uid_t)-1)
		ids.ruid = r;
	if (e != (uid_t)-1)
		ids.euid = e;
	ids.fsuid = ids.euid;
	if (s != (uid_t)-1)
		ids.suid = s;
	return 0;
}

int setresgid(gid_t r, gid_t e, gid_t s)
{
	if (!may_take(r, ids.rgid, ids.egid, ids.sgid) ||
	    !may_take(e, ids.rgid, ids.egid, ids.sgid) ||
	    !may_take(s, ids.rgid, ids.egid, ids.sgid))
		return denied();
	if (r != (gid_t)-1)
		ids.rgid = r;
	if (e != (gid_t)-1)
		ids.egid = e;
	ids.fsgid = ids.egid;
	if (s != (gid_t)-1)
		ids.sgid = s;
	return 0;
}

/* setreuid: as setresuid, the saved id following a new effective one
 * when the real id is set or the effective differs from the old real. */
int setreuid(uid_t r, uid_t e)
{
	uid_t s = (uid_t)-1;
	if (r != (uid_t)-1 || (e != (uid_t)-1 && e != ids.ruid))
		s = e != (uid_t)-1 ? e : ids.euid;
	return setresuid(r, e, s);
}

int setregid(gid_t r, gid_t e)
{
	gid_t s = (gid_t)-1;
	if (r != (gid_t)-1 || (e != (gid_t)-1 && e != ids.rgid))
		s = e != (gid_t)-1 ? e : ids.egid;
	return setresgid(r, e, s);
}

/*
 * The file system ids: Linux's calls return the old id whatever happens
 * and change it when the caller is root or names one of its own ids.
 * Nothing here checks file permissions, so they are only recorded.
 */
int setfsuid(uid_t uid)
{
	uid_t old = ids.fsuid;
	if (ids.euid == 0 || uid == ids.ruid || uid == ids.euid ||
	    uid == ids.suid || uid == ids.fsuid)
		ids.fsuid = uid;
	return (int)old;
}

int setfsgid(gid_t gid)
{
	gid_t old = ids.fsgid;
	if (ids.euid == 0 || gid == ids.rgid || gid == ids.egid ||
	    gid == ids.sgid || gid == ids.fsgid)
		ids.fsgid = gid;
	return (int)old;
}
