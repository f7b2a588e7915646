#include <mcheck.h>

/*
 * Without libc_malloc_debug.so preloaded, glibc's mtrace does nothing,
 * even with MALLOC_TRACE set; programs such as Debian's gawk call it at
 * start anyway, so it must exist.
 */
void mtrace(void)
{
}

void muntrace(void)
{
}
