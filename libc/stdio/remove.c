/* remove(): unlink a file, or remove an empty directory. */
#include <errno.h>

#include "fd_io.h"
#include "stdio_impl.h"

int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	if (errno != EISDIR)
		return -1;
	return rmdir(path);
}
