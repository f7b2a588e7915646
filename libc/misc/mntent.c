/*
 * The mntent calls: lines of /proc/mounts or /etc/fstab, fields separated
 * by blanks, with the octal escapes \040 \011 \012 \134 (and "\\") in the
 * four names.  Built for the host tests too, which compare them with
 * glibc's.
 */
#include <mntent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The escapes a name may hold and the bytes they stand for. */
static const struct {
	char text[4];
	char byte;
} escapes[] = {
    {"040", ' '},
    {"011", '\t'},
    {"012", '\n'},
    {"134", '\\'},
};

#define NESCAPES (sizeof(escapes) / sizeof(escapes[0]))

/* The byte an escape at s (after the backslash) stands for, or 0. */
static char escaped_byte(const char *s, size_t *len)
{
	if (s[0] == '\\') {
		*len = 1;
		return '\\';
	}
	for (size_t i = 0; i < NESCAPES; i++)
		if (strncmp(s, escapes[i].text, 3) == 0) {
			*len = 3;
			return escapes[i].byte;
		}
	return 0;
}

/* Decodes the escapes of s in place; an unknown one stays as it is. */
static char *decode(char *s)
{
	char *out = s;
	for (const char *in = s; *in;) {
		size_t len;
		char c = *in == '\\' ? escaped_byte(in + 1, &len) : 0;
		if (c) {
			*out++ = c;
			in += 1 + len;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	return s;
}

/* The next blank-separated field of *rest, decoded; "" past the end. */
static char *next_field(char **rest)
{
	char *field = *rest;
	if (!field)
		return "";
	size_t len = strcspn(field, " \t");
	if (field[len] == '\0') {
		*rest = NULL;
	} else {
		field[len] = '\0';
		*rest = field + len + 1 + strspn(field + len + 1, " \t");
	}
	return decode(field);
}

/*
 * Reads a line into buf; false at the end.  A line longer than the buffer
 * is cut there, the rest of it skipped.
 */
static bool read_line(FILE *stream, char *buf, int buflen)
{
	if (!fgets(buf, buflen, stream))
		return false;
	char *end = strchr(buf, '\n');
	if (!end) {
		char skip[256];
		while (fgets(skip, sizeof(skip), stream) && !strchr(skip, '\n'))
			;
		return true;
	}
	while (end > buf && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	return true;
}

FILE *setmntent(const char *file, const char *mode)
{
	return fopen(file, mode);
}

int endmntent(FILE *stream)
{
	if (stream)
		fclose(stream);
	return 1;
}

struct mntent *getmntent_r(FILE *stream, struct mntent *result, char *buf,
			   int buflen)
{
	char *line;
	do {
		if (!read_line(stream, buf, buflen))
			return NULL;
		line = buf + strspn(buf, " \t");
	} while (*line == '\0' || *line == '#');
	result->mnt_fsname = next_field(&line);
	result->mnt_dir = next_field(&line);
	result->mnt_type = next_field(&line);
	result->mnt_opts = next_field(&line);
	int n = line ? sscanf(line, " %d %d ", &result->mnt_freq,
			      &result->mnt_passno)
		     : 0;
	if (n < 1)
		result->mnt_freq = 0;
	if (n < 2)
		result->mnt_passno = 0;
	return result;
}

/* glibc's getmntent has a line buffer of this size. */
#define MNTENT_LINE 4096

struct mntent *getmntent(FILE *stream)
{
	static struct mntent entry;
	static char line[MNTENT_LINE];
	return getmntent_r(stream, &entry, line, sizeof(line));
}

/* Writes s with its blanks, newlines and backslashes escaped. */
static int put_encoded(FILE *stream, const char *s)
{
	for (; *s; s++) {
		size_t i = 0;
		while (i < NESCAPES && escapes[i].byte != *s)
			i++;
		int err = i < NESCAPES
			      ? fprintf(stream, "\\%s", escapes[i].text)
			      : putc(*s, stream);
		if (err < 0)
			return -1;
	}
	return 0;
}

int addmntent(FILE *stream, const struct mntent *mnt)
{
	if (fseek(stream, 0, SEEK_END) != 0)
		return 1;
	const char *names[] = {mnt->mnt_fsname, mnt->mnt_dir, mnt->mnt_type,
			       mnt->mnt_opts};
	for (size_t i = 0; i < 4; i++)
		if (put_encoded(stream, names[i]) < 0 || putc(' ', stream) < 0)
			return 1;
	if (fprintf(stream, "%d %d\n", mnt->mnt_freq, mnt->mnt_passno) < 0)
		return 1;
	return fflush(stream) != 0;
}

char *hasmntopt(const struct mntent *mnt, const char *opt)
{
	size_t len = strlen(opt);
	for (char *p = mnt->mnt_opts; p;) {
		if (strncmp(p, opt, len) == 0 &&
		    (p[len] == '\0' || p[len] == ',' || p[len] == '='))
			return p;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return NULL;
}
