/*
 * The login records: a file of struct utmp (utmpname's, /var/run/utmp
 * by default), read and written a record at a time from a current
 * position, as glibc does.  A file that does not exist reads as empty;
 * pututline and updwtmp create it (mode 0644) when its directory
 * exists (glibc writes only to a file already there).  osv has one
 * process and no terminals, so nothing writes these records but the
 * program itself.  The utmpx names are the same functions: the layouts
 * are the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <utmp.h>

#include "libc.h"

#define RECORD ((off_t)sizeof(struct utmp))

static char default_name[] = _PATH_UTMP;

static struct {
	char *name;
	int fd;
	bool writable;
	off_t pos;	/* where the next record is read */
	bool have_last; /* last holds the record before pos */
} db = {default_name, -1, false, 0, false};

/* What getutent and friends return (apart from db: bss, not data). */
static struct utmp last;

int utmpname(const char *file)
{
	endutent();
	if (!strcmp(file, db.name))
		return 0;
	char *copy = strcmp(file, _PATH_UTMP) ? strdup(file) : default_name;
	if (!copy)
		return -1;
	if (db.name != default_name)
		free(db.name);
	db.name = copy;
	return 0;
}

void endutent(void)
{
	if (db.fd >= 0)
		close(db.fd);
	db.fd = -1;
	db.pos = 0;
	db.have_last = false;
}

