/*
 * The shadow password database: /etc/shadow in glibc's files format
 * (name:password:lastchange:min:max:warn:inactive:expire:flag; an empty
 * number is -1, an empty flag ~0).  Unlike the user database there is
 * no built-in record: without the file the lookups fail with ENOENT,
 * as glibc's do.  The _r forms return 0 with *result NULL when there is
 * no such entry, ERANGE when buf is too small.
 */
#include <errno.h>
#include <shadow.h>
#include <stdlib.h>
#include <string.h>

#include "userdb.h"

static struct userdb entries = {
    .path = "/etc/shadow",
    .nfields = 9,
};

enum { NAME, PASSWD, LSTCHG, MIN, MAX, WARN, INACT, EXPIRE, FLAG };

/* A number field: empty is -1 (~0 for the flag); false if not a number. */
static bool number(const char *s, long *out)
{
	if (*s == '\0') {
		*out = -1;
		return true;
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno)
		return false;
	*out = v;
	return true;
}

static bool well_formed(char **field)
{
	long v;
	for (int i = LSTCHG; i <= FLAG; i++) {
		int saved = errno;
		bool ok = number(field[i], &v);
		errno = saved;
		if (!ok)
			return false;
	}
	return true;
}

static bool any_entry(char **field, const void *key)
{
	(void)key;
	return well_formed(field);
}

static bool entry_named(char **field, const void *name)
{
	return well_formed(field) && !strcmp(field[NAME], name);
}

static int fill_entry(char **field, void *out, char *buf, size_t len)
{
	struct spwd *sp = out;
	struct userdb_buf b = {buf, len};
	sp->sp_namp = osv_userdb_copy(&b, field[NAME]);
	sp->sp_pwdp = osv_userdb_copy(&b, field[PASSWD]);
	if (!sp->sp_namp || !sp->sp_pwdp)
		return ERANGE;
	long *num[] = {&sp->sp_lstchg, &sp->sp_min,   &sp->sp_max,
		       &sp->sp_warn,   &sp->sp_inact, &sp->sp_expire};
	int saved = errno;
	for (int i = LSTCHG; i < FLAG; i++)
		number(field[i], num[i - LSTCHG]);
	long flag;
	number(field[FLAG], &flag);
	errno = saved;
	sp->sp_flag = (unsigned long)flag;
	return 0;
}

int getspnam_r(const char *name, struct spwd *sp, char *buf, size_t len,
	       struct spwd **result)
{
	bool found;
	int err = osv_userdb_find(&entries, entry_named, name, fill_entry, sp,
				  buf, len, &found);
	*result = found ? sp : NULL;
	return err;
}

int getspent_r(struct spwd *sp, char *buf, size_t len, struct spwd **result)
{
	int err =
	    osv_userdb_next(&entries, any_entry, fill_entry, sp, buf, len);
	*result = err ? NULL : sp;
	return err;
}

static struct spwd static_entry;
static char *static_buf;
static size_t static_len;

static int lookup_name(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	return getspnam_r(key, out, buf, len, (struct spwd **)result);
}

static int lookup_next(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	(void)key;
	return getspent_r(out, buf, len, (struct spwd **)result);
}

struct spwd *getspnam(const char *name)
{
	return osv_userdb_static(lookup_name, name, &static_entry, &static_buf,
				 &static_len);
}

/* NULL at the end with errno ENOENT, as glibc's. */
struct spwd *getspent(void)
{
	return osv_userdb_static(lookup_next, NULL, &static_entry, &static_buf,
				 &static_len);
}

void setspent(void)
{
	osv_userdb_rewind(&entries);
}

void endspent(void)
{
	osv_userdb_close(&entries);
}
