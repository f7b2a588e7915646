/* utmp.h: login records, glibc's x86_64 layout (384 bytes a record). */
#ifndef _UTMP_H
#define _UTMP_H

#include <stdint.h>
#include <sys/types.h>

#define UT_LINESIZE 32
#define UT_NAMESIZE 32
#define UT_HOSTSIZE 256

#define EMPTY 0
#define RUN_LVL 1
#define BOOT_TIME 2
#define NEW_TIME 3
#define OLD_TIME 4
#define INIT_PROCESS 5
#define LOGIN_PROCESS 6
#define USER_PROCESS 7
#define DEAD_PROCESS 8
#define ACCOUNTING 9

#define _PATH_UTMP "/var/run/utmp"
#define _PATH_WTMP "/var/log/wtmp"

struct exit_status {
	short e_termination;
	short e_exit;
};

struct utmp {
	short ut_type;
	pid_t ut_pid;
	char ut_line[UT_LINESIZE];
	char ut_id[4];
	char ut_user[UT_NAMESIZE];
	char ut_host[UT_HOSTSIZE];
	struct exit_status ut_exit;
	int32_t ut_session;
	struct {
		int32_t tv_sec;
		int32_t tv_usec;
	} ut_tv;
	int32_t ut_addr_v6[4];
	char __glibc_reserved[20];
};

int utmpname(const char *file);
void setutent(void);
struct utmp *getutent(void);
void endutent(void);
struct utmp *getutid(const struct utmp *id);
struct utmp *getutline(const struct utmp *line);
struct utmp *pututline(const struct utmp *ut);
int getutent_r(struct utmp *buffer, struct utmp **result);
int getutid_r(const struct utmp *id, struct utmp *buffer, struct utmp **result);
int getutline_r(const struct utmp *line, struct utmp *buffer,
		struct utmp **result);
void updwtmp(const char *file, const struct utmp *ut);
void logwtmp(const char *line, const char *name, const char *host);
void login(const struct utmp *ut);
int login_tty(int fd);
int logout(const char *line);

#endif
