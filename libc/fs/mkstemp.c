/*
 * Unique files and directories from a template ending in XXXXXX (then
 * suffixlen more bytes): the X's become random letters and digits until
 * a name is free (O_EXCL or mkdir say so), 100 tries at most.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "fs_impl.h"

#define TRIES 100

static const char letters[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* The six X's of template, or NULL (errno EINVAL). */
static char *xs_of(char *template, int suffixlen)
{
	size_t n = strlen(template);
	if (suffixlen < 0 || n < (size_t)suffixlen + 6 ||
	    memcmp(template + n - suffixlen - 6, "XXXXXX", 6)) {
		errno = EINVAL;
		return NULL;
	}
	return template + n - suffixlen - 6;
}

static void fill(char *xs)
{
	unsigned char r[6];
	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		memset(r, 0, sizeof(r)); /* then the tries walk the names */
	static unsigned counter;
	counter++;
	for (int i = 0; i < 6; i++)
		xs[i] =
		    letters[(r[i] + counter * (i + 1)) % (sizeof(letters) - 1)];
}

int mkostemps(char *template, int suffixlen, int flags);
int mkostemp(char *template, int flags);
int mkstemps(char *template, int suffixlen);
int mkstemp(char *template);
char *mkdtemp(char *template);

int mkostemps(char *template, int suffixlen, int flags)
{
	char *xs = xs_of(template, suffixlen);
	if (!xs)
		return -1;
	flags = (flags & ~O_ACCMODE) | O_RDWR | O_CREAT | O_EXCL;
	for (int i = 0; i < TRIES; i++) {
		fill(xs);
		long fd = fs_openat(AT_FDCWD, template, flags, 0600);
		if (fd != -EEXIST)
			return (int)fs_ret(fd);
	}
	memcpy(xs, "XXXXXX", 6);
	errno = EEXIST;
	return -1;
}

int mkostemp(char *template, int flags)
{
	return mkostemps(template, 0, flags);
}

int mkstemps(char *template, int suffixlen)
{
	return mkostemps(template, suffixlen, 0);
}

int mkstemp(char *template)
{
	return mkostemps(template, 0, 0);
}

char *mkdtemp(char *template)
{
	char *xs = xs_of(template, 0);
	if (!xs)
		return NULL;
	for (int i = 0; i < TRIES; i++) {
		fill(xs);
		long r = fs_mkdirat(AT_FDCWD, template, 0700);
		if (r == 0)
			return template;
		if (r != -EEXIST) {
			errno = (int)-r;
			return NULL;
		}
	}
	memcpy(xs, "XXXXXX", 6);
	errno = EEXIST;
	return NULL;
}

LIBC_ALIAS(mkstemp, mkstemp64);
LIBC_ALIAS(mkostemp, mkostemp64);
LIBC_ALIAS(mkstemps, mkstemps64);
LIBC_ALIAS(mkostemps, mkostemps64);
