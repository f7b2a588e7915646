/* dirent.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* glibc's x86_64 layout (struct dirent64 is the same) */
struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};

enum {
	DT_UNKNOWN = 0,
	DT_FIFO = 1,
	DT_CHR = 2,
	DT_DIR = 4,
	DT_BLK = 6,
	DT_REG = 8,
	DT_LNK = 10,
	DT_SOCK = 12,
	DT_WHT = 14
};

typedef struct __dirstream DIR;

DIR *opendir(const char *name);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *dir);
int readdir_r(DIR *restrict dir, struct dirent *restrict entry,
	      struct dirent **restrict result);
int closedir(DIR *dir);
void rewinddir(DIR *dir);
void seekdir(DIR *dir, long pos);
long telldir(DIR *dir);
int dirfd(DIR *dir);
int scandir(const char *restrict dir, struct dirent ***restrict list,
	    int (*filter)(const struct dirent *),
	    int (*compar)(const struct dirent **, const struct dirent **));
int scandirat(int dirfd, const char *restrict dir,
	      struct dirent ***restrict list,
	      int (*filter)(const struct dirent *),
	      int (*compar)(const struct dirent **, const struct dirent **));
int alphasort(const struct dirent **a, const struct dirent **b);
int versionsort(const struct dirent **a, const struct dirent **b);
ssize_t getdents64(int fd, void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
