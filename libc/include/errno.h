/* errno.h: Linux's values, glibc's __errno_location ABI. */
#ifndef _ERRNO_H
#define _ERRNO_H

#ifdef __cplusplus
extern "C" {
#endif

int *__errno_location(void) __attribute__((const));
#define errno (*__errno_location())

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define EBADF 9
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define EOVERFLOW 75

#ifdef __cplusplus
}
#endif

#endif
