/*
 * The program's name as glibc exports it (error messages, assert): the
 * full argv[0] and its last component.
 */
#include <string.h>

#include "libc-internal.h"

char *program_invocation_name = "";
char *program_invocation_short_name = "";
char *__progname_full = "";
char *__progname = "";

void libc_set_progname(char *argv0)
{
	char *slash = strrchr(argv0, '/');

	program_invocation_name = __progname_full = argv0;
	program_invocation_short_name = __progname = slash ? slash + 1 : argv0;
}
