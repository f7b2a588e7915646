/*
 * The program's instances of the libc's variables (program_vars.h): the
 * libc's pointer to each is moved to the program's, found by the names
 * the program may know the variable by.
 */
#include <string.h>

#include "env_impl.h"
#include "libc-internal.h"
#include "program_vars.h"

/*
 * names: each ended by '\0', the list by one more.  Only the names
 * glibc's libc itself uses: a copy defines them too (the linkers export
 * every alias of a copied variable), and a program's own environ,
 * timezone or daylight, of any type, is none of the libc's business.
 */
static const struct program_var {
	void *pointer; /* the libc's pointer to the variable */
	const char *names;
} vars[] = {
    {&osv_env_var, "__environ\0"},
    {&osv_optarg_var, "optarg\0"},
    {&osv_optind_var, "optind\0"},
    {&osv_opterr_var, "opterr\0"},
    {&osv_optopt_var, "optopt\0"},
    {&osv_progname_var, "program_invocation_name\0__progname_full\0"},
    {&osv_short_progname_var, "program_invocation_short_name\0__progname\0"},
    {&osv_tzname_var, "__tzname\0"},
    {&osv_timezone_var, "__timezone\0"},
    {&osv_daylight_var, "__daylight\0"},
    {&osv_error_count_var, "error_message_count\0"},
    {&osv_error_one_per_line_var, "error_one_per_line\0"},
    {&osv_error_progname_var, "error_print_progname\0"},
    {&osv_obstack_failed_var, "obstack_alloc_failed_handler\0"},
    {&osv_obstack_exit_var, "obstack_exit_failure\0"},
    {&osv_argp_exit_var, "argp_err_exit_status\0"},
    {&osv_single_threaded_var, "__libc_single_threaded\0"},
    {&osv_stdin_var, "stdin\0"},
    {&osv_stdout_var, "stdout\0"},
    {&osv_stderr_var, "stderr\0"},
};

static void *program_instance(const struct program_var *v,
			      void *(*find)(const void *, const char *),
			      const void *program)
{
	for (const char *name = v->names; *name; name += strlen(name) + 1) {
		void *p = find(program, name);
		if (p)
			return p;
	}
	return NULL;
}

/*
 * The environment the boot installed stays the program's: a copy holds
 * it already, and a program's own __environ gets it, as glibc's start
 * sets it.
 */
void libc_use_program_vars(void *(*find)(const void *program, const char *name),
			   const void *program)
{
	char **environment = ENVIRON;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		void *p = program_instance(&vars[i], find, program);
		if (p) /* every pointer is a data pointer of the same size */
			memcpy(vars[i].pointer, &p, sizeof(p));
	}
	ENVIRON = environment;
}
