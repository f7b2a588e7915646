/*
 * string.h: the declarations the kernel is built with, as glibc declares
 * them with _GNU_SOURCE (glibc's ABI).
 */
#ifndef _STRING_H
#define _STRING_H

#include <stddef.h>

#include <strings.h>

#ifdef __cplusplus
extern "C" {
#endif

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memccpy(void *restrict dst, const void *restrict src, int c, size_t n);
void *mempcpy(void *restrict dst, const void *restrict src, size_t n);
void *__mempcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int __memcmpeq(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
void *rawmemchr(const void *s, int c);
void *memrchr(const void *s, int c, size_t n);
void *memmem(const void *haystack, size_t haystack_len, const void *needle,
	     size_t needle_len);
void *memfrob(void *s, size_t n);
void explicit_bzero(void *s, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
char *stpcpy(char *restrict dst, const char *restrict src);
char *__stpcpy(char *restrict dst, const char *restrict src);
char *stpncpy(char *restrict dst, const char *restrict src, size_t n);
char *__stpncpy(char *restrict dst, const char *restrict src, size_t n);
size_t strlcpy(char *restrict dst, const char *restrict src, size_t n);
size_t strlcat(char *restrict dst, const char *restrict src, size_t n);
char *strcat(char *restrict dst, const char *restrict src);
char *strncat(char *restrict dst, const char *restrict src, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcoll(const char *a, const char *b);
size_t strxfrm(char *restrict dst, const char *restrict src, size_t n);
int strverscmp(const char *a, const char *b);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strchrnul(const char *s, int c);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strstr(const char *haystack, const char *needle);
char *strcasestr(const char *haystack, const char *needle);
char *strtok(char *restrict s, const char *restrict delim);
char *strtok_r(char *restrict s, const char *restrict delim,
	       char **restrict save);
char *__strtok_r(char *restrict s, const char *restrict delim,
		 char **restrict save);
char *strsep(char **restrict sp, const char *restrict delim);
char *strfry(char *s);
/* GNU basename, unless <libgen.h> made basename the POSIX one */
#ifndef _OSV_POSIX_BASENAME
char *basename(const char *path);
#endif

char *strerror(int errnum);
/* The GNU strerror_r; the POSIX one is __xpg_strerror_r. */
char *strerror_r(int errnum, char *buf, size_t n);
int __xpg_strerror_r(int errnum, char *buf, size_t n);
const char *strerrorname_np(int errnum);
const char *strerrordesc_np(int errnum);
char *strsignal(int sig);
const char *sigabbrev_np(int sig);
const char *sigdescr_np(int sig);

#ifdef __cplusplus
}
#endif

#endif
