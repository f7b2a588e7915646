/* stdio.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)

int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap) __attribute__((format(printf, 3, 0)));
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
int sscanf(const char *restrict str, const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 2, 3)));
int vsscanf(const char *restrict str, const char *restrict fmt, va_list ap)
    __attribute__((format(__scanf__, 2, 0)));
int __isoc99_sscanf(const char *restrict str, const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 2, 3)));
int __isoc99_vsscanf(const char *restrict str, const char *restrict fmt,
		     va_list ap) __attribute__((format(__scanf__, 2, 0)));
int puts(const char *s);
int putchar(int c);

#ifdef __cplusplus
}
#endif

#endif
