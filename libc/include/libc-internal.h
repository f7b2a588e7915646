/*
 * Entry points of the C library for the kernel itself, outside glibc's
 * ABI.  (Applications never see this header.)  Hidden: the kernel links
 * the libc statically, and the libc exports glibc's names only.
 */
#ifndef OSV_LIBC_INTERNAL_H
#define OSV_LIBC_INTERNAL_H

#define LIBC_FOR_KERNEL __attribute__((visibility("hidden")))

/*
 * Installs the program's environment, a NULL-terminated array of
 * "NAME=value" strings that must outlive the program (the libc copies
 * the array, never the strings, when the program changes it).
 */
void libc_set_environ(char **envp) LIBC_FOR_KERNEL;

/*
 * Makes the libc use the program's instance of each of its variables
 * that the program has one of: a PIE's copy (a COPY relocation) or the
 * program's own definition (libc/internal/program_vars.h lists them).
 * find(program, name) returns the address of the program's variable of
 * that name, or NULL.  After the program is relocated, before its
 * constructors run; a copy keeps the value the variable had when it was
 * made.
 */
void libc_use_program_vars(void *(*find)(const void *program, const char *name),
			   const void *program) LIBC_FOR_KERNEL;

/*
 * Names the program (program_invocation_name, __progname ...): argv[0],
 * which must outlive the program.
 */
void libc_set_progname(char *argv0) LIBC_FOR_KERNEL;

/*
 * What an alternate signal stack needs, as getauxval(AT_MINSIGSTKSZ),
 * sysconf(_SC_MINSIGSTKSZ) and the process auxv say: the most signal
 * delivery puts there (a stack overflow's fault, whose trap frame moves
 * there too: 1841 bytes with GCC 12 -O2), rounded up to a page so that
 * an interrupt taken meanwhile (its frame goes on the stack in use,
 * about 1 KiB) and a handler that reports and exits, or siglongjmps,
 * fit beside it.
 * <signal.h>'s MINSIGSTKSZ stays sigaltstack's floor, as on Linux.
 */
#define LIBC_MINSIGSTKSZ 4096

/*
 * clock_t's ticks a second (times(), sysconf(_SC_CLK_TCK),
 * getauxval(AT_CLKTCK)): Linux's USER_HZ.
 */
#define LIBC_CLK_TCK 100

#endif
