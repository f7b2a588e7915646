/*
 * Domain names in DNS messages (RFC 1035 section 4.1.4): between the
 * presentation form ("www.example.com", with \c and \DDD escapes) and
 * the wire form (length-prefixed labels ending with a zero length),
 * with compression pointers (two bytes, top bits 11, an offset into
 * the message).  Errors are glibc's: -1 with EMSGSIZE for a name too
 * long, a malformed label, a pointer outside the message or a loop.
 */
#include <arpa/nameser.h>
#include <ctype.h>
#include <errno.h>
#include <resolv.h>
#include <string.h>

#include "libc.h"

static int too_big(void)
{
	errno = EMSGSIZE;
	return -1;
}

/* Bytes of a label that zone files would misread if left bare. */
static int is_special(int c)
{
	return c == '"' || c == '.' || c == ';' || c == '\\' || c == '(' ||
	       c == ')' || c == '@' || c == '$';
}

/* The presentation form of one label at src (len bytes) into *dst;
 * false when it does not fit before end. */
static int put_label(const unsigned char *src, int len, char **dst,
		     const char *end)
{
	char *d = *dst;
	for (int i = 0; i < len; i++) {
		int c = src[i];
		int need = is_special(c) ? 2 : (c > 0x20 && c < 0x7f) ? 1 : 4;
		if (end - d < need)
			return 0;
		if (need == 2) {
			*d++ = '\\';
			*d++ = (char)c;
		} else if (need == 1) {
			*d++ = (char)c;
		} else {
			*d++ = '\\';
			*d++ = (char)('0' + c / 100);
			*d++ = (char)('0' + c / 10 % 10);
			*d++ = (char)('0' + c % 10);
		}
	}
	*dst = d;
	return 1;
}

int ns_name_ntop(const unsigned char *src, char *dst, size_t dstsiz)
{
	char *d = dst, *end = dst + dstsiz;
	int len;
	while ((len = *src++) != 0) {
		if (len & NS_CMPRSFLGS)
			return too_big();
		if (d != dst) {
			if (d >= end)
				return too_big();
			*d++ = '.';
		}
		if (!put_label(src, len, &d, end))
			return too_big();
		src += len;
	}
	if (d == dst) {
		if (d >= end)
			return too_big();
		*d++ = '.';
	}
	if (d >= end)
		return too_big();
	*d++ = '\0';
	return (int)(d - dst);
}

/* The byte an escape at *s (after the backslash) stands for, or -1. */
static int unescape(const char **s)
{
	const char *p = *s;
	if (!isdigit((unsigned char)p[0])) {
		*s = p + 1;
		return (unsigned char)p[0];
	}
	if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
		return -1;
	int v = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	*s = p + 3;
	return v > 255 ? -1 : v;
}

/*
 * Closes the label started at *label (its length byte) with the bytes
 * up to d; false if it is longer than 63 or the buffer has no room.
 */
static int close_label(unsigned char *label, const unsigned char *d,
		       const unsigned char *end)
{
	long len = d - label - 1;
	if (len > NS_MAXLABEL || label >= end)
		return 0;
	*label = (unsigned char)len;
	return 1;
}

/* 1 when src ends with a dot (fully qualified), else 0; -1 on error. */
int ns_name_pton(const char *src, unsigned char *dst, size_t dstsiz)
{
	unsigned char *end = dst + dstsiz, *label = dst, *d = dst + 1;
	const char *s = src;
	while (*s) {
		int c = (unsigned char)*s++;
		if (c == '\\') {
			c = *s ? unescape(&s) : -1;
			if (c < 0)
				return too_big();
		} else if (c == '.') {
			if (!close_label(label, d, end))
				return too_big();
			int empty = d == label + 1;
			if (!*s) {
				if (!empty) {
					if (d >= end)
						return too_big();
					*d++ = 0;
				}
				return d - dst > NS_MAXCDNAME ? too_big() : 1;
			}
			if (empty || *s == '.')
				return too_big();
			label = d++;
			continue;
		}
		if (d >= end)
			return too_big();
		*d++ = (unsigned char)c;
	}
	if (!close_label(label, d, end))
		return too_big();
	if (d != label + 1) {
		if (d >= end)
			return too_big();
		*d++ = 0;
	}
	return d - dst > NS_MAXCDNAME ? too_big() : 0;
}

