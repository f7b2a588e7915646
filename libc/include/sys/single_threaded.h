/* sys/single_threaded.h: glibc's __libc_single_threaded (2.32). */
#ifndef _SYS_SINGLE_THREADED_H
#define _SYS_SINGLE_THREADED_H

#ifdef __cplusplus
extern "C" {
#endif

/* Nonzero while the program has one thread; never set again. */
extern char __libc_single_threaded;

#ifdef __cplusplus
}
#endif

#endif
