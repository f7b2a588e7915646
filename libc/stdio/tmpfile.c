/*
 * tmpfile(): a file in /tmp that is unlinked at once, so that it goes
 * when its stream is closed.  The name is random (getrandom) and created
 * exclusively; a name that exists already is retried.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/random.h>

#include "fd_io.h"
#include "stdio_impl.h"

static bool random_name(char *name)
{
	static const char digits[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[10];

	if (getrandom(r, sizeof(r), 0) != (long)sizeof(r))
		return false;
	for (size_t i = 0; i < sizeof(r); i++)
		name[i] = digits[r[i] % (sizeof(digits) - 1)];
	name[sizeof(r)] = '\0';
	return true;
}

FILE *tmpfile(void)
{
	char path[] = P_tmpdir "/tmpf0123456789";
	char *name = path + sizeof(P_tmpdir "/tmpf") - 1;

	for (int tries = 0; tries < 100; tries++) {
		if (!random_name(name))
			return NULL;
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			return NULL;
		}
		unlink(path);
		struct stream *s =
		    osv_stdio_new((void *)(intptr_t)fd, osv_fd_io, 0, fd);
		if (!s)
			close(fd);
		return s ? &s->f : NULL;
	}
	errno = EEXIST;
	return NULL;
}

LIBC_ALIAS(tmpfile, tmpfile64);
