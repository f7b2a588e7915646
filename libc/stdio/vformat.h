/*
 * Formatted-output core of the kernel C library.
 *
 * This is the engine behind the printf family.  It is freestanding (it uses
 * only compiler-provided headers and calls no library function but
 * strerror and strerrorname_np, for %m), keeps no global state but the
 * pointer to what register_printf_* registered (printf_hooks.h) and
 * allocates nothing, so it may be used from interrupt and fault handlers.
 * Once a program registers a conversion, modifier or type, the libc's
 * sinks (not the kernel's: format_sink.kernel) format through
 * format_hooked.c.  Output is byte-for-byte what glibc 2.36 prints on
 * x86_64 in the "C" locale, with the deviations listed below.
 *
 * Deviations from glibc:
 *  - without the sink's mb conversions (the kernel's messages), %lc, %ls,
 *    %C and %S only accept wide characters below 0x80; any other
 *    character makes the call fail with -1 (as glibc in the "C" locale).
 *  - %m is printed back like an unknown conversion by a sink that has
 *    no errno_value (see below).
 *  - The ' (grouping) and I flags are accepted and have no effect, as in
 *    the "C" locale.
 *  - Mixing numbered (%n$) and unnumbered conversions, or using more than
 *    FORMAT_ARGMAX numbered arguments, fails with -1; once something is
 *    registered, so does a format taking more than FORMAT_ARGMAX
 *    arguments in all.
 *  - In wide formats, registered conversions and modifiers are only
 *    recognized in ASCII.
 *  - errno is never set: the caller cannot tell EOVERFLOW from EINVAL or
 *    EILSEQ.
 *
 * glibc oddities that are reproduced, for identical output:
 *  - unknown conversions are printed back rebuilt from their parsed form;
 *  - %#g keeps no fraction digits when rounding carries a number of just
 *    P integer digits into exponent form (%#.3g of 999.5 is "1.e+03");
 *  - %e/%f/%g read an x87 pseudo-denormal without its integer bit.
 */
#ifndef OSV_LIBC_STDIO_VFORMAT_H
#define OSV_LIBC_STDIO_VFORMAT_H

#include <stdarg.h>
#include <stddef.h>

#if __has_include("osv/api.h")
#include "osv/api.h"
#else /* the host tests' copy of the libc, which has no module */
#define OSV_MODULE_API __attribute__((visibility("hidden")))
#endif

/* Highest argument number usable in a %n$ conversion. */
#define FORMAT_ARGMAX 64

/*
 * Conversions between wide and multibyte characters in the caller's
 * locale (libc/stdio/format_mb.c).
 */
struct format_mb {
	/* The multibyte form of wc in buf (8 bytes): its length, or -1. */
	int (*from_wide)(char *buf, __WCHAR_TYPE__ wc);
	/*
	 * The wide character the n bytes at s begin with: the length of its
	 * multibyte form (0 for NUL), or -1 when they begin none.
	 */
	int (*to_wide)(__WCHAR_TYPE__ *wc, const char *s, size_t n);
};

/*
 * Receives the output in pieces.  A sink embeds this structure as its first
 * member and recovers its own state from the pointer passed to put().
 */
struct format_sink {
	void (*put)(struct format_sink *s, const char *p, size_t n);
	/*
	 * The errno value %m reports (glibc: errno as the call began):
	 * %m prints strerror(), %#m strerrorname_np() or the number, with
	 * the flags, width and precision of a %s.  NULL prints %m back like
	 * an unknown conversion (the kernel's messages, which must not
	 * depend on errno or strerror).
	 */
	int (*errno_value)(struct format_sink *s);
	/*
	 * How %lc and %ls are converted, and %c and %s in wide output;
	 * NULL: ASCII only (the kernel's messages).
	 */
	const struct format_mb *mb;
	/*
	 * The output is wide characters (the wprintf family), each passed
	 * to put() in the encoding of format_wide.h; the format is in that
	 * encoding too.  The count, widths and precisions of text are then
	 * in characters.
	 */
	int wide;
	/*
	 * The kernel's own formatting (kprintf, and kernel code's snprintf
	 * and vsnprintf): never through what a program registered with
	 * register_printf_*, whose handlers must not run in the kernel.
	 */
	int kernel;
	/*
	 * Passes on what put() holds back, before a register_printf_*
	 * handler writes (it may print to the same stream); NULL: nothing
	 * is held back.
	 */
	void (*drain)(struct format_sink *s);
};

/* The locale's conversions for the libc's sinks (format_mb.c). */
extern const struct format_mb osv_format_mb
    __attribute__((visibility("hidden")));

/*
 * Formats like vprintf, passing the output to the sink.  Returns the number
 * of bytes produced, or -1 when the format is malformed, a wide character
 * cannot be converted, or the count would exceed INT_MAX.  Output already
 * passed to the sink before such an error is not taken back.
 */
int osv_vformat(struct format_sink *sink, const char *fmt, va_list ap)
    __attribute__((visibility("hidden")));

/*
 * Formats a plain format into buf (size bytes, at most INT_MAX; no NUL):
 * text, %%, %d %i %u %x (with no length modifier, l, ll or z), %s and
 * %c, without flags, width or precision, with osv_vformat's output.
 * Returns the length, or -1 when the format is not plain or the output
 * does not fit; ap is not consumed either way (format_plain.c: the
 * kernel's messages take this short path).
 */
int osv_format_plain(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((visibility("hidden")));

/* Exactly C99 vsnprintf. */
int osv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((visibility("hidden")));

/*
 * vsnprintf and snprintf for kernel code (stdio.h renames its calls):
 * the same, but never through register_printf_*'s handlers.  The ZFS
 * module is kernel code too (built with OSV_KERNEL_CODE).
 */
OSV_MODULE_API int osv_kernel_vsnprintf(char *buf, size_t size, const char *fmt,
					va_list ap);
OSV_MODULE_API int osv_kernel_snprintf(char *buf, size_t size, const char *fmt,
				       ...);

#endif
