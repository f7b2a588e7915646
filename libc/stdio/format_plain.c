/*
 * Plain formats in one pass (see vformat.h): literal text, %%, and %d
 * %i %u %x with no length modifier or with l, ll or z, %s and %c, all
 * without flags, width or precision.  Nearly every kernel message is
 * one.  Under TCG the boot pays for each block of code it runs once, so
 * a message formatted here costs this short loop, not the general
 * engine's parser, argument fetching, padding and buffering.  A table
 * says what a conversion's character is; numbers of every kind share one
 * path (int or long, signed or not, chosen by arithmetic), so the boot's
 * %lu, %u and %d translate it once, and a string's or a character's
 * path is only run when there is one.
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
#define PLAIN_CONVERSION 0x3f /* the bits of a conversion */
#define PLAIN_LONG 0x80	      /* a length modifier: 64 bits */

static const uint8_t kinds[256] = {
    ['%'] = PLAIN_PERCENT,
    ['c'] = PLAIN_CHAR,
    ['s'] = PLAIN_STRING,
    ['d'] = PLAIN_INT | PLAIN_SIGNED,
    ['i'] = PLAIN_INT | PLAIN_SIGNED,
    ['u'] = PLAIN_INT,
    ['x'] = PLAIN_INT | PLAIN_HEX,
    ['l'] = PLAIN_LONG,
    ['z'] = PLAIN_LONG,
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
 * it, or NULL when the conversion is not plain.  Under TCG each distinct
 * instruction run costs about half a block's translation, so a
 * conversion runs only its own kind's code: a number does not compute a
 * string's length nor a string its digits.  Within a number, int or
 * long and signed or not are chosen by shifts and masks (arithmetic, not
 * branches), so that the boot's %lu, %u and %d share one path.
 */
static const char *conversion(const char *p, va_list *ap, char num[24],
			      const char **s, size_t *len)
{
	unsigned wide = kinds[(unsigned char)*p] >> 7; /* like a pointer */
	p += wide;
	p += wide & (p[-1] == 'l') & (*p == 'l');
	unsigned kind = kinds[(unsigned char)*p++];
	/* A length modifier goes with an integer only. */
	if (((kind & PLAIN_CONVERSION) == 0) | (wide & ~kind >> 3))
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
	if (kind & PLAIN_INT) {
		uint64_t is_signed = (kind & PLAIN_SIGNED) != 0;
		/* An int's 32 bits, sign- or zero-extended: selections. */
		uint64_t n = is_signed ? (uint64_t)(int64_t)(int32_t)v
				       : (uint64_t)(uint32_t)v;
		n = wide ? v : n;
		uint64_t minus = is_signed & (n >> 63);
		char *start = digits(num + 24, (n ^ -minus) + minus,
				     kind & PLAIN_HEX ? 16 : 10);
		start[-1] = '-';
		start -= minus;
		*s = start;
		*len = (size_t)(num + 24 - start);
	} else if (kind == PLAIN_CHAR) {
		num[0] = (char)v;
		*s = num;
	} else {
		/* "(null)" for a null string, as glibc prints it. */
		*s = v ? (const char *)(uintptr_t)v : "(null)";
		*len = strlen(*s);
	}
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
