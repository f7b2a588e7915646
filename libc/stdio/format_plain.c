/*
 * Plain formats in one pass (see vformat.h): literal text, %%, and %d
 * %i %u %x with no length modifier or with l, ll or z, %s and %c, all
 * without flags, width or precision.  Nearly every kernel message is
 * one.  Under TCG the boot pays for each block of code it runs once, so
 * a message formatted here costs this short loop, not the general
 * engine's parser, argument fetching, padding and buffering; and every
 * conversion takes the same path (a table says what its character is,
 * the text is then chosen by arithmetic), so the boot's first %lu does
 * not translate a path its %s or %d did not.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "vformat.h"

/* What a conversion character is; 0: not plain. */
#define PLAIN_PERCENT 0x01
#define PLAIN_CHAR 0x02
#define PLAIN_STRING 0x04
#define PLAIN_INT 0x08 /* digits, in base 10 unless PLAIN_HEX */
#define PLAIN_SIGNED 0x10
#define PLAIN_HEX 0x20

static const uint8_t kinds[256] = {
    ['%'] = PLAIN_PERCENT,
    ['c'] = PLAIN_CHAR,
    ['s'] = PLAIN_STRING,
    ['d'] = PLAIN_INT | PLAIN_SIGNED,
    ['i'] = PLAIN_INT | PLAIN_SIGNED,
    ['u'] = PLAIN_INT,
    ['x'] = PLAIN_INT | PLAIN_HEX,
};

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
 * built in num[24] for numbers and characters); returns the format after
 * it, or NULL when the conversion is not plain.  Each branch of code run
 * once costs the boot a block to translate, so every argument is
 * formatted as a number, and the text printed is then chosen with masks
 * (all ones or zero, and-ed and or-ed: the compiler keeps them as
 * arithmetic, where a ?: may become a branch).  strlen() measures ""
 * unless the conversion is %s.
 */
static const char *conversion(const char *p, va_list *ap, char num[24],
			      const char **s, size_t *len)
{
	bool wide = (*p == 'l') | (*p == 'z'); /* 64 bits, like a pointer */
	p += wide;
	p += wide & (p[-1] == 'l') & (*p == 'l');
	unsigned kind = kinds[(unsigned char)*p++];
	/* A length modifier goes with an integer only. */
	if ((kind == 0) | (wide & ((kind & PLAIN_INT) == 0)))
		return NULL;
	*s = p - 1; /* "%%" prints its second '%' */
	*len = 1;
	if (kind == PLAIN_PERCENT)
		return p;
	/*
	 * Every integer, character and pointer argument takes one 8-byte
	 * slot in the x86_64 calling convention (SysV psABI 3.5.7), so one
	 * fetch serves them all; an int's upper half is dropped below.
	 */
	uint64_t v = va_arg(*ap, uint64_t);
	uint64_t is_signed = -(uint64_t)((kind & PLAIN_SIGNED) != 0);
	uint64_t is_string = -(uint64_t)((kind & PLAIN_STRING) != 0);
	uint64_t is_char = -(uint64_t)((kind & PLAIN_CHAR) != 0);
	uint64_t is_number = ~(is_string | is_char);
	/* An int's 32 bits, sign- or zero-extended, by shifts. */
	unsigned drop = 32 & (wide - 1u);
	uint64_t n = ((uint64_t)((int64_t)(v << drop) >> drop) & is_signed) |
		     (v << drop >> drop & ~is_signed);
	uint64_t minus = (uint64_t)((int64_t)n >> 63) & is_signed;
	char *start = digits(num + 24, (n ^ minus) - minus,
			     10 + 6 * ((kind & PLAIN_HEX) != 0));
	start[-1] = '-';
	start -= minus & 1;
	num[0] = (char)v;
	/* "(null)" for a null string, as glibc prints it. */
	uintptr_t str = (v ? (uintptr_t)v : (uintptr_t) "(null)") & is_string;
	size_t str_len =
	    strlen((const char *)(str | ((uintptr_t) "" & ~is_string)));
	*s = (const char *)(str | ((uintptr_t)num & is_char) |
			    ((uintptr_t)start & is_number));
	*len =
	    str_len | (1 & is_char) | ((size_t)(num + 24 - start) & is_number);
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
