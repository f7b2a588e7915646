/*
 * iconv between the Unicode encodings and the two single-byte sets the
 * locales use: UTF-8, ASCII, ISO-8859-1, UTF-16, UTF-32, UCS-2, UCS-4
 * (with LE/BE forms) and WCHAR_T; "" is the locale's codeset.  As in
 * glibc: UCS-4, WCHAR_T and UTF-8 carry 31-bit values (UTF-8 in the
 * old forms of up to 6 bytes), which UTF-16 and UTF-32 refuse; UTF-16 and
 * UTF-32 without an order read a byte-order mark (little-endian without one)
 * and write one before the first character; UCS-2 is little-endian and UCS-4
 * big-endian; invalid input is EILSEQ and a truncated character at the end
 * EINVAL, both with *inbuf at it; a full output E2BIG.  A character the target
 * cannot hold is EILSEQ, or with //TRANSLIT a '?' counted as an
 * irreversible conversion, or with //IGNORE skipped (the call then
 * ends with EILSEQ after converting the rest, as glibc's does).
 */
#include <errno.h>
#include <langinfo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libc.h"

enum enc {
	ENC_UTF8,
	ENC_ASCII,
	ENC_LATIN1,
	ENC_UTF16, /* byte-order mark, else little-endian */
	ENC_UTF16LE,
	ENC_UTF16BE,
	ENC_UTF32,
	ENC_UTF32LE,
	ENC_UTF32BE,
	ENC_UCS2LE,
	ENC_UCS2BE,
	ENC_UCS4LE,
	ENC_UCS4BE,
	ENC_WCHAR, /* UCS-4LE, any 32-bit value on input */
};

struct conv {
	enum enc from, to;
	bool translit, ignore;
	bool from_big;	 /* UTF-16/32 input order once known */
	bool from_known; /* the input's mark was looked for */
	bool bom_written;
};

typedef struct conv *iconv_t;

iconv_t iconv_open(const char *tocode, const char *fromcode);
size_t iconv(iconv_t cd, char **inbuf, size_t *inleft, char **outbuf,
	     size_t *outleft);
int iconv_close(iconv_t cd);

/* The names in place, not pointers to them: 150 bytes less. */
static const struct {
	char name[14]; /* upper case, without '-' and '_' */
	uint8_t enc;   /* an enum enc */
} names[] = {
    {"UTF8", ENC_UTF8},		{"ASCII", ENC_ASCII},
    {"USASCII", ENC_ASCII},	{"ANSIX3.41968", ENC_ASCII},
    {"646", ENC_ASCII},		{"ISO88591", ENC_LATIN1},
    {"LATIN1", ENC_LATIN1},	{"L1", ENC_LATIN1},
    {"UTF16", ENC_UTF16},	{"UTF16LE", ENC_UTF16LE},
    {"UTF16BE", ENC_UTF16BE},	{"UTF32", ENC_UTF32},
    {"UTF32LE", ENC_UTF32LE},	{"UTF32BE", ENC_UTF32BE},
    {"UCS2", ENC_UCS2LE},	{"UCS2LE", ENC_UCS2LE},
    {"UCS2BE", ENC_UCS2BE},	{"UCS4", ENC_UCS4BE},
    {"UCS4LE", ENC_UCS4LE},	{"UCS4BE", ENC_UCS4BE},
    {"WCHART", ENC_WCHAR},	{"UNICODELITTLE", ENC_UCS2LE},
    {"UNICODEBIG", ENC_UCS2BE},
};

