/*
 * The ABI table of test_libc_abi.c, built with the libc's own headers
 * (-nostdinc): what the kernel and the libc are compiled against.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wchar.h>
/* BEGIN libm and misc */
#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/ucontext.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <wctype.h>
/* BEGIN epoll, eventfd, timerfd */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
/* END epoll, eventfd, timerfd */
/* BEGIN inotify */
#include <sys/inotify.h>
/* END inotify */
/* END libm and misc */

/* BEGIN abirest */
#include <aio.h>
#include <arpa/nameser.h>
#include <fts.h>
#include <printf.h>
#include <resolv.h>
#include <ucontext.h>
#include <utmp.h>
/* END abirest */

#include "abi_table.h"

const struct abi_entry osv_abi[] = {
#include "abi_types.def"
    {NULL, 0, NULL},
};
