/*
 * What a failed _FORTIFY_SOURCE check does: glibc's message on
 * descriptor 2 ("*** buffer overflow detected ***: terminated"), then
 * abort() (status 134).  Nothing here uses a stream or the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "fortify.h"
#include "libc.h"

void osv_fortify_fail(const char *what)
{
	osv_stderr_write("*** ", 4);
	osv_stderr_write(what, strlen(what));
	osv_stderr_write(" ***: terminated\n", 17);
	abort();
}

void __chk_fail(void)
{
	osv_fortify_fail("buffer overflow detected");
}
