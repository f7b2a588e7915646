/*
 * Entry points of the C library for the kernel itself, outside glibc's
 * ABI.  (Applications never see this header, and the kernel does not
 * export these: they are hidden.)
 */
#ifndef OSV_LIBC_INTERNAL_H
#define OSV_LIBC_INTERNAL_H

/*
 * Installs the program's environment, a NULL-terminated array of
 * "NAME=value" strings that must outlive the program (the libc copies
 * the array, never the strings, when the program changes it).
 */
void libc_set_environ(char **envp) __attribute__((visibility("hidden")));

/*
 * Makes var, a program's own copy of environ (a PIE's COPY relocation),
 * the variable that holds the environment from now on: var gets its
 * current value and follows setenv, putenv, unsetenv and clearenv.
 */
void libc_set_environ_var(char ***var) __attribute__((visibility("hidden")));

/*
 * Names the program (program_invocation_name, __progname ...): argv[0],
 * which must outlive the program.
 */
void libc_set_progname(char *argv0) __attribute__((visibility("hidden")));

#endif
