/* getcwd, chdir, fchdir, umask. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_impl.h"
#include "uaccess.h"

#define PATH_MAX 4096

/* glibc's extension: buf NULL allocates (len bytes, or as needed). */
char *getcwd(char *buf, size_t len)
{
	char tmp[PATH_MAX];
	if (buf && len == 0) {
		errno = EINVAL;
		return NULL;
	}
	/* to tmp first: buf is the program's (EFAULT when bad) */
	long r = fs_getcwd(tmp, buf && len < sizeof(tmp) ? len : sizeof(tmp));
	if (r >= 0 && buf && put_program(buf, tmp, (size_t)r))
		r = -EFAULT;
	if (r < 0) {
		errno = (int)-r;
		return NULL;
	}
	if (buf)
		return buf;
	if (len && (size_t)r > len) {
		errno = ERANGE;
		return NULL;
	}
	char *p = malloc(len ? len : (size_t)r);
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(p, tmp, (size_t)r);
	return p;
}

char *get_current_dir_name(void)
{
	return getcwd(NULL, 0);
}

char *getwd(char *buf)
{
	return getcwd(buf, PATH_MAX);
}

char *__getcwd_chk(char *buf, size_t len, size_t buflen);

char *__getcwd_chk(char *buf, size_t len, size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return getcwd(buf, len);
}

int chdir(const char *path)
{
	return (int)fs_ret(fs_chdir(path));
}

int fchdir(int fd)
{
	return (int)fs_ret(fs_fchdir(fd));
}

mode_t umask(mode_t mask)
{
	return fs_umask(mask);
}
