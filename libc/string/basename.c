#include <string.h>

/*
 * GNU basename (string.h): what follows the last '/', which is empty
 * when the path ends in '/'.  The path is not modified.
 */
char *basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return (char *)(slash ? slash + 1 : path);
}
