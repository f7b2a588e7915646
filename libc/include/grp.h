/* grp.h: the group database (glibc's struct group). */
#ifndef _GRP_H
#define _GRP_H

#include <stdio.h>
#include <sys/types.h>

struct group {
	char *gr_name;
	char *gr_passwd;
	gid_t gr_gid;
	char **gr_mem;
};

struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
int getgrnam_r(const char *name, struct group *grp, char *buf, size_t len,
	       struct group **result);
int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t len,
	       struct group **result);
struct group *getgrent(void);
int getgrent_r(struct group *grp, char *buf, size_t len, struct group **result);
void setgrent(void);
void endgrent(void);
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);

#endif
