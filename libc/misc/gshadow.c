/*
 * The shadow group database: /etc/gshadow in glibc's files format
 * (name:password:administrators:members, the lists comma-separated).
 * As for /etc/shadow there is no built-in record: without the file the
 * lookups find nothing.  The _r forms return 0 with *result NULL when
 * there is no such entry, ERANGE when buf is too small.
 */
#include <errno.h>
#include <gshadow.h>
#include <string.h>

#include "userdb.h"

static struct userdb entries = {
    .path = "/etc/gshadow",
    .nfields = 4,
};

enum { NAME, PASSWD, ADMINS, MEMBERS };

static bool any_entry(char **field, const void *key)
{
	(void)key, (void)field;
	return true;
}

static bool entry_named(char **field, const void *name)
{
	return !strcmp(field[NAME], name);
}

/* A comma list as a NULL-terminated array in b; empty names skipped. */
static char **copy_list(char *list, struct userdb_buf *b)
{
	size_t n = 0;
	for (const char *p = list; *p; p++)
		n += *p != ',' && (p == list || p[-1] == ',');
	char **array =
	    osv_userdb_alloc(b, (n + 1) * sizeof(char *), _Alignof(char *));
	if (!array)
		return NULL;
	n = 0;
	for (char *name; (name = strsep(&list, ","));) {
		if (!*name)
			continue;
		if (!(array[n++] = osv_userdb_copy(b, name)))
			return NULL;
	}
	array[n] = NULL;
	return array;
}

static int fill_entry(char **field, void *out, char *buf, size_t len)
{
	struct sgrp *sg = out;
	struct userdb_buf b = {buf, len};
	sg->sg_namp = osv_userdb_copy(&b, field[NAME]);
	sg->sg_passwd = osv_userdb_copy(&b, field[PASSWD]);
	sg->sg_adm = copy_list(field[ADMINS], &b);
	sg->sg_mem = copy_list(field[MEMBERS], &b);
	return sg->sg_namp && sg->sg_passwd && sg->sg_adm && sg->sg_mem
		   ? 0
		   : ERANGE;
}

int getsgnam_r(const char *name, struct sgrp *sg, char *buf, size_t len,
	       struct sgrp **result)
{
	bool found;
	int err = osv_userdb_find(&entries, entry_named, name, fill_entry, sg,
				  buf, len, &found);
	*result = found ? sg : NULL;
	return err;
}

int getsgent_r(struct sgrp *sg, char *buf, size_t len, struct sgrp **result)
{
	int err =
	    osv_userdb_next(&entries, any_entry, fill_entry, sg, buf, len);
	*result = err ? NULL : sg;
	return err;
}

static struct sgrp static_entry;
static char *static_buf;
static size_t static_len;

static int lookup_name(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	return getsgnam_r(key, out, buf, len, (struct sgrp **)result);
}

static int lookup_next(const void *key, void *out, char *buf, size_t len,
		       void **result)
{
	(void)key;
	return getsgent_r(out, buf, len, (struct sgrp **)result);
}

struct sgrp *getsgnam(const char *name)
{
	return osv_userdb_static(lookup_name, name, &static_entry, &static_buf,
				 &static_len);
}

struct sgrp *getsgent(void)
{
	return osv_userdb_static(lookup_next, NULL, &static_entry, &static_buf,
				 &static_len);
}

void setsgent(void)
{
	osv_userdb_rewind(&entries);
}

void endsgent(void)
{
	osv_userdb_close(&entries);
}