/*
 * The name at src in the message [msg, eom) in wire form without
 * pointers; the bytes it takes at src.  A pointer chain longer than
 * the message is a loop.
 */
int ns_name_unpack(const unsigned char *msg, const unsigned char *eom,
		   const unsigned char *src, unsigned char *dst, size_t dstsiz)
{
	const unsigned char *p = src;
	unsigned char *d = dst, *end = dst + dstsiz;
	long used = -1, walked = 0;
	if (p < msg || p >= eom)
		return too_big();
	for (;;) {
		int len = *p++;
		if ((len & NS_CMPRSFLGS) == NS_CMPRSFLGS) {
			if (p >= eom)
				return too_big();
			if (used < 0)
				used = p + 1 - src;
			p = msg + (((len & 0x3f) << 8) | *p);
			walked += 2;
			if (p >= eom || walked >= eom - msg)
				return too_big();
			continue;
		}
		if (len & NS_CMPRSFLGS)
			return too_big();
		/* The byte after the label must be inside the message. */
		if (len + 1 > end - d || (len && len >= eom - p))
			return too_big();
		*d++ = (unsigned char)len;
		if (len == 0)
			break;
		memcpy(d, p, (size_t)len);
		d += len;
		p += len;
		walked += len + 1;
		if (walked >= eom - msg || d - dst > NS_MAXCDNAME)
			return too_big();
	}
	if (d - dst > NS_MAXCDNAME)
		return too_big();
	return (int)(used < 0 ? p - src : used);
}

int ns_name_uncompress(const unsigned char *msg, const unsigned char *eom,
		       const unsigned char *src, char *dst, size_t dstsiz)
{
	unsigned char name[NS_MAXCDNAME];
	int n = ns_name_unpack(msg, eom, src, name, sizeof(name));
	if (n < 0 || ns_name_ntop(name, dst, dstsiz) < 0)
		return -1;
	return n;
}

/* The name must end (a zero length or a pointer) before eom. */
int ns_name_skip(const unsigned char **ptrptr, const unsigned char *eom)
{
	const unsigned char *p = *ptrptr;
	while (p < eom) {
		int len = *p++;
		if (len == 0 || (len & NS_CMPRSFLGS) == NS_CMPRSFLGS) {
			if (len && p++ == eom)
				break;
			*ptrptr = p;
			return 0;
		}
		if (len & NS_CMPRSFLGS || eom - p < len)
			break;
		p += len;
	}
	return too_big();
}

/* The byte at p, following pointers to a label's length byte. */
static const unsigned char *follow(const unsigned char *msg,
				   const unsigned char *p)
{
	while ((*p & NS_CMPRSFLGS) == NS_CMPRSFLGS)
		p = msg + (((p[0] & 0x3f) << 8) | p[1]);
	return p;
}

/* Whether the wire name dn equals the name at p in msg (ignoring case). */
static int same_name(const unsigned char *dn, const unsigned char *msg,
		     const unsigned char *p)
{
	for (;;) {
		p = follow(msg, p);
		int len = *p;
		if (len != *dn)
			return 0;
		if (len == 0)
			return 1;
		for (int i = 1; i <= len; i++)
			if (tolower(p[i]) != tolower(dn[i]))
				return 0;
		p += len + 1;
		dn += len + 1;
	}
}

/*
 * The offset of a name already in the message equal to dn: any name
 * the list points at or a suffix of one, up to its first pointer.
 */
