/*
 * Entry points of the C library for the kernel itself, outside glibc's
 * ABI.  (Applications never see this header.)
 */
#ifndef OSV_LIBC_INTERNAL_H
#define OSV_LIBC_INTERNAL_H

/*
 * Installs the program's environment, a NULL-terminated array of
 * "NAME=value" strings that must outlive the program (the libc copies
 * the array, never the strings, when the program changes it).
 */
void libc_set_environ(char **envp);

/*
 * Makes var, a program's own copy of environ (a PIE's COPY relocation),
 * the variable that holds the environment from now on: var gets its
 * current value and follows setenv, putenv, unsetenv and clearenv.
 */
void libc_set_environ_var(char ***var);

/*
 * Makes the libc use the program's instance of each of its variables
 * that the program has one of: a PIE's copy (a COPY relocation) or the
 * program's own definition (libc/internal/program_vars.h lists them).
 * find(program, name) returns the address of the program's variable of
 * that name, or NULL.  After the program is relocated, before its
 * constructors run; a copy keeps the value the variable had when it was
 * made.  Hidden: the kernel's own call, not exported.
 */
__attribute__((visibility("hidden"))) void
libc_use_program_vars(void *(*find)(const void *program, const char *name),
		      const void *program);

/*
 * Names the program (program_invocation_name, __progname ...): argv[0],
 * which must outlive the program.
 */
void libc_set_progname(char *argv0);

#endif
