#include "userdb.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Splits line into exactly n colon-separated fields; false if it has not. */
static bool split(char *line, char **field, int n)
{
	int i = 0;
	field[i++] = line;
	for (char *p = line; *p; p++) {
		if (*p != ':')
			continue;
		if (i == n)
			return false;
		*p = '\0';
		field[i++] = p + 1;
	}
	return i == n;
}

/* The next record of f: 1, 0 at the end, -1 on a read error. */
static int read_record(FILE *f, char **line, size_t *cap, char **field, int n)
{
	ssize_t got;
	while ((got = getline(line, cap, f)) >= 0) {
		char *s = *line;
		if (got > 0 && s[got - 1] == '\n')
			s[got - 1] = '\0';
		s += strspn(s, " \t");
		if (*s == '\0' || *s == '#')
			continue;
		if (split(s, field, n))
			return 1;
	}
	return ferror(f) ? -1 : 0;
}

/* The built-in record's fields, in a copy the callers may write. */
static void builtin_fields(const struct userdb *db, char *copy, char **field)
{
	size_t used = 0;
	for (int i = 0; i < db->nfields; i++) {
		size_t n = strlen(db->builtin[i]) + 1;
		field[i] = memcpy(copy + used, db->builtin[i], n);
		used += n;
	}
}

/* Room for the built-in records' fields (see passwd.c and group.c). */
#define BUILTIN_MAX 128

int osv_userdb_find(struct userdb *db, userdb_match_fn *match, const void *key,
		    userdb_fill_fn *fill, void *out, char *buf, size_t len,
		    bool *found)
{
	char *field[USERDB_FIELDS_MAX];
	*found = false;
	FILE *f = fopen(db->path, "re");
	if (!f) {
		if (errno != ENOENT || !db->builtin)
			return errno;
		char copy[BUILTIN_MAX];
		builtin_fields(db, copy, field);
		if (!match(field, key))
			return 0;
		int err = fill(field, out, buf, len);
		*found = !err;
		return err;
	}
	char *line = NULL;
	size_t cap = 0;
	int got, err = 0;
	while ((got = read_record(f, &line, &cap, field, db->nfields)) > 0) {
		if (!match(field, key))
			continue;
		err = fill(field, out, buf, len);
		*found = !err;
		break;
	}
	if (got < 0)
		err = errno;
	free(line);
	fclose(f);
	return err;
}

int osv_userdb_next(struct userdb *db, userdb_match_fn *valid,
		    userdb_fill_fn *fill, void *out, char *buf, size_t len)
{
	char *field[USERDB_FIELDS_MAX];
	if (!db->opened) {
		db->stream = fopen(db->path, "re");
		if (!db->stream && errno != ENOENT)
			return errno;
		db->opened = true;
	}
	if (!db->stream) {
		if (db->builtin_given || !db->builtin)
			return ENOENT;
		char copy[BUILTIN_MAX];
		builtin_fields(db, copy, field);
		int err = fill(field, out, buf, len);
		db->builtin_given = !err;
		return err;
	}
	/*
	 * A record that does not fit is read again by the next call (glibc's
	 * contract: the caller retries with a larger buffer).
	 */
	for (;;) {
		long at = ftell(db->stream);
		int got = read_record(db->stream, &db->line, &db->cap, field,
				      db->nfields);
		if (got < 0)
			return errno;
		if (got == 0)
			return ENOENT;
		if (!valid(field, NULL))
			continue;
		int err = fill(field, out, buf, len);
		if (err == ERANGE)
			fseek(db->stream, at, SEEK_SET);
		return err;
	}
}

void osv_userdb_rewind(struct userdb *db)
{
	if (db->stream)
		rewind(db->stream);
	db->builtin_given = false;
}

void osv_userdb_close(struct userdb *db)
{
	if (db->stream)
		fclose(db->stream);
	free(db->line);
	db->line = NULL;
	db->cap = 0;
	db->stream = NULL;
	db->opened = false;
	db->builtin_given = false;
}

bool osv_userdb_id(const char *s, unsigned *id)
{
	/* Ten digits at most: strtoul cannot overflow, errno stays. */
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 10 || s[n])
		return false;
	unsigned long v = strtoul(s, NULL, 10);
	if (v > UINT32_MAX)
		return false;
	*id = v;
	return true;
}

char *osv_userdb_copy(struct userdb_buf *b, const char *s)
{
	size_t n = strlen(s) + 1;
	if (n > b->left)
		return NULL;
	char *copy = memcpy(b->p, s, n);
	b->p += n;
	b->left -= n;
	return copy;
}

void *osv_userdb_alloc(struct userdb_buf *b, size_t size, size_t align)
{
	size_t pad = -(uintptr_t)b->p & (align - 1);
	if (pad + size > b->left)
		return NULL;
	void *at = b->p + pad;
	b->p += pad + size;
	b->left -= pad + size;
	return at;
}

void *osv_userdb_static(userdb_lookup_fn *lookup, const void *key, void *out,
			char **buf, size_t *len)
{
	int saved = errno;
	for (;;) {
		void *result;
		int err = *buf ? lookup(key, out, *buf, *len, &result) : ERANGE;
		if (err != ERANGE) {
			errno = err ? err : saved;
			return result;
		}
		size_t grown = *len ? *len * 2 : 256;
		char *bigger = realloc(*buf, grown);
		if (!bigger)
			return NULL;
		*buf = bigger;
		*len = grown;
	}
}
