/*
 * printf.h: glibc's printf customisation (user conversions, modifiers
 * and argument types) and parse_printf_format, with glibc's layout,
 * codes and calling conventions (libc/stdio/printf_register.c).
 */
#ifndef _PRINTF_H
#define _PRINTF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* One conversion as a handler sees it. */
struct printf_info {
	int prec;  /* -1 when absent */
	int width; /* 0 when absent */
	wchar_t spec;
	unsigned int is_long_double : 1; /* L, q or ll */
	unsigned int is_short : 1;
	unsigned int is_long : 1;
	unsigned int alt : 1;
	unsigned int space : 1;
	unsigned int left : 1;
	unsigned int showsign : 1;
	unsigned int group : 1;
	unsigned int extra : 1;
	unsigned int is_char : 1;
	unsigned int wide : 1; /* the wprintf family */
	unsigned int i18n : 1;
	unsigned int is_binary128 : 1;
	unsigned int __pad : 3;
	unsigned short int user; /* the bits of the registered modifiers */
	wchar_t pad;		 /* ' ' or '0' */
};

/*
 * Writes one conversion to the stream: the count of characters it adds,
 * -1 to fail the call, or -2 to have the conversion done as if nothing
 * were registered.  args[i] points at the i-th argument's value (for a
 * registered type: at a pointer to it).
 */
typedef int printf_function(FILE *stream, const struct printf_info *info,
			    const void *const *args);

/*
 * The types (PA_ codes) of the conversion's first n arguments in
 * argtypes, the sizes of those of registered types in size: the count
 * of arguments, or -1 to leave the conversion to the built-in one.
 */
typedef int printf_arginfo_size_function(const struct printf_info *info,
					 size_t n, int *argtypes, int *size);
typedef int printf_arginfo_function(const struct printf_info *info, size_t n,
				    int *argtypes);

/* Fetches one argument of a registered type into mem. */
typedef void printf_va_arg_function(void *mem, va_list *ap);

int register_printf_specifier(int spec, printf_function *func,
			      printf_arginfo_size_function *arginfo);
int register_printf_function(int spec, printf_function *func,
			     printf_arginfo_function *arginfo)
    __attribute__((deprecated));
int register_printf_modifier(const wchar_t *str);
int register_printf_type(printf_va_arg_function *fct);

/*
 * A handler and its arginfo printing a double (long double under L) in
 * units of 1024 (k, m, g ...; of 1000 and K, M, G ... for a conversion
 * in upper case), as register_printf_function(c, printf_size,
 * printf_size_info) makes %c do.
 */
int printf_size(FILE *fp, const struct printf_info *info,
		const void *const *args);
int printf_size_info(const struct printf_info *info, size_t n, int *argtypes);

enum {
	PA_INT,
	PA_CHAR,
	PA_WCHAR,
	PA_STRING,
	PA_WSTRING,
	PA_POINTER,
	PA_FLOAT,
	PA_DOUBLE,
	PA_LAST
};

#define PA_FLAG_MASK 0xff00
#define PA_FLAG_LONG_LONG (1 << 8)
#define PA_FLAG_LONG_DOUBLE PA_FLAG_LONG_LONG
#define PA_FLAG_LONG (1 << 9)
#define PA_FLAG_SHORT (1 << 10)
#define PA_FLAG_PTR (1 << 11)

size_t parse_printf_format(const char *fmt, size_t n, int *argtypes);

#endif
