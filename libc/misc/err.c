/*
 * BSD's <err.h> as glibc formats it: "name: message: error text\n" on
 * stderr, name being the program's short name; the x forms leave out
 * the error text, the err forms then exit with the status given.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program_vars.h"

void vwarn(const char *fmt, va_list ap);
void vwarnx(const char *fmt, va_list ap);
void warn(const char *fmt, ...);
void warnx(const char *fmt, ...);
void verr(int status, const char *fmt, va_list ap);
void verrx(int status, const char *fmt, va_list ap);
void err(int status, const char *fmt, ...);
void errx(int status, const char *fmt, ...);

/* One message, under the stream's lock so that threads do not mix. */
static void report(int errnum, const char *fmt, va_list ap)
{
	flockfile(STDERR);
	fprintf(STDERR, "%s: ", SHORT_PROGRAM_NAME);
	if (fmt) {
		vfprintf(STDERR, fmt, ap);
		if (errnum >= 0)
			fputs(": ", STDERR);
	}
	if (errnum >= 0)
		fputs(strerror(errnum), STDERR);
	putc('\n', STDERR);
	funlockfile(STDERR);
}

void vwarn(const char *fmt, va_list ap)
{
	report(errno, fmt, ap);
}

void vwarnx(const char *fmt, va_list ap)
{
	report(-1, fmt, ap);
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

void verr(int status, const char *fmt, va_list ap)
{
	vwarn(fmt, ap);
	exit(status);
}

void verrx(int status, const char *fmt, va_list ap)
{
	vwarnx(fmt, ap);
	exit(status);
}

void err(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(status, fmt, ap);
}

void errx(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verrx(status, fmt, ap);
}
