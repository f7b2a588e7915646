/*
 * confstr: glibc's strings for the names a program asks about (the
 * default PATH, and the library versions glibc reports: this libc
 * implements glibc 2.36's ABI, see gnu_get_libc_version).  Other names
 * glibc knows are empty strings (returning 1); unknown ones EINVAL.
 */
#include <errno.h>
#include <string.h>

size_t confstr(int name, char *buf, size_t len);

#define CS_PATH 0
#define CS_GNU_LIBC_VERSION 2
#define CS_GNU_LIBPTHREAD_VERSION 3
#define CS_LAST 1149 /* _CS_V7_ENV */

size_t confstr(int name, char *buf, size_t len)
{
	const char *s;
	switch (name) {
	case CS_PATH:
		s = "/bin:/usr/bin";
		break;
	case CS_GNU_LIBC_VERSION:
		s = "glibc 2.36";
		break;
	case CS_GNU_LIBPTHREAD_VERSION:
		s = "NPTL 2.36";
		break;
	default:
		if (name < 0 || name > CS_LAST) {
			errno = EINVAL;
			return 0;
		}
		s = "";
	}
	size_t n = strlen(s) + 1;
	if (buf && len) {
		size_t k = n < len ? n : len;
		memcpy(buf, s, k - 1);
		buf[k - 1] = '\0';
	}
	return n;
}
