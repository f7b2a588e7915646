#ifndef _SHADOW_H
#define _SHADOW_H

#include <stddef.h>
#include <stdio.h>

struct spwd {
	char *sp_namp;
	char *sp_pwdp;
	long sp_lstchg;
	long sp_min;
	long sp_max;
	long sp_warn;
	long sp_inact;
	long sp_expire;
	unsigned long sp_flag;
};

void setspent(void);
void endspent(void);
struct spwd *getspent(void);
struct spwd *getspnam(const char *name);
int getspent_r(struct spwd *sp, char *buf, size_t len, struct spwd **result);
int getspnam_r(const char *name, struct spwd *sp, char *buf, size_t len,
	       struct spwd **result);

#endif
