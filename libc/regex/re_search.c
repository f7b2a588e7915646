/*
 * glibc's GNU interface to regular expressions (sed, grep and diff use
 * it): re_set_syntax chooses the syntax re_compile_pattern compiles,
 * re_search and re_match run the pattern over a counted text and fill
 * a struct re_registers.  The syntax bits choose what regcomp.c knows:
 * extended REs (RE_NO_BK_PARENS), case folding (RE_ICASE), '.' not
 * matching a newline (no RE_DOT_NEWLINE) or a NUL (RE_DOT_NOT_NULL:
 * sed and grep leave it out), "[^...]" not matching a newline
 * (RE_HAT_LISTS_NOT_NEWLINE), newlines that separate alternatives
 * (RE_NEWLINE_ALT); the other bits
 * mean what POSIX basic and extended REs with glibc's GNU operators
 * mean.  The pattern buffer's bit-fields are glibc's (BUF_* below).
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "regex_impl.h"

/* glibc's struct re_pattern_buffer's bit-fields, in regex_t.__flags */
#define BUF_REGS_SHIFT 1
#define BUF_REGS_MASK (3u << BUF_REGS_SHIFT)
#define BUF_NO_SUB (1u << 4)
#define BUF_NOT_BOL (1u << 5)
#define BUF_NOT_EOL (1u << 6)
#define BUF_NEWLINE_ANCHOR (1u << 7)

static reg_syntax_t syntax_options;

reg_syntax_t re_set_syntax(reg_syntax_t syntax)
{
	reg_syntax_t old = syntax_options;
	syntax_options = syntax;
	return old;
}

static int cflags_of(reg_syntax_t syntax)
{
	int cflags = 0;
	if (syntax & RE_NO_BK_PARENS)
		cflags |= REG_EXTENDED;
	if (syntax & RE_ICASE)
		cflags |= REG_ICASE;
	if (!(syntax & RE_DOT_NEWLINE))
		cflags |= REG_NEWLINE;
	return cflags;
}

/*
 * RE_NEWLINE_ALT (grep's syntaxes: grep joins its patterns with
 * newlines): each newline becomes the alternation operator, "|" in an
 * extended RE and "\\|" in a basic one.  Frees pattern; NULL without
 * memory.
 */
static char *newlines_to_bars(char *pattern, bool extended)
{
	size_t newlines = 0, len = strlen(pattern);
	for (size_t i = 0; i < len; i++)
		newlines += pattern[i] == '\n';
	char *out = malloc(len + newlines + 1), *o = out;
	for (size_t i = 0; out && i < len; i++) {
		if (pattern[i] != '\n') {
			*o++ = pattern[i];
			continue;
		}
		if (!extended)
			*o++ = '\\';
		*o++ = '|';
	}
	if (out)
		*o = '\0';
	free(pattern);
	return out;
}

/*
 * As glibc: NULL or the error's message; the fastmap and translate
 * pointers the caller set are kept, ^ and $ match at newlines
 * (newline_anchor) and RE_NO_SUB sets no_sub.  The pattern is cut at
 * a NUL byte.
 */
const char *re_compile_pattern(const char *pattern, size_t length,
			       struct re_pattern_buffer *buf)
{
	char *copy = malloc(length + 1);
	if (!copy)
		return osv_regex_message(REG_ESPACE);
	memcpy(copy, pattern, length);
	copy[length] = '\0';
	if (syntax_options & RE_NEWLINE_ALT)
		copy = newlines_to_bars(copy, syntax_options & RE_NO_BK_PARENS);
	if (!copy)
		return osv_regex_message(REG_ESPACE);
	char *fastmap = buf->__fastmap;
	unsigned char *translate = buf->__translate;
	int err = osv_regcomp_gnu(buf, copy, cflags_of(syntax_options),
				  syntax_options & RE_HAT_LISTS_NOT_NEWLINE,
				  !(syntax_options & RE_DOT_NOT_NULL));
	free(copy);
	buf->__fastmap = fastmap;
	buf->__translate = translate;
	buf->__syntax = syntax_options;
	buf->__flags =
	    BUF_NEWLINE_ANCHOR | (syntax_options & RE_NO_SUB ? BUF_NO_SUB : 0);
	return err ? osv_regex_message(err) : NULL;
}

