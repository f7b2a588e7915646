/*
 * __libc_start_main(): what a PIE's _start (glibc's crt1) calls.  The
 * kernel's loader has already run the constructors, so init and fini
 * (NULL since glibc 2.34, the executable's own in older crt1 files) are
 * not called, and rtld_fini is NULL.  The environment follows argv, as
 * the process stack lays it out.
 */
#include <stdlib.h>

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
		      void (*init)(void), void (*fini)(void),
		      void (*rtld_fini)(void), void *stack_end);

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
		      void (*init)(void), void (*fini)(void),
		      void (*rtld_fini)(void), void *stack_end)
{
	(void)init;
	(void)fini;
	(void)rtld_fini;
	(void)stack_end;
	exit(main(argc, argv, argv + argc + 1));
}
