/*
 * The user database: /etc/passwd (name:passwd:uid:gid:gecos:dir:shell),
 * or without it the built-in root, the user the program runs as (see
 * userdb.h).  As glibc: the _r forms return 0 with *result NULL when
 * there is no such user and ERANGE when buf is too small; the others
 * return NULL, errno unchanged when there is no such user.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "userdb.h"

int getlogin_r(char *buf, size_t len);
char *getlogin(void);
int getpwent_r(struct passwd *pwd, char *buf, size_t len,
	       struct passwd **result);

static const char *const root_user[] = {"root", "x", "0",      "0",
					"root", "/", "/bin/sh"};

static struct userdb users = {
    .path = "/etc/passwd",
    .nfields = 7,
    .builtin = root_user,
};

enum { NAME, PASSWD, UID, GID, GECOS, DIR, SHELL };

static bool well_formed(char **field)
{
	unsigned id;
	return osv_userdb_id(field[UID], &id) && osv_userdb_id(field[GID], &id);
}

static bool any_user(char **field, const void *key)
{
	(void)key;
	return well_formed(field);
}

static bool user_named(char **field, const void *name)
{
	return well_formed(field) && !strcmp(field[NAME], name);
}

static bool user_with_id(char **field, const void *uid)
{
	unsigned id;
	return well_formed(field) && osv_userdb_id(field[UID], &id) &&
	       id == *(const uid_t *)uid;
}

static int fill_user(char **field, void *out, char *buf, size_t len)
{
	struct passwd *pw = out;
	struct userdb_buf b = {buf, len};
	pw->pw_name = osv_userdb_copy(&b, field[NAME]);
	pw->pw_passwd = osv_userdb_copy(&b, field[PASSWD]);
	pw->pw_gecos = osv_userdb_copy(&b, field[GECOS]);
	pw->pw_dir = osv_userdb_copy(&b, field[DIR]);
	pw->pw_shell = osv_userdb_copy(&b, field[SHELL]);
	if (!pw->pw_name || !pw->pw_passwd || !pw->pw_gecos || !pw->pw_dir ||
	    !pw->pw_shell)
		return ERANGE;
	osv_userdb_id(field[UID], &pw->pw_uid);
	osv_userdb_id(field[GID], &pw->pw_gid);
	return 0;
}

static int find_user(userdb_match_fn *match, const void *key,
		     struct passwd *pwd, char *buf, size_t len,
		     struct passwd **result)
{
	bool found;
	int err = osv_userdb_find(&users, match, key, fill_user, pwd, buf, len,
				  &found);
	*result = found ? pwd : NULL;
	return err;
}

int getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t len,
	       struct passwd **result)
{
	return find_user(user_named, name, pwd, buf, len, result);
}

int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t len,
	       struct passwd **result)
{
	return find_user(user_with_id, &uid, pwd, buf, len, result);
}

static struct passwd static_user;
static char *static_buf;
static size_t static_len;

static int lookup_name(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	return getpwnam_r(key, out, buf, len, (struct passwd **)result);
}

static int lookup_uid(const void *key, void *out, char *buf, size_t len,
		      void **result)
{
	return getpwuid_r(*(const uid_t *)key, out, buf, len,
			  (struct passwd **)result);
}

static int lookup_next(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	(void)key;
	int err = getpwent_r(out, buf, len, (struct passwd **)result);
	/* The end of the enumeration is no error for getpwent. */
	return err == ENOENT ? 0 : err;
}

struct passwd *getpwnam(const char *name)
{
	return osv_userdb_static(lookup_name, name, &static_user, &static_buf,
				 &static_len);
}

struct passwd *getpwuid(uid_t uid)
{
	return osv_userdb_static(lookup_uid, &uid, &static_user, &static_buf,
				 &static_len);
}

int getpwent_r(struct passwd *pwd, char *buf, size_t len,
	       struct passwd **result)
{
	int err = osv_userdb_next(&users, any_user, fill_user, pwd, buf, len);
	*result = err ? NULL : pwd;
	return err;
}

struct passwd *getpwent(void)
{
	return osv_userdb_static(lookup_next, NULL, &static_user, &static_buf,
				 &static_len);
}

void setpwent(void)
{
	osv_userdb_rewind(&users);
}

void endpwent(void)
{
	osv_userdb_close(&users);
}

/*
 * The login name: the user the program runs as (its real uid), the one
 * session of the machine, as glibc answers from /proc/self/loginuid.
 */
int getlogin_r(char *buf, size_t len)
{
	struct passwd pw, *found;
	char record[1024];
	int err = getpwuid_r(getuid(), &pw, record, sizeof(record), &found);
	if (err)
		return err;
	if (!found)
		return ENXIO;
	if (strlen(pw.pw_name) >= len)
		return ERANGE;
	strcpy(buf, pw.pw_name);
	return 0;
}

char *getlogin(void)
{
	static char name[256];
	int err = getlogin_r(name, sizeof(name));
	if (err) {
		errno = err;
		return NULL;
	}
	return name;
}

/*
 * The effective user's name, cut to L_cuserid - 1 bytes as glibc does;
 * without one, an empty string in s (and NULL when s is NULL).
 */
char *cuserid(char *s)
{
	static char name[L_cuserid];
	struct passwd pw, *found;
	char record[1024];
	if (getpwuid_r(geteuid(), &pw, record, sizeof(record), &found) ||
	    !found) {
		if (s)
			*s = '\0';
		return s;
	}
	if (!s)
		s = name;
	strncpy(s, pw.pw_name, L_cuserid - 1);
	s[L_cuserid - 1] = '\0';
	return s;
}
