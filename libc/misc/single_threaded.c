/*
 * __libc_single_threaded (glibc 2.32): 1 while the program has one
 * thread; libstdc++ skips atomic operations then, and the libc's
 * streams skip their locks (stdio_impl.h).  Every thread that runs the
 * program's code comes from pthread_create(), which clears it before
 * the new thread exists; it is never set again (glibc's rule too).
 */
#include <sys/single_threaded.h>

#include "program_vars.h"

char __libc_single_threaded = 1;
char *osv_single_threaded_var = &__libc_single_threaded;
