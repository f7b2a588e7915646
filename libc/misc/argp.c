/*
 * argp's error reports, glibc's format: "NAME: MESSAGE", then for
 * argp_error the pointer to --help and an exit with
 * argp_err_exit_status, for argp_failure the errno text and an exit
 * with the status given (0: none).  The parser's flags can silence
 * them (ARGP_NO_ERRS) or keep them from exiting (ARGP_NO_EXIT); with no
 * state they go to stderr under the program's short name.  The parser
 * and help formatter themselves are not here.
 */
#include <argp.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program_vars.h"

#define EX_USAGE 64

int argp_err_exit_status = EX_USAGE;
int *osv_argp_exit_var = &argp_err_exit_status;

/* Where state's reports go; NULL when there are to be none. */
static FILE *report_stream(const struct argp_state *state)
{
	if (!state)
		return STDERR;
	return (state->flags & ARGP_NO_ERRS) ? NULL : state->err_stream;
}

static const char *report_name(const struct argp_state *state)
{
	return state ? state->name : SHORT_PROGRAM_NAME;
}

static bool may_exit(const struct argp_state *state)
{
	return !state || !(state->flags & ARGP_NO_EXIT);
}

void argp_error(const struct argp_state *state, const char *fmt, ...)
{
	FILE *f = report_stream(state);
	if (!f)
		return;
	const char *name = report_name(state);
	va_list ap;
	va_start(ap, fmt);
	fprintf(f, "%s: ", name);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fprintf(f, "\nTry `%s --help' or `%s --usage' for more information.\n",
		name, name);
	if (may_exit(state))
		exit(ARGP_ERR_EXIT_STATUS); /* even 0, as glibc's */
}

void argp_failure(const struct argp_state *state, int status, int errnum,
		  const char *fmt, ...)
{
	FILE *f = report_stream(state);
	if (!f)
		return;
	fputs(report_name(state), f);
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		fputs(": ", f);
		vfprintf(f, fmt, ap);
		va_end(ap);
	}
	if (errnum) {
		char buf[200];
		fprintf(f, ": %s", strerror_r(errnum, buf, sizeof(buf)));
	}
	putc('\n', f);
	if (status && may_exit(state))
		exit(status);
}