/*
 * The groups into regs as glibc fills them: REGS_UNALLOCATED allocates
 * re_nsub + 2 (one -1 past the groups) and turns the buffer to
 * REGS_REALLOCATE, which grows them when too few; REGS_FIXED takes
 * what is there.  Unused entries are -1.
 */
static bool copy_regs(struct re_pattern_buffer *buf, struct re_registers *regs,
		      const regmatch_t *m, size_t n)
{
	unsigned how = (buf->__flags & BUF_REGS_MASK) >> BUF_REGS_SHIFT;
	if (how != REGS_FIXED &&
	    (how == REGS_UNALLOCATED || regs->num_regs < n + 1)) {
		regoff_t *start =
		    realloc(how == REGS_UNALLOCATED ? NULL : regs->start,
			    (n + 1) * sizeof(regoff_t));
		regoff_t *end =
		    realloc(how == REGS_UNALLOCATED ? NULL : regs->end,
			    (n + 1) * sizeof(regoff_t));
		if (!start || !end) {
			free(start);
			free(end);
			return false;
		}
		regs->start = start;
		regs->end = end;
		regs->num_regs = (__re_size_t)(n + 1);
		buf->__flags = (buf->__flags & ~BUF_REGS_MASK) |
			       REGS_REALLOCATE << BUF_REGS_SHIFT;
	}
	for (size_t i = 0; i < regs->num_regs; i++) {
		regs->start[i] = i < n ? m[i].rm_so : -1;
		regs->end[i] = i < n ? m[i].rm_eo : -1;
	}
	return true;
}

/* A match starting in [start, last]; the length matched for re_match. */
static regoff_t run(struct re_pattern_buffer *buf, const char *string,
		    regoff_t length, regoff_t start, regoff_t last,
		    struct re_registers *regs, bool anchored)
{
	if (!buf->__buffer || length < 0 || start < 0 || start > length)
		return -1;
	size_t n = regs && !(buf->__flags & BUF_NO_SUB) ? buf->re_nsub + 1 : 0;
	regmatch_t *m = n ? malloc(n * sizeof(*m)) : NULL;
	if (n && !m)
		return -2;
	struct re_run r = {
	    .s = string,
	    .len = (size_t)length,
	    .first = (size_t)start,
	    .last = (size_t)last,
	    .notbol = buf->__flags & BUF_NOT_BOL,
	    .noteol = buf->__flags & BUF_NOT_EOL,
	    .newline = buf->__flags & BUF_NEWLINE_ANCHOR,
	    .longest = n || anchored,
	    .nmatch = n,
	    .pmatch = m,
	};
	regmatch_t whole; /* re_match's length without registers */
	if (!n) {
		r.nmatch = 1;
		r.pmatch = &whole;
	}
	long at = osv_regex_run(buf->__buffer, &r);
	regoff_t end = r.pmatch[0].rm_eo;
	if (at >= 0 && n && !copy_regs(buf, regs, m, n))
		at = -2;
	free(m);
	if (at < 0)
		return (regoff_t)at;
	return anchored ? end - start : (regoff_t)at;
}

/*
 * The first position in start, start + range (a negative range goes
 * backwards), each kept within [0, length], where the pattern matches;
 * -1 when none, -2 on an internal error (no memory).
 */
regoff_t re_search(struct re_pattern_buffer *buf, const char *string,
		   regoff_t length, regoff_t start, regoff_t range,
		   struct re_registers *regs)
{
	long last = (long)start + range;
	if (last > length)
		last = length;
	if (last < 0)
		last = 0;
	return run(buf, string, length, start, (regoff_t)last, regs, false);
}

/* The length of the match that begins at start, -1 without one. */
regoff_t re_match(struct re_pattern_buffer *buf, const char *string,
		  regoff_t length, regoff_t start, struct re_registers *regs)
{
	return run(buf, string, length, start, start, regs, true);
}
