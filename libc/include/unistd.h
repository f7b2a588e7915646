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

#ifdef __cplusplus
}
#endif

#endif
