/*
 * The libc's headers against glibc's: the size and alignment of every
 * type the libc defines that applications share with it, the offset and
 * size of every field, and the values of the constants (errno values,
 * locale categories, ctype bits, nl_langinfo items, limits, printf and
 * scanf format macros).  abi_types.def lists them; abi_osv.c evaluates
 * the list with the libc's headers, this file with the host's.  Output
 * is TAP.
 */
#define _GNU_SOURCE
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
#include "difftest.h"

extern const struct abi_entry osv_abi[];

static const struct abi_entry glibc_abi[] = {
#include "abi_types.def"
    {NULL, 0, NULL},
};

int main(void)
{
	unsigned types = 0, fields = 0, consts = 0;
	for (int i = 0; glibc_abi[i].name; i++) {
		const struct abi_entry *g = &glibc_abi[i], *o = &osv_abi[i];
		int same = o->name && !strcmp(g->name, o->name) &&
			   (g->str ? o->str && !strcmp(g->str, o->str)
				   : g->value == o->value);
		CHECK(same, "%s: %ld \"%s\", glibc %ld \"%s\"", g->name,
		      o->value, o->str ? o->str : "", g->value,
		      g->str ? g->str : "");
		if (!strncmp(g->name, "sizeof(", 7) && !strchr(g->name, '>'))
			types++;
		else if (!strncmp(g->name, "offsetof", 8))
			fields++;
		else if (strncmp(g->name, "_Alignof", 8) &&
			 strncmp(g->name, "sizeof", 6))
			consts++;
	}
	char name[160];
	snprintf(name, sizeof(name),
		 "%u types (size, alignment), %u fields (offset, size), %u "
		 "constants agree with glibc",
		 types, fields, consts);
	dt_group_end(name);
	return dt_done();
}
