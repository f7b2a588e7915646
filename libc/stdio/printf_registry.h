/*
 * The registrations of register_printf_* (printf_register.c), as the
 * engine that honours them reads them (format_hooked.c).  Nothing here is
 * visible outside libc/stdio.
 */
#ifndef OSV_LIBC_STDIO_PRINTF_REGISTRY_H
#define OSV_LIBC_STDIO_PRINTF_REGISTRY_H

#include <printf.h>

#include "printf_hooks.h"

/* glibc's type codes fit below the PA_FLAG bits. */
#define FMT_TYPES_MAX (0x100 - PA_LAST)

struct printf_registry {
	struct fmt_hooks hooks; /* first: osv_fmt_hooks points here */
	printf_function *func[256];
	printf_arginfo_size_function *arginfo[256];
	int ntypes;
	printf_va_arg_function *va_arg[FMT_TYPES_MAX];
};

static inline struct printf_registry *printf_registry(void)
{
	return (struct printf_registry *)osv_fmt_hooks;
}

/* The engine and arg_types of struct fmt_hooks (format_hooked.c). */
int osv_fmt_hooked(struct fmt_out *o, const char *fmt, va_list ap) FMT_HIDDEN;
int osv_fmt_hooked_types(const struct fmt_directive *d, const char *conv,
			 size_t n, int *types) FMT_HIDDEN;

#endif
