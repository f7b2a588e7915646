/* sys/eventfd.h: the declarations the libc is built with (glibc's ABI). */
#ifndef _SYS_EVENTFD_H
#define _SYS_EVENTFD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t eventfd_t;

#define EFD_SEMAPHORE 00000001
#define EFD_NONBLOCK 00004000
#define EFD_CLOEXEC 02000000

int eventfd(unsigned count, int flags);
int eventfd_read(int fd, eventfd_t *value);
int eventfd_write(int fd, eventfd_t value);

#ifdef __cplusplus
}
#endif

#endif