/* Opens the file, for writing too when it can; false when absent. */
static bool open_file(bool create)
{
	if (db.fd >= 0 && (db.writable || !create))
		return true;
	int fd =
	    open(db.name, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
	bool writable = fd >= 0;
	if (fd < 0 && !create)
		fd = open(db.name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (db.fd >= 0)
		close(db.fd);
	db.fd = fd;
	db.writable = writable;
	return true;
}

void setutent(void)
{
	if (db.fd < 0)
		open_file(false);
	db.pos = 0;
	db.have_last = false;
}

/* Reads the record at db.pos into last; false at the end. */
static bool read_next(void)
{
	if (db.fd < 0 && !open_file(false))
		return false;
	ssize_t n = pread(db.fd, &last, sizeof(last), db.pos);
	if (n != RECORD) {
		db.have_last = false;
		return false;
	}
	db.pos += RECORD;
	db.have_last = true;
	return true;
}

static bool is_process(short type)
{
	return type == INIT_PROCESS || type == LOGIN_PROCESS ||
	       type == USER_PROCESS || type == DEAD_PROCESS;
}

static bool is_time(short type)
{
	return type == RUN_LVL || type == BOOT_TIME || type == NEW_TIME ||
	       type == OLD_TIME;
}

/* getutid's match: the same kind of time record, or a process record
 * with the same ut_id. */
static bool same_id(const struct utmp *id, const struct utmp *e)
{
	if (is_time(id->ut_type))
		return e->ut_type == id->ut_type;
	return is_process(e->ut_type) &&
	       !strncmp(e->ut_id, id->ut_id, sizeof(e->ut_id));
}

static bool same_line(const struct utmp *line, const struct utmp *e)
{
	return (e->ut_type == LOGIN_PROCESS || e->ut_type == USER_PROCESS) &&
	       !strncmp(e->ut_line, line->ut_line, sizeof(e->ut_line));
}

static struct utmp *found(struct utmp *buffer, struct utmp **result)
{
	if (buffer != &last)
		*buffer = last;
	return *result = buffer;
}

static int not_found(struct utmp **result, int err)
{
	*result = NULL;
	errno = err;
	return -1;
}

int getutent_r(struct utmp *buffer, struct utmp **result)
{
	if (!read_next()) {
		*result = NULL;
		return -1;
	}
	found(buffer, result);
	return 0;
}

/* The next record from the current position that matches. */
static bool search(const struct utmp *key,
		   bool (*match)(const struct utmp *, const struct utmp *))
{
	while (read_next())
		if (match(key, &last))
			return true;
	return false;
}

int getutid_r(const struct utmp *id, struct utmp *buffer, struct utmp **result)
{
	if (!is_time(id->ut_type) && !is_process(id->ut_type))
		return not_found(result, EINVAL);
	if (!search(id, same_id))
		return not_found(result, ESRCH);
	found(buffer, result);
	return 0;
}

int getutline_r(const struct utmp *line, struct utmp *buffer,
		struct utmp **result)
{
	if (!search(line, same_line))
		return not_found(result, ESRCH);
	found(buffer, result);
	return 0;
}

struct utmp *getutent(void)
{
	struct utmp *r;
	getutent_r(&last, &r);
	return r;
}

struct utmp *getutid(const struct utmp *id)
{
	struct utmp *r;
	getutid_r(id, &last, &r);
	return r;
}

struct utmp *getutline(const struct utmp *line)
{
	struct utmp *r;
	getutline_r(line, &last, &r);
	return r;
}

/*
 * Writes over the record that matches ut (the one just read, else the
 * next one from the current position), else at the end of the file.
 */
struct utmp *pututline(const struct utmp *ut)
{
	struct utmp copy = *ut;
	if (!open_file(true))
		return NULL;
	off_t at;
	if (db.have_last && same_id(&copy, &last))
		at = db.pos - RECORD;
	else if (search(&copy, same_id))
		at = db.pos - RECORD;
	else
		at = lseek(db.fd, 0, SEEK_END) / RECORD * RECORD;
	if (pwrite(db.fd, &copy, sizeof(copy), at) != RECORD)
		return NULL;
	last = copy;
	db.pos = at + RECORD;
	db.have_last = true;
	return &last;
}

void updwtmp(const char *file, const struct utmp *ut)
{
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	off_t size = lseek(fd, 0, SEEK_END);
	if (size % RECORD == 0 && write(fd, ut, sizeof(*ut)) != RECORD)
		ftruncate(fd, size);
	close(fd);
}

static void copy_field(char *dst, const char *src, size_t size)
{
	strncpy(dst, src ? src : "", size);
}

static void stamp(struct utmp *ut)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	ut->ut_tv.tv_sec = (int32_t)tv.tv_sec;
	ut->ut_tv.tv_usec = (int32_t)tv.tv_usec;
}

void logwtmp(const char *line, const char *name, const char *host)
{
	struct utmp ut;
	memset(&ut, 0, sizeof(ut));
	ut.ut_pid = getpid();
	ut.ut_type = name && *name ? USER_PROCESS : DEAD_PROCESS;
	copy_field(ut.ut_line, line, sizeof(ut.ut_line));
	copy_field(ut.ut_user, name, sizeof(ut.ut_user));
	copy_field(ut.ut_host, host, sizeof(ut.ut_host));
	stamp(&ut);
	updwtmp(_PATH_WTMP, &ut);
}

/* The terminal of descriptors 0 to 2 without "/dev/", else "???". */
static void terminal_line(char *line, size_t size)
{
	for (int fd = 0; fd < 3; fd++) {
		const char *name = ttyname(fd);
		if (name) {
			if (!strncmp(name, "/dev/", 5))
				name += 5;
			copy_field(line, name, size);
			return;
		}
	}
	copy_field(line, "???", size);
}

void login(const struct utmp *entry)
{
	struct utmp ut = *entry;
	ut.ut_type = USER_PROCESS;
	ut.ut_pid = getpid();
	terminal_line(ut.ut_line, sizeof(ut.ut_line));
	setutent();
	pututline(&ut);
	endutent();
	updwtmp(_PATH_WTMP, &ut);
}

/* Marks the record of line dead: 1 if there was one. */
int logout(const char *line)
{
	struct utmp key, *ut;
	int done = 0;
	memset(&key, 0, sizeof(key));
	copy_field(key.ut_line, line, sizeof(key.ut_line));
	setutent();
	if ((ut = getutline(&key))) {
		struct utmp dead = *ut;
		memset(dead.ut_user, 0, sizeof(dead.ut_user));
		memset(dead.ut_host, 0, sizeof(dead.ut_host));
		stamp(&dead);
		dead.ut_type = DEAD_PROCESS;
		done = pututline(&dead) != NULL;
	}
	endutent();
	return done;
}

LIBC_ALIAS(setutent, setutxent);
LIBC_ALIAS(getutent, getutxent);
LIBC_ALIAS(endutent, endutxent);
LIBC_ALIAS(getutid, getutxid);
LIBC_ALIAS(getutline, getutxline);
LIBC_ALIAS(pututline, pututxline);
LIBC_ALIAS(utmpname, utmpxname);
LIBC_ALIAS(updwtmp, updwtmpx);

/* utmpx and utmp are the same record. */
void getutmp(const struct utmp *ux, struct utmp *u)
{
	*u = *ux;
}

void getutmpx(const struct utmp *u, struct utmp *ux)
{
	*ux = *u;
}
