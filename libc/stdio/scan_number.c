/*
 * Numeric conversions of the scanf core.  The bytes that can continue a
 * number are collected (the rules below are glibc's, down to how a width
 * cuts a "0x" prefix), then converted with strtol and friends.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "scan_impl.h"

/* The next byte within the width; at the width's end nothing is read. */
static int next_in_width(struct scanner *s, long w)
{
	return w > 0 ? scan_get(s) : EOF;
}

static void store_int(void *dest, enum scan_len len, unsigned long v)
{
	switch (len) {
	case SLEN_HH:
		*(char *)dest = (char)v;
		break;
	case SLEN_H:
		*(short *)dest = (short)v;
		break;
	case SLEN_NONE:
		*(int *)dest = (int)v;
		break;
	case SLEN_L:
	case SLEN_LL:
	case SLEN_J:
	case SLEN_Z:
	case SLEN_T:
		*(unsigned long *)dest = v;
		break;
	}
}

static bool is_base_digit(int c, int base)
{
	if (base == 16)
		return isxdigit(c);
	return c >= '0' && c < '0' + (base < 10 ? base : 10);
}

/* "(nil)", the way %p prints a null pointer. */
static enum scan_status scan_nil(struct scanner *s, const struct scan_spec *sp,
				 void *dest)
{
	long w = sp->width;
	for (const char *p = "(nil)"; *p; p++, w--) {
		int c = w > 0 ? scan_get(s) : EOF;
		if (c != *p) {
			scan_unget(s, c);
			return SCAN_MATCH_FAIL;
		}
	}
	if (!sp->suppress)
		*(void **)dest = NULL;
	return SCAN_OK;
}

/*
 * Collects [sign] ["0" ["x"]] digits.  A leading 0 counts as a digit,
 * so "0x" alone reads as 0.  Returns the base used, or 0 when no digit
 * was read.
 */
static int collect_int(struct scanner *s, long w, int base, struct scan_buf *b)
{
	bool digit = false;
	int c = next_in_width(s, w);
	if (c == '+' || c == '-') {
		osv_scan_buf_add(b, (char)c);
		c = next_in_width(s, --w);
	}
	if (c == '0' && (base == 0 || base == 16)) {
		osv_scan_buf_add(b, (char)c);
		digit = true;
		c = next_in_width(s, --w);
		if (c == 'x' || c == 'X') {
			osv_scan_buf_add(b, (char)c);
			base = 16;
			c = next_in_width(s, --w);
		} else if (base == 0) {
			base = 8;
		}
	}
	if (base == 0)
		base = 10;
	for (; is_base_digit(c, base); c = next_in_width(s, --w)) {
		osv_scan_buf_add(b, (char)c);
		digit = true;
	}
	scan_unget(s, c);
	return digit ? base : 0;
}

enum scan_status osv_scan_int(struct scanner *s, const struct scan_spec *sp,
			      void *dest)
{
	int base;
	switch (sp->conv) {
	case 'd':
	case 'u':
		base = 10;
		break;
	case 'i':
		base = 0;
		break;
	case 'o':
		base = 8;
		break;
	default: /* x, X, p */
		base = 16;
		break;
	}
	int c = scan_get(s);
	if (c == EOF)
		return SCAN_INPUT_FAIL;
	scan_unget(s, c);
	if (sp->conv == 'p' && c == '(')
		return scan_nil(s, sp, dest);

	struct scan_buf b;
	osv_scan_buf_init(&b);
	base = collect_int(s, sp->width, base, &b);
	if (!base || b.failed) {
		osv_scan_buf_free(&b);
		return SCAN_MATCH_FAIL;
	}
	const char *str = osv_scan_buf_str(&b);
	unsigned long v = sp->conv == 'd' || sp->conv == 'i'
			      ? (unsigned long)strtol(str, NULL, base)
			      : strtoul(str, NULL, base);
	osv_scan_buf_free(&b);
	if (sp->suppress)
		return SCAN_OK;
	if (sp->conv == 'p')
		*(void **)dest = (void *)v;
	else
		store_int(dest, sp->len, v);
	return SCAN_OK;
}