/* Finds the encoding of a name with its //suffixes; false if unknown. */
static bool lookup(const char *code, enum enc *e, bool *translit, bool *ignore)
{
	char key[40];
	size_t n = 0;
	const char *p = code;
	for (; *p && !(p[0] == '/' && p[1] == '/'); p++) {
		if (*p == '-' || *p == '_')
			continue;
		if (n + 1 >= sizeof(key))
			return false;
		char c = *p;
		key[n++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	key[n] = '\0';
	*translit = *ignore = false;
	while (p[0] == '/' && p[1] == '/') {
		p += 2;
		if (!strncmp(p, "TRANSLIT", 8) || !strncmp(p, "translit", 8))
			*translit = true;
		else if (!strncmp(p, "IGNORE", 6) || !strncmp(p, "ignore", 6))
			*ignore = true;
		while (*p && !(p[0] == '/' && p[1] == '/'))
			p++;
	}
	if (!n) { /* the locale's codeset */
		const char *cs = nl_langinfo(CODESET);
		*e = strcmp(cs, "UTF-8") ? ENC_ASCII : ENC_UTF8;
		return true;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(key, names[i].name)) {
			*e = (enum enc)names[i].enc;
			return true;
		}
	return false;
}

iconv_t iconv_open(const char *tocode, const char *fromcode)
{
	struct conv c = {0};
	bool t, i, ft, fi;
	if (!lookup(tocode, &c.to, &t, &i) ||
	    !lookup(fromcode, &c.from, &ft, &fi)) {
		errno = EINVAL;
		return (iconv_t)-1;
	}
	c.translit = t;
	c.ignore = i;
	struct conv *p = malloc(sizeof(*p));
	if (!p) {
		errno = ENOMEM;
		return (iconv_t)-1;
	}
	*p = c;
	return p;
}

int iconv_close(iconv_t cd)
{
	if (cd == (iconv_t)-1 || !cd) {
		errno = EBADF;
		return -1;
	}
	free(cd);
	return 0;
}

static uint32_t get16(const unsigned char *p, bool big)
{
	return big ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static uint32_t get32(const unsigned char *p, bool big)
{
	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			 (uint32_t)p[2] << 8 | p[3]
		   : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
			 (uint32_t)p[1] << 8 | p[0];
}

static bool is_surrogate(uint32_t c)
{
	return c >= 0xd800 && c <= 0xdfff;
}

/* Decodes one character: its length, or -EILSEQ / -EINVAL. */
static int decode(struct conv *cd, const unsigned char *p, size_t n,
		  uint32_t *out)
{
	switch (cd->from) {
	case ENC_UTF8: {
		/* glibc's reader takes the old forms of up to 6 bytes (31
		 * bits); an incomplete sequence at the end is EINVAL. */
		static const uint32_t min[] = {
		    0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000};
		uint32_t c = p[0];
		int len;
		if (c < 0x80) {
			*out = c;
			return 1;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2, c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3, c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf7) {
			len = 4, c &= 0x07;
		} else if (c >= 0xf8 && c <= 0xfb) {
			len = 5, c &= 0x03;
		} else if (c >= 0xfc && c <= 0xfd) {
			len = 6, c &= 0x01;
		} else {
			return -EILSEQ;
		}
		for (int i = 1; i < len; i++) {
			if ((size_t)i >= n)
				return -EINVAL;
			if ((p[i] & 0xc0) != 0x80)
				return -EILSEQ;
			c = c << 6 | (p[i] & 0x3f);
		}
		if (c < min[len] || is_surrogate(c))
			return -EILSEQ;
		*out = c;
		return len;
	}
	case ENC_ASCII:
		if (p[0] >= 0x80)
			return -EILSEQ;
		*out = p[0];
		return 1;
	case ENC_LATIN1:
		*out = p[0];
		return 1;
	case ENC_UTF16:
	case ENC_UTF16LE:
	case ENC_UTF16BE: {
		if (n < 2)
			return -EINVAL;
		bool big = cd->from == ENC_UTF16BE ||
			   (cd->from == ENC_UTF16 && cd->from_big);
		uint32_t c = get16(p, big);
		if (c >= 0xdc00 && c <= 0xdfff)
			return -EILSEQ;
		if (c >= 0xd800 && c <= 0xdbff) {
			if (n < 4)
				return -EINVAL;
			uint32_t lo = get16(p + 2, big);
			if (lo < 0xdc00 || lo > 0xdfff)
				return -EILSEQ;
			*out = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			return 4;
		}
		*out = c;
		return 2;
	}
	case ENC_UCS2LE:
	case ENC_UCS2BE: {
		if (n < 2)
			return -EINVAL;
		uint32_t c = get16(p, cd->from == ENC_UCS2BE);
		if (is_surrogate(c))
			return -EILSEQ;
		*out = c;
		return 2;
	}
	default: { /* the 32-bit forms */
		if (n < 4)
			return -EINVAL;
		bool big = cd->from == ENC_UTF32BE || cd->from == ENC_UCS4BE ||
			   (cd->from == ENC_UTF32 && cd->from_big);
		uint32_t c = get32(p, big);
		bool ucs4 = cd->from == ENC_UCS4LE || cd->from == ENC_UCS4BE;
		if (cd->from == ENC_WCHAR ? false
		    : ucs4		  ? c > 0x7fffffff
					  : c > 0x10ffff || is_surrogate(c))
			return -EILSEQ;
		*out = c;
		return 4;
	}
	}
}

static void put16(unsigned char *p, uint32_t c, bool big)
{
	p[big ? 0 : 1] = (unsigned char)(c >> 8);
	p[big ? 1 : 0] = (unsigned char)c;
}

static void put32(unsigned char *p, uint32_t c, bool big)
{
	for (int i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (unsigned char)(c >> (8 * i));
}

/* Bytes the encoding needs for c (room is checked before whether the
 * target can hold c at all, as glibc does). */
static size_t needed(enum enc e, uint32_t c)
{
	switch (e) {
	case ENC_UTF8:
		return c < 0x80	       ? 1
		       : c < 0x800     ? 2
		       : c < 0x10000   ? 3
		       : c < 0x200000  ? 4
		       : c < 0x4000000 ? 5
				       : 6;
	case ENC_ASCII:
	case ENC_LATIN1:
		return 1;
	case ENC_UTF16LE:
	case ENC_UTF16BE:
		return c >= 0x10000 && c <= 0x10ffff ? 4 : 2;
	case ENC_UCS2LE:
	case ENC_UCS2BE:
		return 2;
	default:
		return 4;
	}
}

/* Whether the target can hold c (UCS-4 and glibc's UTF-8 take 31 bits). */
static bool holds(enum enc e, uint32_t c)
{
	switch (e) {
	case ENC_UTF8:
		return c <= 0x7fffffff && !is_surrogate(c);
	case ENC_ASCII:
		return c < 0x80;
	case ENC_LATIN1:
		return c < 0x100;
	case ENC_UCS2LE:
	case ENC_UCS2BE:
		return c < 0x10000 && !is_surrogate(c);
	case ENC_UCS4LE:
	case ENC_UCS4BE:
	case ENC_WCHAR:
		return true;
	default: /* UTF-16, UTF-32 */
		return c <= 0x10ffff && !is_surrogate(c);
	}
}

/* Encodes c: its length, 0 if the target cannot hold it, -E2BIG. */
static int encode(enum enc e, uint32_t c, unsigned char *p, size_t n)
{
	size_t len = needed(e, c);
	if (len > n)
		return -E2BIG;
	if (!holds(e, c))
		return 0;
	switch (e) {
	case ENC_UTF8: {
		if (len == 1) {
			p[0] = (unsigned char)c;
			return 1;
		}
		static const unsigned char lead[] = {0,	   0,	 0xc0, 0xe0,
						     0xf0, 0xf8, 0xfc};
		for (size_t i = len - 1; i > 0; i--, c >>= 6)
			p[i] = (unsigned char)(0x80 | (c & 0x3f));
		p[0] = (unsigned char)(lead[len] | c);
		return (int)len;
	}
	case ENC_ASCII:
	case ENC_LATIN1:
		p[0] = (unsigned char)c;
		return 1;
	case ENC_UTF16LE:
	case ENC_UTF16BE: {
		bool big = e == ENC_UTF16BE;
		if (len == 2) {
			put16(p, c, big);
			return 2;
		}
		c -= 0x10000;
		put16(p, 0xd800 + (c >> 10), big);
		put16(p + 2, 0xdc00 + (c & 0x3ff), big);
		return 4;
	}
	case ENC_UCS2LE:
	case ENC_UCS2BE:
		put16(p, c, e == ENC_UCS2BE);
		return 2;
	default:
		put32(p, c, e == ENC_UTF32BE || e == ENC_UCS4BE);
		return 4;
	}
}

/* The code unit of an encoding: what //IGNORE skips of invalid input. */
static size_t unit(enum enc e)
{
	switch (e) {
	case ENC_UTF8:
	case ENC_ASCII:
	case ENC_LATIN1:
		return 1;
	case ENC_UTF16:
	case ENC_UTF16LE:
	case ENC_UTF16BE:
	case ENC_UCS2LE:
	case ENC_UCS2BE:
		return 2;
	default:
		return 4;
	}
}

static size_t fail(int e)
{
	errno = e;
	return (size_t)-1;
}

size_t iconv(iconv_t cd, char **inbuf, size_t *inleft, char **outbuf,
	     size_t *outleft)
{
	if (cd == (iconv_t)-1 || !cd)
		return fail(EBADF);
	if (!inbuf || !*inbuf) {
		/* Back to the initial state: nothing to write for these. */
		cd->from_known = false;
		cd->bom_written = false;
		return 0;
	}
	const unsigned char *in = (const unsigned char *)*inbuf;
	size_t left = *inleft;
	unsigned char *out = (unsigned char *)*outbuf;
	size_t room = *outleft;
	size_t irreversible = 0;
	int result = 0;
	bool skipped = false;

	if (!cd->from_known &&
	    (cd->from == ENC_UTF16 || cd->from == ENC_UTF32)) {
		size_t w = cd->from == ENC_UTF16 ? 2 : 4;
		if (left >= w) {
			cd->from_known = true;
			uint32_t m = w == 2 ? get16(in, true) : get32(in, true);
			if (m == 0xfeff ||
			    m == (w == 2 ? 0xfffeu : 0xfffe0000u)) {
				cd->from_big = m == 0xfeff;
				in += w;
				left -= w;
			}
		}
	}
	/* glibc writes the mark with the first character, but from WCHAR_T
	 * (its own internal form) as soon as a call has input. */
	if (left && cd->from == ENC_WCHAR && !cd->bom_written &&
	    (cd->to == ENC_UTF16 || cd->to == ENC_UTF32)) {
		size_t bl = cd->to == ENC_UTF16 ? 2 : 4;
		if (bl > room) {
			result = E2BIG;
			goto out;
		}
		if (bl == 2)
			put16(out, 0xfeff, false);
		else
			put32(out, 0xfeff, false);
		out += bl;
		room -= bl;
		cd->bom_written = true;
	}
	while (left) {
		uint32_t c;
		int len = decode(cd, in, left, &c);
		if (len < 0) {
			if (len == -EILSEQ && cd->ignore &&
			    left >= unit(cd->from)) {
				/* Skip the unit that is not valid; glibc's
				 * UCS-4 and UCS-2BE readers do not report it.
				 */
				in += unit(cd->from);
				left -= unit(cd->from);
				if (cd->from != ENC_UCS4LE &&
				    cd->from != ENC_UCS4BE &&
				    cd->from != ENC_WCHAR &&
				    cd->from != ENC_UCS2BE)
					skipped = true;
				continue;
			}
			result = -len;
			break;
		}
		if ((cd->to == ENC_UTF16 || cd->to == ENC_UTF32) &&
		    !cd->bom_written) {
			size_t bl = cd->to == ENC_UTF16 ? 2 : 4;
			if (bl > room) {
				result = E2BIG;
				break;
			}
			if (bl == 2)
				put16(out, 0xfeff, false);
			else
				put32(out, 0xfeff, false);
			out += bl;
			room -= bl;
			cd->bom_written = true;
		}
		enum enc to = cd->to == ENC_UTF16   ? ENC_UTF16LE
			      : cd->to == ENC_UTF32 ? ENC_UTF32LE
						    : cd->to;
		int w = encode(to, c, out, room);
		if (w == 0) {
			if (cd->translit) {
				w = encode(to, '?', out, room);
				if (w > 0)
					irreversible++;
			} else if (cd->ignore) {
				in += len;
				left -= (size_t)len;
				skipped = true;
				continue;
			} else {
				result = EILSEQ;
				break;
			}
		}
		if (w < 0) {
			result = E2BIG;
			break;
		}
		out += w;
		room -= (size_t)w;
		in += len;
		left -= (size_t)len;
	}
out:
	*inbuf = (char *)in;
	*inleft = left;
	*outbuf = (char *)out;
	*outleft = room;
	if (result)
		return fail(result);
	if (skipped)
		return fail(EILSEQ);
	return irreversible;
}
