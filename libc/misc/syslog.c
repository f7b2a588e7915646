/*
 * The system log: there is no log daemon, the console is the log.  Each
 * message the mask lets through is one line on stderr, in the format a
 * syslog daemon receives (RFC 3164: "<priority>Mmm dd hh:mm:ss ident[pid]:
 * message"), written in one write so that lines of several threads do
 * not mix.  LOG_PERROR asks for a copy on stderr, which the line already
 * is: it is accepted and changes nothing; LOG_CONS, LOG_NDELAY and
 * LOG_NOWAIT have nothing to change either.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "program_vars.h"

#define LOG_PRIMASK 0x07
#define LOG_FACMASK 0x3f8
#define LOG_USER (1 << 3)
#define LOG_PID 0x01
#define LOG_UPTO_DEBUG 0xff

void openlog(const char *ident, int option, int facility);
void closelog(void);
int setlogmask(int mask);
void syslog(int priority, const char *fmt, ...);
void vsyslog(int priority, const char *fmt, va_list ap);
void __syslog_chk(int priority, int flag, const char *fmt, ...);
void __vsyslog_chk(int priority, int flag, const char *fmt, va_list ap);

static struct {
	const char *ident; /* NULL: the program's short name */
	int option;
	int facility;
	int mask;
} log_state = {.facility = LOG_USER, .mask = LOG_UPTO_DEBUG};

void openlog(const char *ident, int option, int facility)
{
	log_state.ident = ident;
	log_state.option = option;
	if (facility && !(facility & ~LOG_FACMASK))
		log_state.facility = facility;
}

void closelog(void)
{
	log_state.ident = NULL;
	log_state.option = 0;
	log_state.facility = LOG_USER;
}

/* As glibc: 0 reads the mask without changing it. */
int setlogmask(int mask)
{
	int old = log_state.mask;
	if (mask)
		log_state.mask = mask;
	return old;
}

/* The line's header: priority, time stamp, ident and pid. */
static char *header(int priority)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	const char *ident =
	    log_state.ident ? log_state.ident : SHORT_PROGRAM_NAME;
	char *h;
	int n = log_state.option & LOG_PID
		    ? asprintf(&h, "<%d>%s %s[%d]: ", priority, stamp, ident,
			       getpid())
		    : asprintf(&h, "<%d>%s %s: ", priority, stamp, ident);
	return n < 0 ? NULL : h;
}

void vsyslog(int priority, const char *fmt, va_list ap)
{
	int saved = errno; /* for %m */
	priority &= LOG_PRIMASK | LOG_FACMASK;
	if (!(log_state.mask & (1 << (priority & LOG_PRIMASK))))
		return;
	if (!(priority & LOG_FACMASK))
		priority |= log_state.facility;
	char *h = header(priority), *message, *line;
	errno = saved;
	if (!h || vasprintf(&message, fmt, ap) < 0) {
		free(h);
		return;
	}
	size_t n = strlen(message);
	int len = asprintf(&line, "%s%s%s", h, message,
			   n && message[n - 1] == '\n' ? "" : "\n");
	if (len >= 0) {
		write(STDERR_FILENO, line, len);
		free(line);
	}
	free(h);
	free(message);
	errno = saved;
}

void syslog(int priority, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsyslog(priority, fmt, ap);
	va_end(ap);
}

/* The fortified forms: the checks are the formatting core's own. */
void __vsyslog_chk(int priority, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	vsyslog(priority, fmt, ap);
}

void __syslog_chk(int priority, int flag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	__vsyslog_chk(priority, flag, fmt, ap);
	va_end(ap);
}