/* Takes the bytes of word (lower case) from the input, or fails. */
static bool take_word(struct scanner *s, long *w, const char *word,
		      struct scan_buf *b)
{
	for (; *word; word++) {
		int c = next_in_width(s, *w);
		if (c == EOF || (c | 0x20) != *word) {
			scan_unget(s, c);
			return false;
		}
		osv_scan_buf_add(b, (char)c);
		--*w;
	}
	return true;
}

/* State of the number being collected. */
struct float_scan {
	bool hex, digit, dot, exp;
};

/* Whether c continues the number; updates the state when it does. */
static bool float_accepts(struct float_scan *f, int c)
{
	if (isdigit(c) || (f->hex && !f->exp && isxdigit(c))) {
		if (!f->exp)
			f->digit = true;
		return true;
	}
	if (c == '.' && !f->dot && !f->exp) {
		f->dot = true;
		return true;
	}
	if (f->digit && !f->exp && (c | 0x20) == (f->hex ? 'p' : 'e')) {
		f->exp = true;
		return true;
	}
	return false;
}

/*
 * [sign] then "nan", "inf" or "infinity", or a decimal or hexadecimal
 * number with optional point and exponent.  A sign is taken right after
 * the exponent letter; "0x" only when the width leaves room for one more
 * byte.  Returns false on a matching failure.
 */
static bool collect_float(struct scanner *s, long w, struct scan_buf *b)
{
	int c = next_in_width(s, w);
	if (c == '+' || c == '-') {
		osv_scan_buf_add(b, (char)c);
		c = next_in_width(s, --w);
	}
	if ((c | 0x20) == 'n' || (c | 0x20) == 'i') {
		scan_unget(s, c);
		if ((c | 0x20) == 'n')
			return take_word(s, &w, "nan", b);
		if (!take_word(s, &w, "inf", b))
			return false;
		c = next_in_width(s, w);
		scan_unget(s, c);
		return (c | 0x20) != 'i' || take_word(s, &w, "inity", b);
	}
	struct float_scan f = {false, false, false, false};
	if (c == '0') {
		osv_scan_buf_add(b, (char)c);
		f.digit = true;
		c = next_in_width(s, --w);
		if ((c | 0x20) == 'x' && w > 1) {
			osv_scan_buf_add(b, (char)c);
			f.hex = true;
			f.digit = false;
			c = next_in_width(s, --w);
		}
	}
	while (float_accepts(&f, c)) {
		osv_scan_buf_add(b, (char)c);
		bool sign_next = (c | 0x20) == (f.hex ? 'p' : 'e');
		c = next_in_width(s, --w);
		if (sign_next && (c == '+' || c == '-')) {
			osv_scan_buf_add(b, (char)c);
			c = next_in_width(s, --w);
		}
	}
	scan_unget(s, c);
	/* "0x" with nothing after it is no number. */
	return !f.hex || f.digit || f.dot;
}

enum scan_status osv_scan_float(struct scanner *s, const struct scan_spec *sp,
				void *dest)
{
	int c = scan_get(s);
	if (c == EOF)
		return SCAN_INPUT_FAIL;
	scan_unget(s, c);

	struct scan_buf b;
	osv_scan_buf_init(&b);
	enum scan_status st = SCAN_MATCH_FAIL;
	if (collect_float(s, sp->width, &b) && !b.failed) {
		const char *str = osv_scan_buf_str(&b);
		char *end;
		if (sp->len == SLEN_LL) {
			long double v = strtold(str, &end);
			if (end != str && !sp->suppress)
				*(long double *)dest = v;
		} else if (sp->len == SLEN_L) {
			double v = strtod(str, &end);
			if (end != str && !sp->suppress)
				*(double *)dest = v;
		} else {
			float v = strtof(str, &end);
			if (end != str && !sp->suppress)
				*(float *)dest = v;
		}
		if (end != str)
			st = SCAN_OK;
	}
	osv_scan_buf_free(&b);
	return st;
}
