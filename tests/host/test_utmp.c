/*
 * The login records (libc/misc/utmp.c) against glibc's: the same calls
 * on a file of each (setutent, pututline of new and replacing records
 * of each kind, getutid, getutline, getutent in order, the errors of a
 * missing or invalid key, updwtmp) must leave the same bytes in the
 * files and return the same records and errors; a missing file reads
 * as empty for both.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utmp.h>

#include "difftest.h"

int osv_utmpname(const char *);
void osv_setutent(void);
struct utmp *osv_getutent(void);
void osv_endutent(void);
struct utmp *osv_getutid(const struct utmp *);
struct utmp *osv_getutline(const struct utmp *);
struct utmp *osv_pututline(const struct utmp *);
void osv_updwtmp(const char *, const struct utmp *);

struct impl {
	int (*name)(const char *);
	void (*set)(void);
	struct utmp *(*get)(void);
	void (*end)(void);
	struct utmp *(*id)(const struct utmp *);
	struct utmp *(*line)(const struct utmp *);
	struct utmp *(*put)(const struct utmp *);
	void (*wtmp)(const char *, const struct utmp *);
};

static const struct impl impls[2] = {
    {utmpname, setutent, getutent, endutent, getutid, getutline, pututline,
     updwtmp},
    {osv_utmpname, osv_setutent, osv_getutent, osv_endutent, osv_getutid,
     osv_getutline, osv_pututline, osv_updwtmp},
};

static struct utmp record(short type, const char *id, const char *line,
			  const char *user, int pid)
{
	struct utmp u;
	memset(&u, 0, sizeof(u));
	u.ut_type = type;
	u.ut_pid = pid;
	strncpy(u.ut_id, id, sizeof(u.ut_id));
	strncpy(u.ut_line, line, sizeof(u.ut_line));
	strncpy(u.ut_user, user, sizeof(u.ut_user));
	u.ut_tv.tv_sec = pid * 1000;
	return u;
}

/* What the calls of a script returned, as text. */
static void note(FILE *log, const char *what, const struct utmp *u)
{
	if (u)
		fprintf(log,
			"%s: type %d pid %d id %.4s line %.32s user %.32s\n",
			what, u->ut_type, u->ut_pid, u->ut_id, u->ut_line,
			u->ut_user);
	else
		fprintf(log, "%s: NULL errno %d\n", what, errno);
}

static void script(const struct impl *im, const char *file, const char *wtmp,
		   FILE *log)
{
	struct utmp r[] = {
	    record(BOOT_TIME, "", "~", "reboot", 1),
	    record(RUN_LVL, "", "~", "runlevel", 2),
	    record(LOGIN_PROCESS, "t1", "tty1", "LOGIN", 10),
	    record(USER_PROCESS, "t2", "tty2", "alice", 11),
	    record(USER_PROCESS, "p0", "pts/0", "bob", 12),
	    record(INIT_PROCESS, "x", "", "", 13),
	};
	const size_t n = sizeof(r) / sizeof(*r);
	note(log, "utmpname", im->name(file) ? NULL : &r[0]);
	im->set();
	for (size_t i = 0; i < n; i++)
		note(log, "pututline", im->put(&r[i]));
	/* Replacements: the same id, another kind of the same id. */
	struct utmp dead = record(DEAD_PROCESS, "t2", "tty2", "", 11);
	struct utmp boot2 = record(BOOT_TIME, "", "~", "reboot2", 21);
	im->set();
	note(log, "pututline dead", im->put(&dead));
	note(log, "pututline boot", im->put(&boot2));
	im->set();
	for (struct utmp *u; (u = im->get());)
		note(log, "getutent", u);
	errno = 0;
	note(log, "getutent at the end", im->get());
	for (size_t i = 0; i < n; i++) {
		im->set();
		errno = 0;
		note(log, "getutid", im->id(&r[i]));
		im->set();
		errno = 0;
		note(log, "getutline", im->line(&r[i]));
	}
	struct utmp none = record(USER_PROCESS, "zz", "ttyZ", "", 0);
	struct utmp empty = record(EMPTY, "t1", "tty1", "", 0);
	struct utmp bad = record(77, "t1", "tty1", "", 0);
	im->set();
	errno = 0;
	note(log, "getutid missing", im->id(&none));
	im->set();
	errno = 0;
	note(log, "getutline missing", im->line(&none));
	im->set();
	errno = 0;
	note(log, "getutid EMPTY", im->id(&empty));
	im->set();
	errno = 0;
	note(log, "getutid bad type", im->id(&bad));
	/* From the middle: getutid searches forward only. */
	im->set();
	im->get();
	im->get();
	im->get();
	errno = 0;
	note(log, "getutid behind", im->id(&r[0]));
	im->end();
	for (size_t i = 0; i < n; i++)
		im->wtmp(wtmp, &r[i]);
	/* A file that is not there: empty. */
	im->name("/nonexistent-dir/utmp");
	im->set();
	errno = 0;
	note(log, "getutent of a missing file", im->get());
	note(log, "pututline to a missing directory", im->put(&r[0]));
	im->end();
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 16);
	*len = f ? fread(buf, 1, 1 << 16, f) : 0;
	if (f)
		fclose(f);
	return buf;
}

int main(void)
{
	char files[4][64];
	char *logs[2];
	size_t loglen[2];
	for (int i = 0; i < 4; i++) {
		snprintf(files[i], sizeof(files[i]), "/tmp/osv_utmp_XXXXXX");
		int fd = mkstemp(files[i]);
		if (fd < 0)
			abort();
		close(fd);
	}
	for (int i = 0; i < 2; i++) {
		FILE *log = open_memstream(&logs[i], &loglen[i]);
		script(&impls[i], files[i], files[2 + i], log);
		fclose(log);
	}
	CHECK(!strcmp(logs[0], logs[1]), "the calls' results differ:\n%s\n%s",
	      logs[0], logs[1]);
	for (int k = 0; k < 2; k++) {
		size_t lg, lo;
		char *g = slurp(files[2 * k], &lg);
		char *o = slurp(files[2 * k + 1], &lo);
		CHECK(lg == lo && !memcmp(g, o, lg) && lg > 0,
		      "%s: %zu bytes, osv's %zu", k ? "wtmp" : "utmp", lg, lo);
		free(g);
		free(o);
	}
	for (int i = 0; i < 4; i++)
		unlink(files[i]);
	dt_group_end("utmp and wtmp files as glibc's");
	free(logs[0]);
	free(logs[1]);
	return dt_done();
}
