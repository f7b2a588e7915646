/*
 * What the formatting core knows of the conversions, modifiers and types
 * registered with register_printf_* (printf_register.c).  Nothing is
 * registered in most programs: the core then only tests osv_fmt_hooks.
 * Nothing here is visible outside libc/stdio.
 */
#ifndef OSV_LIBC_STDIO_PRINTF_HOOKS_H
#define OSV_LIBC_STDIO_PRINTF_HOOKS_H

#include "format_impl.h"

/* glibc's user field has 16 bits: one per modifier. */
#define FMT_MODIFIERS_MAX 16

struct fmt_modifier {
	const __WCHAR_TYPE__ *str;
	unsigned short bit;
};

struct fmt_hooks {
	/* osv_vformat once something is registered (format_hooked.c). */
	int (*format)(struct fmt_out *o, const char *fmt, va_list ap);
	/*
	 * The registered arginfo's answer for the directive whose
	 * conversion is at conv (types of its first n arguments), or -1
	 * when none is registered or it declines.
	 */
	int (*arg_types)(const struct fmt_directive *d, const char *conv,
			 size_t n, int *types);
	unsigned nmodifiers;
	struct fmt_modifier modifier[FMT_MODIFIERS_MAX];
};

/* NULL until the first registration (format_spec.c). */
extern struct fmt_hooks *osv_fmt_hooks FMT_HIDDEN;

/* osv_fmt_parse, with the registered modifiers recognized. */
FMT_HIDDEN enum fmt_parse osv_fmt_parse_hooked(const char **fmtp,
					       struct fmt_directive *d);

/*
 * The PA_ code parse_printf_format gives the built-in conversion of d,
 * at conv (the length read back from before it, unless a registered
 * modifier took its place), -1 for one taking no argument
 * (parse_printf_format.c).
 */
FMT_HIDDEN int osv_fmt_pa_type(const struct fmt_directive *d, const char *conv);

#endif
