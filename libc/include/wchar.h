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

/* BEGIN wide-character stdio */
struct _IO_FILE;
int fwide(struct _IO_FILE *f, int mode);
wint_t fputwc(wchar_t wc, struct _IO_FILE *f);
wint_t putwc(wchar_t wc, struct _IO_FILE *f);
wint_t putwchar(wchar_t wc);
wint_t fputwc_unlocked(wchar_t wc, struct _IO_FILE *f);
wint_t putwc_unlocked(wchar_t wc, struct _IO_FILE *f);
wint_t putwchar_unlocked(wchar_t wc);
wint_t fgetwc(struct _IO_FILE *f);
wint_t getwc(struct _IO_FILE *f);
wint_t getwchar(void);
wint_t fgetwc_unlocked(struct _IO_FILE *f);
wint_t getwc_unlocked(struct _IO_FILE *f);
wint_t getwchar_unlocked(void);
wint_t ungetwc(wint_t wc, struct _IO_FILE *f);
int fputws(const wchar_t *restrict ws, struct _IO_FILE *restrict f);
int fputws_unlocked(const wchar_t *restrict ws, struct _IO_FILE *restrict f);
wchar_t *fgetws(wchar_t *restrict ws, int n, struct _IO_FILE *restrict f);
wchar_t *fgetws_unlocked(wchar_t *restrict ws, int n,
			 struct _IO_FILE *restrict f);
int fwprintf(struct _IO_FILE *restrict f, const wchar_t *restrict fmt, ...);
int wprintf(const wchar_t *restrict fmt, ...);
int swprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt, ...);
int vfwprintf(struct _IO_FILE *restrict f, const wchar_t *restrict fmt,
	      va_list ap);
int vwprintf(const wchar_t *restrict fmt, va_list ap);
int vswprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt,
	      va_list ap);
int fwscanf(struct _IO_FILE *restrict f, const wchar_t *restrict fmt, ...);
int wscanf(const wchar_t *restrict fmt, ...);
int swscanf(const wchar_t *restrict s, const wchar_t *restrict fmt, ...);
int vfwscanf(struct _IO_FILE *restrict f, const wchar_t *restrict fmt,
	     va_list ap);
int vwscanf(const wchar_t *restrict fmt, va_list ap);
int vswscanf(const wchar_t *restrict s, const wchar_t *restrict fmt,
	     va_list ap);
int __isoc99_fwscanf(struct _IO_FILE *restrict f,
		     const wchar_t *restrict fmt, ...);
int __isoc99_wscanf(const wchar_t *restrict fmt, ...);
int __isoc99_swscanf(const wchar_t *restrict s,
		     const wchar_t *restrict fmt, ...);
int __isoc99_vfwscanf(struct _IO_FILE *restrict f,
		      const wchar_t *restrict fmt, va_list ap);
int __isoc99_vwscanf(const wchar_t *restrict fmt, va_list ap);
int __isoc99_vswscanf(const wchar_t *restrict s,
		      const wchar_t *restrict fmt, va_list ap);
/* END wide-character stdio */

#ifdef __cplusplus
}
#endif

#endif
