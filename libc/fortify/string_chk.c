/* The fortified memory and string copies (see fortify.h). */
#include <string.h>

#include "fortify.h"

void *__memcpy_chk(void *d, const void *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return memcpy(d, s, n);
}

void *__memmove_chk(void *d, const void *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return memmove(d, s, n);
}

void *__mempcpy_chk(void *d, const void *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return mempcpy(d, s, n);
}

void *__memset_chk(void *d, int c, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return memset(d, c, n);
}

void __explicit_bzero_chk(void *d, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	explicit_bzero(d, n);
}

char *__strcpy_chk(char *d, const char *s, size_t dlen)
{
	size_t n = strlen(s);
	if (n >= dlen)
		__chk_fail();
	return memcpy(d, s, n + 1);
}

char *__stpcpy_chk(char *d, const char *s, size_t dlen)
{
	size_t n = strlen(s);
	if (n >= dlen)
		__chk_fail();
	memcpy(d, s, n + 1);
	return d + n;
}

char *__strncpy_chk(char *d, const char *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return strncpy(d, s, n);
}

char *__stpncpy_chk(char *d, const char *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return stpncpy(d, s, n);
}

/* The destination's string must end inside it, and so must the result. */
static size_t dest_len(const char *d, size_t dlen)
{
	size_t n = strnlen(d, dlen);
	if (n == dlen)
		__chk_fail();
	return n;
}

char *__strcat_chk(char *d, const char *s, size_t dlen)
{
	size_t dn = dest_len(d, dlen);
	size_t sn = strlen(s);
	if (sn >= dlen - dn)
		__chk_fail();
	memcpy(d + dn, s, sn + 1);
	return d;
}

char *__strncat_chk(char *d, const char *s, size_t n, size_t dlen)
{
	size_t dn = dest_len(d, dlen);
	size_t sn = strnlen(s, n);
	if (sn >= dlen - dn)
		__chk_fail();
	memcpy(d + dn, s, sn);
	d[dn + sn] = '\0';
	return d;
}
