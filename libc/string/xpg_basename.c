/*
 * POSIX basename and dirname (<libgen.h>; glibc's headers name the
 * former __xpg_basename).  Both may write into path: trailing slashes
 * are cut off in place, and what they leave there is what glibc's
 * leave.  "" and NULL give "."; a path of slashes gives "/" (dirname
 * keeps a leading "//" as glibc does).
 */
#include <libgen.h>
#include <string.h>

char *__xpg_basename(char *path)
{
	if (!path || !*path)
		return ".";
	size_t n = strlen(path), end = n;
	while (end > 0 && path[end - 1] == '/')
		end--;
	if (end == 0)
		return path + n - 1; /* only slashes: the last, unchanged */
	path[end] = '\0';
	char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The root path starts with: "//" when it has exactly two slashes, as
 * glibc keeps them (POSIX leaves "//" to the system), else "/". */
static char *root(char *path)
{
	size_t keep = path[1] == '/' && path[2] != '/' ? 2 : 1;
	path[keep] = '\0';
	return path;
}

char *dirname(char *path)
{
	if (!path || !*path)
		return ".";
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--; /* trailing slashes */
	if (n == 1 && path[0] == '/')
		return root(path);
	while (n > 0 && path[n - 1] != '/')
		n--; /* the last component */
	if (n == 0)
		return ".";
	while (n > 1 && path[n - 1] == '/')
		n--; /* the slashes before it */
	if (n == 1 && path[0] == '/')
		return root(path);
	path[n] = '\0';
	return path;
}
