/* ftw.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _FTW_H
#define _FTW_H

#include <sys/stat.h>

enum { FTW_F, FTW_D, FTW_DNR, FTW_NS, FTW_SL, FTW_DP, FTW_SLN };
enum {
	FTW_PHYS = 1,
	FTW_MOUNT = 2,
	FTW_CHDIR = 4,
	FTW_DEPTH = 8,
	FTW_ACTIONRETVAL = 16
};
enum { FTW_CONTINUE, FTW_STOP, FTW_SKIP_SUBTREE, FTW_SKIP_SIBLINGS };

struct FTW {
	int base;
	int level;
};

typedef int (*__ftw_func_t)(const char *path, const struct stat *st, int type);
typedef int (*__nftw_func_t)(const char *path, const struct stat *st, int type,
			     struct FTW *ftw);

int ftw(const char *dir, __ftw_func_t fn, int nopenfd);
int nftw(const char *dir, __nftw_func_t fn, int nopenfd, int flags);

#endif
