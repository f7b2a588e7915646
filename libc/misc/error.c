/*
 * glibc's error() and error_at_line(): stdout flushed first, then on
 * stderr "name: message[: error text]\n" (error_at_line's is
 * "name:file:line: message..."), name being the program's full name
 * unless error_print_progname prints a prefix of its own; each message
 * counts in error_message_count, and a nonzero status exits.  With
 * error_one_per_line, error_at_line says nothing for a second message
 * in a row about the same file and line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program_vars.h"

void error(int status, int errnum, const char *fmt, ...);
void error_at_line(int status, int errnum, const char *file, unsigned int line,
		   const char *fmt, ...);

unsigned int error_message_count;
int error_one_per_line;
void (*error_print_progname)(void);

unsigned int *osv_error_count_var = &error_message_count;
int *osv_error_one_per_line_var = &error_one_per_line;
void (**osv_error_progname_var)(void) = &error_print_progname;

/*
 * at_line: error_at_line's form, "name:file:line: " (no space after the
 * name, as glibc's), whose file may be NULL (then "name: ").
 */
static void report(int status, int errnum, bool at_line, const char *file,
		   unsigned int line, const char *fmt, va_list ap)
{
	fflush(STDOUT);
	flockfile(STDERR);
	if (ERROR_PRINT_PROGNAME)
		ERROR_PRINT_PROGNAME();
	else
		fprintf(STDERR, at_line ? "%s:" : "%s: ", PROGRAM_NAME);
	if (at_line && file)
		fprintf(STDERR, "%s:%u: ", file, line);
	else if (at_line)
		putc(' ', STDERR);
	vfprintf(STDERR, fmt, ap);
	ERROR_MESSAGE_COUNT++;
	if (errnum)
		fprintf(STDERR, ": %s", strerror(errnum));
	putc('\n', STDERR);
	funlockfile(STDERR);
	fflush(STDERR);
	if (status)
		exit(status);
}

void error(int status, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(status, errnum, false, NULL, 0, fmt, ap);
	va_end(ap);
}

/* The last place error_at_line reported, for error_one_per_line. */
static const char *last_file;
static unsigned int last_line;

static bool repeats(const char *file, unsigned int line)
{
	bool same = line == last_line &&
		    (file == last_file ||
		     (file && last_file && !strcmp(file, last_file)));
	last_file = file;
	last_line = line;
	return same;
}

void error_at_line(int status, int errnum, const char *file, unsigned int line,
		   const char *fmt, ...)
{
	if (ERROR_ONE_PER_LINE && repeats(file, line))
		return;
	va_list ap;
	va_start(ap, fmt);
	report(status, errnum, true, file, line, fmt, ap);
	va_end(ap);
}
