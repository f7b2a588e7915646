/*
 * Helpers shared by the files of the C library; nothing here is part of
 * the glibc ABI.  Internal functions are named osv_<area>_<what> and are
 * hidden, so the kernel's export table carries only the public names.
 */
#ifndef OSV_LIBC_INTERNAL_LIBC_H
#define OSV_LIBC_INTERNAL_LIBC_H

#define LIBC_HIDDEN __attribute__((visibility("hidden")))

/*
 * Makes `alias` another name of the function `name` (glibc exports both,
 * e.g. __stpcpy and stpcpy).  The name is expanded before it is turned
 * into a string, so the host tests' renaming reaches it too.
 */
#define LIBC_STR_(x) #x
#define LIBC_STR(x) LIBC_STR_(x)
#define LIBC_ALIAS(name, alias)                                                \
	extern __typeof(name) alias __attribute__((__alias__(LIBC_STR(name))))

/*
 * Writes to descriptor 2 without stdio (libc/stdio/stderr_write.c).
 * getopt's diagnostics and the fortify checks' go through here.
 */
void osv_stderr_write(const char *p, unsigned long n) LIBC_HIDDEN;

/*
 * Writes what every stdio stream holds, without taking their locks
 * (libc/stdio/stdio_list.c); exit() calls it last.
 */
void osv_stdio_exit_flush(void) LIBC_HIDDEN;

#endif
