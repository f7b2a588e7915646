/* realpath, canonicalize_file_name: the kernel resolves the whole path. */
#include <stdlib.h>
#include <string.h>

#include "fs_impl.h"

#define PATH_MAX 4096

char *realpath(const char *restrict path, char *restrict resolved);
char *canonicalize_file_name(const char *path);

char *realpath(const char *restrict path, char *restrict resolved)
{
	char tmp[PATH_MAX];
	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	long r = fs_realpath(path, tmp, sizeof(tmp));
	if (r < 0) {
		errno = r == -ERANGE ? ENAMETOOLONG : (int)-r;
		return NULL;
	}
	char *out = resolved ? resolved : malloc((size_t)r);
	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(out, tmp, (size_t)r);
	return out;
}

char *canonicalize_file_name(const char *path)
{
	return realpath(path, NULL);
}

char *__realpath_chk(const char *path, char *resolved, size_t buflen);

char *__realpath_chk(const char *path, char *resolved, size_t buflen)
{
	if (buflen < PATH_MAX)
		__chk_fail();
	return realpath(path, resolved);
}
