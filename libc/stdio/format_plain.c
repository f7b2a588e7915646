/*
 * Plain formats in one pass (see vformat.h): literal text, %%, and %d
 * %i %u %x with no length modifier or with l, ll or z, %s and %c, all
 * without flags, width or precision.  Nearly every kernel message is
 * one.  Under TCG the boot pays for each block of code it runs once, so
 * a message formatted here costs this short loop, not the general
 * engine's parser, argument fetching, padding and buffering.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "vformat.h"

/* The digits of v in base 10 or 16, right-aligned before end; the start. */
static char *digits(char *end, uint64_t v, unsigned base)
{
	char *p = end;
	do {
		*--p = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	return p;
}

/*
 * The conversion at p (just after its '%'): its text in *s (len bytes,
 * built in num[24] for numbers); returns the format after it, or NULL
 * when the conversion is not plain.  The code has few branches, as
 * each costs the boot a block to translate.
 */
static const char *conversion(const char *p, va_list *ap, char num[24],
			      const char **s, size_t *len)
{
	bool wide = *p == 'l' || *p == 'z'; /* 64 bits, like a pointer */
	p += wide;
	p += wide && p[-1] == 'l' && *p == 'l';
	char conv = *p++;
	*s = p - 1; /* "%%" prints its second '%' */
	*len = 1;
	if (conv == '%' && !wide)
		return p;
	/*
	 * Every integer, character and pointer argument takes one 8-byte
	 * slot in the x86_64 calling convention (SysV psABI 3.5.7), so one
	 * fetch serves them all; an int's upper half is dropped below.
	 */
	uint64_t v = va_arg(*ap, uint64_t);
	if (conv == 's' && !wide) {
		*s = v ? (const char *)(uintptr_t)v : "(null)"; /* glibc's */
		*len = strlen(*s);
		return p;
	}
	num[0] = (char)v;
	*s = num;
	if (conv == 'c' && !wide)
		return p;
	bool is_signed = conv == 'd' || conv == 'i';
	if (!is_signed && conv != 'u' && conv != 'x')
		return NULL;
	/* An int's 32 bits, sign- or zero-extended, by shifts: no branch. */
	unsigned drop = wide ? 0 : 32;
	uint64_t sv = (uint64_t)((int64_t)(v << drop) >> drop);
	uint64_t uv = v << drop >> drop;
	v = is_signed ? sv : uv;
	bool negative = is_signed && (int64_t)v < 0;
	char *start =
	    digits(num + 24, negative ? -v : v, conv == 'x' ? 16 : 10);
	start[-1] = '-';
	*s = start - negative;
	*len = (size_t)(num + 24 - *s);
	return p;
}

int osv_format_plain(char *buf, size_t size, const char *fmt, va_list ap)
{
	va_list args; /* a copy: the caller's may go to osv_vformat next */
	va_copy(args, ap);
	size_t n = 0;
	while (*fmt) {
		/* A byte of text, or a conversion: one path copies either. */
		char num[24];
		const char *s = fmt++;
		size_t len = 1;
		if (*s == '%') {
			fmt = conversion(fmt, &args, num, &s, &len);
			if (!fmt)
				break;
		}
		if (len > size - n) {
			fmt = NULL;
			break;
		}
		for (size_t i = 0; i < len; i++)
			buf[n + i] = s[i];
		n += len;
	}
	va_end(args);
	return fmt ? (int)n : -1;
}
