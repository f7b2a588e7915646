/*
 * %c, %s and %[ of the scanf core, narrow or wide (l, or C and S), into
 * the caller's buffer or one the libc allocates (m, or GNU a).  The width
 * counts characters: bytes, or multibyte characters for the wide forms.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "format_wide.h"
#include "scan_impl.h"

/* Where the characters go. */
struct text_out {
	bool wide, alloc, store, failed;
	size_t n, cap;
	void *buf; /* char * or wchar_t * */
};

static void out_init(struct text_out *o, const struct scan_spec *sp, void *dest)
{
	o->wide = sp->len == SLEN_L || sp->conv == 'C' || sp->conv == 'S';
	o->alloc = sp->alloc && !sp->suppress;
	o->store = !sp->suppress;
	o->failed = false;
	o->n = 0;
	o->cap = 0;
	o->buf = o->alloc ? NULL : dest;
}

static bool out_reserve(struct text_out *o, size_t n)
{
	if (!o->alloc || n <= o->cap)
		return true;
	size_t cap = o->cap ? o->cap * 2 : 16,
	       size = o->wide ? sizeof(wchar_t) : 1;
	while (cap < n)
		cap *= 2;
	void *p = realloc(o->buf, cap * size);
	if (!p) {
		o->failed = true;
		return false;
	}
	o->buf = p;
	o->cap = cap;
	return true;
}

static void out_put(struct text_out *o, wchar_t c)
{
	if (!o->store || !out_reserve(o, o->n + 1))
		return;
	if (o->wide)
		((wchar_t *)o->buf)[o->n] = c;
	else
		((char *)o->buf)[o->n] = (char)c;
	o->n++;
}

/* Hands an allocated buffer to the caller; a failed one becomes NULL. */
static void out_finish(struct text_out *o, void *dest, bool ok, bool nul)
{
	if (ok && nul)
		out_put(o, 0);
	if (!o->alloc)
		return;
	if (!ok || o->failed) {
		free(o->buf);
		o->buf = NULL;
	}
	*(void **)dest = o->buf;
}

/* Whether byte c belongs to the scanset of sp. */
static bool in_set(const struct scan_spec *sp, int c)
{
	bool hit = false;
	for (const char *p = sp->set; p < sp->set_end && !hit; p++) {
		if (p[1] == '-' && p + 2 < sp->set_end &&
		    (unsigned char)p[2] >= (unsigned char)p[0]) {
			hit = c >= (unsigned char)p[0] &&
			      c <= (unsigned char)p[2];
			p += 2;
		} else {
			hit = c == (unsigned char)*p;
		}
	}
	return hit != sp->set_negated;
}

static bool accepts(const struct scan_spec *sp, int c)
{
	switch (sp->conv) {
	case 'c':
	case 'C':
		return true;
	case '[':
		return in_set(sp, c);
	default:
		return !isspace(c);
	}
}

/*
 * The wscanf family: reads the character whose encoding starts with
 * byte c, and stores it, or its multibyte form for %c, %s and %[.
 */
static bool read_wide_char(struct scanner *s, struct text_out *o, int c)
{
	struct wenc_dec d = {0, 0};
	wchar_t wc;

	while (!wenc_take(&d, (char)c, &wc))
		if ((c = scan_get(s)) == EOF)
			return false; /* never: the source sends whole ones */
	if (o->wide) {
		out_put(o, wc);
		return true;
	}
	char buf[8];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = wcrtomb(buf, wc, &st);
	if (n == (size_t)-1)
		return false;
	for (size_t i = 0; i < n; i++)
		out_put(o, (unsigned char)buf[i]);
	return true;
}

/*
 * Reads one character starting with byte c: the byte itself, or for the
 * wide forms a whole multibyte character.  Returns false on an invalid
 * or truncated sequence.
 */
static bool read_char(struct scanner *s, struct text_out *o, int c,
		      mbstate_t *st)
{
	if (s->wide)
		return read_wide_char(s, o, c);
	if (!o->wide) {
		out_put(o, (wchar_t)c);
		return true;
	}
	for (;;) {
		char b = (char)c;
		wchar_t wc;
		size_t r = mbrtowc(&wc, &b, 1, st);
		if (r == (size_t)-1)
			return false;
		if (r != (size_t)-2) {
			out_put(o, wc);
			return true;
		}
		c = scan_get(s);
		if (c == EOF) {
			errno = EILSEQ; /* the input ended inside a character */
			return false;
		}
	}
}

enum scan_status osv_scan_text(struct scanner *s, const struct scan_spec *sp,
			       void *dest)
{
	bool is_c = sp->conv == 'c' || sp->conv == 'C';
	long w = sp->width == __LONG_MAX__ && is_c ? 1 : sp->width;
	struct text_out o;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	out_init(&o, sp, dest);

	int c = scan_get(s);
	if (c == EOF) {
		out_finish(&o, dest, false, false);
		return SCAN_INPUT_FAIL;
	}
	long got = 0;
	for (; got < w && c != EOF && accepts(sp, c); got++) {
		if (!read_char(s, &o, c, &st)) {
			out_finish(&o, dest, false, false);
			return SCAN_MATCH_FAIL;
		}
		c = got + 1 < w ? scan_get(s) : EOF;
	}
	scan_unget(s, c); /* EOF, a no-op, when the width was used up */
	bool ok = got > 0;
	out_finish(&o, dest, ok, !is_c);
	return ok ? SCAN_OK : SCAN_MATCH_FAIL;
}
