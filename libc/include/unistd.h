/* unistd.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

extern char **__environ;
extern char **environ;

/* getopt: see <getopt.h> for the long forms. */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);
int __posix_getopt(int argc, char *const argv[], const char *optstring);

/* Sleeping (libc/time/). */
#ifndef __useconds_t_defined
#define __useconds_t_defined
typedef unsigned int useconds_t;
#endif
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

/* BEGIN misc (libc/misc/) */
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
long sysconf(int name);
int getpagesize(void);
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
pid_t getpgrp(void);
pid_t getpgid(pid_t pid);
pid_t getsid(pid_t pid);
pid_t setsid(void);
int setpgid(pid_t pid, pid_t pgid);
int getgroups(int size, gid_t list[]);
int getresuid(uid_t *r, uid_t *e, uid_t *s);
int getresgid(gid_t *r, gid_t *e, gid_t *s);
int setuid(uid_t uid);
int seteuid(uid_t uid);
int setgid(gid_t gid);
int setegid(gid_t gid);
int setpgrp(void);
int setgroups(size_t size, const gid_t *list);
int initgroups(const char *user, gid_t group);
int setresuid(uid_t r, uid_t e, uid_t s);
int setresgid(gid_t r, gid_t e, gid_t s);
int setreuid(uid_t r, uid_t e);
int setregid(gid_t r, gid_t e);
unsigned alarm(unsigned seconds);
unsigned ualarm(unsigned usecs, unsigned interval);
/* END misc */

#ifdef __cplusplus
}
#endif

#endif
