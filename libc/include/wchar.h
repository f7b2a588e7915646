/* wchar.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _WCHAR_H
#define _WCHAR_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef __WINT_TYPE__
#define __WINT_TYPE__ unsigned int
#endif
typedef __WINT_TYPE__ wint_t;

#define WEOF (0xffffffffu)
#define WCHAR_MIN __WCHAR_MIN__
#define WCHAR_MAX __WCHAR_MAX__

/* The conversion state: glibc's layout, our own use of the fields. */
typedef struct {
	int __count;
	union {
		unsigned int __wch;
		char __wchb[4];
	} __value;
} __mbstate_t;
typedef __mbstate_t mbstate_t;

wint_t btowc(int c);
int wctob(wint_t wc);
int mbsinit(const mbstate_t *ps);
size_t mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
	       mbstate_t *restrict ps);
size_t mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps);
size_t wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps);
size_t mbsrtowcs(wchar_t *restrict dst, const char **restrict src, size_t len,
		 mbstate_t *restrict ps);
size_t mbsnrtowcs(wchar_t *restrict dst, const char **restrict src, size_t nms,
		  size_t len, mbstate_t *restrict ps);
size_t wcsrtombs(char *restrict dst, const wchar_t **restrict src, size_t len,
		 mbstate_t *restrict ps);
size_t wcsnrtombs(char *restrict dst, const wchar_t **restrict src, size_t nwc,
		  size_t len, mbstate_t *restrict ps);
int wcwidth(wchar_t wc);
int wcswidth(const wchar_t *s, size_t n);

size_t wcslen(const wchar_t *s);
size_t wcsnlen(const wchar_t *s, size_t max);
int wcscmp(const wchar_t *a, const wchar_t *b);
int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);
int wcscoll(const wchar_t *a, const wchar_t *b);
size_t wcsxfrm(wchar_t *restrict dst, const wchar_t *restrict src, size_t n);
wchar_t *wcscpy(wchar_t *restrict dst, const wchar_t *restrict src);
wchar_t *wcsncpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n);
wchar_t *wcpcpy(wchar_t *restrict dst, const wchar_t *restrict src);
wchar_t *wcpncpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n);
wchar_t *wcscat(wchar_t *restrict dst, const wchar_t *restrict src);
wchar_t *wcsncat(wchar_t *restrict dst, const wchar_t *restrict src, size_t n);
wchar_t *wcsdup(const wchar_t *s);
wchar_t *wcschr(const wchar_t *s, wchar_t c);
wchar_t *wcsrchr(const wchar_t *s, wchar_t c);
wchar_t *wcschrnul(const wchar_t *s, wchar_t c);
size_t wcsspn(const wchar_t *s, const wchar_t *accept);
size_t wcscspn(const wchar_t *s, const wchar_t *reject);
wchar_t *wcspbrk(const wchar_t *s, const wchar_t *accept);
wchar_t *wcsstr(const wchar_t *haystack, const wchar_t *needle);
wchar_t *wcswcs(const wchar_t *haystack, const wchar_t *needle);
wchar_t *wcstok(wchar_t *restrict s, const wchar_t *restrict delim,
		wchar_t **restrict save);
wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n);
int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n);
wchar_t *wmemcpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n);
wchar_t *wmempcpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n);
wchar_t *wmemmove(wchar_t *dst, const wchar_t *src, size_t n);
wchar_t *wmemset(wchar_t *s, wchar_t c, size_t n);

#ifdef __cplusplus
}
#endif

#endif