static int find_name(const unsigned char *dn, const unsigned char *msg,
		     const unsigned char *const *first,
		     const unsigned char *const *last)
{
	for (const unsigned char *const *c = first; c < last && *c; c++) {
		const unsigned char *p = *c;
		while (*p && !(*p & NS_CMPRSFLGS) && p - msg < 0x4000) {
			if (same_name(dn, msg, p))
				return (int)(p - msg);
			p += *p + 1;
		}
	}
	return -1;
}

/* The length of the wire name src, or -1 if it is malformed. */
static int wire_length(const unsigned char *src)
{
	int total = 0, len;
	do {
		len = *src;
		if (len & NS_CMPRSFLGS)
			return -1;
		total += len + 1;
		if (total > NS_MAXCDNAME)
			return -1;
		src += len + 1;
	} while (len);
	return total;
}

/*
 * Copies the wire name src to dst, ending it with a pointer to an equal
 * suffix already in the message when dnptrs lists one (dnptrs[0] is
 * the message, then the names in it, NULL-terminated, up to
 * lastdnptr); the name's first label goes on the list.
 */
int ns_name_pack(const unsigned char *src, unsigned char *dst, int dstsiz,
		 const unsigned char **dnptrs, const unsigned char **lastdnptr)
{
	const unsigned char *msg = dnptrs ? *dnptrs : NULL;
	const unsigned char **first = NULL, **cpp = NULL;
	if (msg) {
		first = dnptrs + 1;
		for (cpp = first; *cpp; cpp++)
			;
	}
	const unsigned char **list_end = cpp;
	if (wire_length(src) < 0)
		return too_big();
	unsigned char *d = dst, *end = dst + dstsiz;
	int added = 0;
	for (;;) {
		int len = *src;
		if (len && msg) {
			int at = find_name(src, msg, first, list_end);
			if (at >= 0) {
				if (end - d < 2)
					goto fail;
				*d++ = (unsigned char)(NS_CMPRSFLGS | at >> 8);
				*d++ = (unsigned char)at;
				return (int)(d - dst);
			}
			if (lastdnptr && cpp < lastdnptr - 1 &&
			    d - msg < 0x4000 && !added) {
				*cpp++ = d;
				*cpp = NULL;
				added = 1;
			}
		}
		if (end - d < len + 1)
			goto fail;
		memcpy(d, src, (size_t)len + 1);
		d += len + 1;
		src += len + 1;
		if (!len)
			return (int)(d - dst);
	}
fail:
	if (msg)
		*list_end = NULL;
	return too_big();
}

int ns_name_compress(const char *src, unsigned char *dst, size_t dstsiz,
		     const unsigned char **dnptrs,
		     const unsigned char **lastdnptr)
{
	unsigned char name[NS_MAXCDNAME];
	if (ns_name_pton(src, name, sizeof(name)) < 0)
		return -1;
	return ns_name_pack(name, dst, (int)dstsiz, dnptrs, lastdnptr);
}

/* The root's name is "" here, not "." as ns_name_uncompress gives. */
int dn_expand(const unsigned char *msg, const unsigned char *eom,
	      const unsigned char *src, char *dst, int dstsiz)
{
	int n = ns_name_uncompress(msg, eom, src, dst, (size_t)dstsiz);
	if (n > 0 && dst[0] == '.')
		dst[0] = '\0';
	return n;
}

int dn_comp(const char *src, unsigned char *dst, int dstsiz,
	    unsigned char **dnptrs, unsigned char **lastdnptr)
{
	return ns_name_compress(src, dst, (size_t)dstsiz,
				(const unsigned char **)dnptrs,
				(const unsigned char **)lastdnptr);
}

/* The length of the name at ptr, or -1. */
int dn_skipname(const unsigned char *ptr, const unsigned char *eom)
{
	const unsigned char *p = ptr;
	if (ns_name_skip(&p, eom) < 0)
		return -1;
	return (int)(p - ptr);
}

LIBC_ALIAS(dn_expand, __dn_expand);
LIBC_ALIAS(dn_comp, __dn_comp);
LIBC_ALIAS(dn_skipname, __dn_skipname);
