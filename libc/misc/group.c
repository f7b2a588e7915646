/*
 * The group database: /etc/group (name:passwd:gid:member,member...), or
 * without it the built-in root group (see userdb.h); the same contract
 * as the user database's (passwd.c).
 */
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>

#include "userdb.h"

static const char *const root_group[] = {"root", "x", "0", ""};

static struct userdb group_db = {
    .path = "/etc/group",
    .nfields = 4,
    .builtin = root_group,
};

enum { NAME, PASSWD, GID, MEMBERS };

static bool any_group(char **field, const void *key)
{
	unsigned id;
	(void)key;
	return osv_userdb_id(field[GID], &id);
}

static bool group_named(char **field, const void *name)
{
	return any_group(field, NULL) && !strcmp(field[NAME], name);
}

static bool group_with_id(char **field, const void *gid)
{
	unsigned id;
	return osv_userdb_id(field[GID], &id) && id == *(const gid_t *)gid;
}

/* The names of a member list; empty names (",,") are no members. */
static size_t count_members(const char *list)
{
	size_t n = 0;
	for (const char *p = list; *p; p++)
		n += *p != ',' && (p == list || p[-1] == ',');
	return n;
}

/* Splits the member list in place; mem has room for all and the NULL. */
static int copy_members(char *list, char **mem, struct userdb_buf *b)
{
	size_t n = 0;
	for (char *name; (name = strsep(&list, ","));) {
		if (!*name)
			continue;
		mem[n] = osv_userdb_copy(b, name);
		if (!mem[n++])
			return ERANGE;
	}
	mem[n] = NULL;
	return 0;
}

static int fill_group(char **field, void *out, char *buf, size_t len)
{
	struct group *gr = out;
	struct userdb_buf b = {buf, len};
	size_t n = count_members(field[MEMBERS]);
	gr->gr_mem =
	    osv_userdb_alloc(&b, (n + 1) * sizeof(char *), _Alignof(char *));
	gr->gr_name = osv_userdb_copy(&b, field[NAME]);
	gr->gr_passwd = osv_userdb_copy(&b, field[PASSWD]);
	if (!gr->gr_mem || !gr->gr_name || !gr->gr_passwd)
		return ERANGE;
	osv_userdb_id(field[GID], &gr->gr_gid);
	return copy_members(field[MEMBERS], gr->gr_mem, &b);
}

static int find_group(userdb_match_fn *match, const void *key,
		      struct group *grp, char *buf, size_t len,
		      struct group **result)
{
	bool found;
	int err = osv_userdb_find(&group_db, match, key, fill_group, grp, buf,
				  len, &found);
	*result = found ? grp : NULL;
	return err;
}

int getgrnam_r(const char *name, struct group *grp, char *buf, size_t len,
	       struct group **result)
{
	return find_group(group_named, name, grp, buf, len, result);
}

int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t len,
	       struct group **result)
{
	return find_group(group_with_id, &gid, grp, buf, len, result);
}

int getgrent_r(struct group *grp, char *buf, size_t len, struct group **result)
{
	int err =
	    osv_userdb_next(&group_db, any_group, fill_group, grp, buf, len);
	*result = err ? NULL : grp;
	return err;
}

static struct group static_group;
static char *static_buf;
static size_t static_len;

static int lookup_name(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	return getgrnam_r(key, out, buf, len, (struct group **)result);
}

static int lookup_gid(const void *key, void *out, char *buf, size_t len,
		      void **result)
{
	return getgrgid_r(*(const gid_t *)key, out, buf, len,
			  (struct group **)result);
}

static int lookup_next(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	(void)key;
	int err = getgrent_r(out, buf, len, (struct group **)result);
	return err == ENOENT ? 0 : err;
}

struct group *getgrnam(const char *name)
{
	return osv_userdb_static(lookup_name, name, &static_group, &static_buf,
				 &static_len);
}

struct group *getgrgid(gid_t gid)
{
	return osv_userdb_static(lookup_gid, &gid, &static_group, &static_buf,
				 &static_len);
}

struct group *getgrent(void)
{
	return osv_userdb_static(lookup_next, NULL, &static_group, &static_buf,
				 &static_len);
}

void setgrent(void)
{
	osv_userdb_rewind(&group_db);
}

void endgrent(void)
{
	osv_userdb_close(&group_db);
}

/* The groups of a user, for getgrouplist: each once, in file order. */
struct membership {
	const char *user;
	gid_t *gid;
	int count, room;
	bool failed;
};

static void add_group(struct membership *m, gid_t gid)
{
	for (int i = 0; i < m->count; i++)
		if (m->gid[i] == gid)
			return;
	if (m->count == m->room) {
		int room = m->room ? 2 * m->room : 16;
		gid_t *grown = realloc(m->gid, room * sizeof(gid_t));
		if (!grown) {
			m->failed = true;
			return;
		}
		m->gid = grown;
		m->room = room;
	}
	m->gid[m->count++] = gid;
}

static bool lists_user(char *list, const char *user)
{
	for (char *name; (name = strsep(&list, ","));)
		if (!strcmp(name, user))
			return true;
	return false;
}

/* A match that never matches: it scans the whole file, collecting. */
static bool collect_member(char **field, const void *key)
{
	struct membership *m = (struct membership *)key;
	unsigned gid;
	if (osv_userdb_id(field[GID], &gid) &&
	    lists_user(field[MEMBERS], m->user))
		add_group(m, gid);
	return false;
}

/*
 * As glibc: group first, then every other group listing user; -1 with
 * *ngroups set to the number needed when groups has too little room.
 */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	struct membership m = {.user = user};
	add_group(&m, group);
	bool found;
	int err = osv_userdb_find(&group_db, collect_member, &m, NULL, NULL,
				  NULL, 0, &found);
	if (err || m.failed) {
		free(m.gid);
		errno = err ? err : ENOMEM;
		return -1;
	}
	int room = *ngroups > 0 ? *ngroups : 0;
	int fits = m.count <= room;
	memcpy(groups, m.gid, (fits ? m.count : room) * sizeof(gid_t));
	*ngroups = m.count;
	free(m.gid);
	return fits ? m.count : -1;
}
