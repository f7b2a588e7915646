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

/* Files (libc/fs/). */
#include <sys/types.h>
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define R_OK 4
#define W_OK 2
#define X_OK 1
#define F_OK 0
ssize_t read(int fd, void *buf, size_t len);
ssize_t write(int fd, const void *buf, size_t len);
ssize_t pread(int fd, void *buf, size_t len, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t len, off_t off);
off_t lseek(int fd, off_t off, int whence);
int close(int fd);
int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
int eaccess(const char *path, int mode);
int euidaccess(const char *path, int mode);
int rmdir(const char *path);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags);
int link(const char *old, const char *new_);
int linkat(int olddirfd, const char *old, int newdirfd, const char *new_,
	   int flags);
int symlink(const char *target, const char *path);
int symlinkat(const char *target, int dirfd, const char *path);
ssize_t readlink(const char *restrict path, char *restrict buf, size_t len);
ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf,
		   size_t len);
int truncate(const char *path, off_t len);
int ftruncate(int fd, off_t len);
int fsync(int fd);
int fdatasync(int fd);
void sync(void);
int syncfs(int fd);
char *getcwd(char *buf, size_t len);
char *get_current_dir_name(void);
char *getwd(char *buf);
int chdir(const char *path);
int fchdir(int fd);
int chown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int isatty(int fd);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
#define F_ULOCK 0
#define F_LOCK 1
#define F_TLOCK 2
#define F_TEST 3
int lockf(int fd, int cmd, off_t len);
int lockf64(int fd, int cmd, off_t len);
/* BEGIN misc (libc/misc/) */
long sysconf(int name);
int getpagesize(void);
pid_t getpid(void);
int brk(void *addr);
void *sbrk(intptr_t increment);
pid_t getppid(void);
pid_t gettid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int fexecve(int fd, char *const argv[], char *const envp[]);
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
int gethostname(char *name, size_t len);
char *ttyname(int fd);
unsigned alarm(unsigned seconds);
unsigned ualarm(unsigned usecs, unsigned interval);
/* END misc */

#ifdef __cplusplus
}
#endif

#endif
