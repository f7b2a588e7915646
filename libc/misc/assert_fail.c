/*
 * A failed assert(): glibc's message on stderr, then abort() (status
 * 134).  "prog: file:line: function: Assertion `expr' failed."
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc.h"
#include "program_vars.h"

_Noreturn void __assert_fail(const char *expr, const char *file,
			     unsigned int line, const char *function);
_Noreturn void __assert_perror_fail(int errnum, const char *file,
				    unsigned int line, const char *function);

static _Noreturn void report(const char *what, const char *file,
			     unsigned int line, const char *function)
{
	const char *prog = SHORT_PROGRAM_NAME;

	fprintf(STDERR, "%s%s%s:%u: %s%s%s\n", prog ? prog : "",
		prog && *prog ? ": " : "", file, line, function ? function : "",
		function ? ": " : "", what);
	abort();
}

void __assert_fail(const char *expr, const char *file, unsigned int line,
		   const char *function)
{
	char what[512];
	snprintf(what, sizeof(what), "Assertion `%s' failed.", expr);
	report(what, file, line, function);
}

void __assert_perror_fail(int errnum, const char *file, unsigned int line,
			  const char *function)
{
	char what[512];
	snprintf(what, sizeof(what), "Unexpected error: %s.", strerror(errnum));
	report(what, file, line, function);
}
