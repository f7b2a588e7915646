/*
 * The program's name as glibc exports it (error messages, assert): the
 * full argv[0] and its last component, each under two names.
 */
#include <string.h>

#include "libc-internal.h"
#include "program_vars.h"

char *program_invocation_name = "";
char *program_invocation_short_name = "";
LIBC_ALIAS(program_invocation_name, __progname_full);
LIBC_ALIAS(program_invocation_short_name, __progname);

char **osv_progname_var = &program_invocation_name;
char **osv_short_progname_var = &program_invocation_short_name;

void libc_set_progname(char *argv0)
{
	char *slash = strrchr(argv0, '/');

	PROGRAM_NAME = argv0;
	SHORT_PROGRAM_NAME = slash ? slash + 1 : argv0;
}
