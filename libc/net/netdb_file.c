/*
 * The netdb files' format (hosts, services, protocols): an entry a
 * line, fields separated by blanks, '#' starting a comment.  A file
 * absent is read as the built-in text its caller gives.
 */
#include <string.h>

#include "netdb_impl.h"

void osv_net_db_open(struct net_db *db, const char *path, const char *builtin)
{
	db->file = fopen(path, "re");
	db->next = db->file ? NULL : builtin;
}

void osv_net_db_close(struct net_db *db)
{
	if (db->file)
		fclose(db->file);
	db->file = NULL;
	db->next = NULL;
}

void osv_net_db_tell(const struct net_db *db, struct net_db_pos *pos)
{
	pos->offset = db->file ? ftell(db->file) : 0;
	pos->next = db->next;
}

void osv_net_db_seek(struct net_db *db, const struct net_db_pos *pos)
{
	if (db->file)
		fseek(db->file, pos->offset, SEEK_SET);
	db->next = pos->next;
}

/* The next line, newline removed: from the file, or the built-in text. */
static int next_line(struct net_db *db, char *line)
{
	if (db->file) {
		if (!fgets(line, NET_LINE_MAX, db->file))
			return 0;
		size_t n = strlen(line);
		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		else if (n == NET_LINE_MAX - 1) {
			int c;
			while ((c = fgetc(db->file)) != EOF && c != '\n')
				;
		}
		return 1;
	}
	if (!db->next || !*db->next)
		return 0;
	size_t n = strcspn(db->next, "\n");
	if (n >= NET_LINE_MAX)
		n = NET_LINE_MAX - 1;
	memcpy(line, db->next, n);
	line[n] = '\0';
	db->next += strcspn(db->next, "\n");
	if (*db->next)
		db->next++;
	return 1;
}

static int split_fields(char *line, char **field)
{
	line[strcspn(line, "#")] = '\0';
	int n = 0;
	for (char *p = line; n < NET_FIELDS_MAX;) {
		p += strspn(p, " \t\r\f\v");
		if (!*p)
			break;
		field[n++] = p;
		p += strcspn(p, " \t\r\f\v");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

int osv_net_db_entry(struct net_db *db, char *line, char **field)
{
	while (next_line(db, line)) {
		int n = split_fields(line, field);
		if (n)
			return n;
	}
	return 0;
}

char **osv_net_pack_strings(char *buf, size_t len, char *const *s, int n)
{
	size_t align = (size_t) - (unsigned long)buf % sizeof(char *);
	size_t need = align + (size_t)(n + 1) * sizeof(char *);
	for (int i = 0; i < n; i++)
		need += strlen(s[i]) + 1;
	if (need > len)
		return NULL;
	char **array = (char **)(void *)(buf + align);
	char *p = (char *)(array + n + 1);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(s[i]) + 1;
		array[i] = memcpy(p, s[i], l);
		p += l;
	}
	array[n] = NULL;
	return array;
}
