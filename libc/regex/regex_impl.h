/*
 * What regcomp.c builds and regexec.c runs: a program for a
 * backtracking machine.  Sets are 256-bit maps of bytes (the C locale's
 * characters; REG_ICASE has put both cases in them).
 */
#ifndef LIBC_REGEX_IMPL_H
#define LIBC_REGEX_IMPL_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../internal/libc.h"

enum re_op {
	RE_BYTE,       /* arg: the byte */
	RE_SET,	       /* arg: index in sets */
	RE_ANY,	       /* any byte (but '\n' under REG_NEWLINE) */
	RE_BOL,	       /* ^ */
	RE_EOL,	       /* $ */
	RE_BUF_START,  /* \` */
	RE_BUF_END,    /* \' */
	RE_WORD_EDGE,  /* \b */
	RE_NOT_EDGE,   /* \B */
	RE_WORD_START, /* \< */
	RE_WORD_END,   /* \> */
	RE_SAVE,       /* arg: a slot of the match, 2n start, 2n + 1 end */
	RE_SPLIT,      /* try arg, then alt */
	RE_JMP,	       /* arg: where */
	RE_BACKREF,    /* arg: the group */
	/*
	 * A repetition of a body that can match nothing, arg its loop:
	 * INIT sets whether an iteration happened (alt), ENTER notes where
	 * one begins, CHECK ends one: if it took nothing, the first goes
	 * to alt (the repetition's end) and a later one fails.
	 */
	RE_LOOP_INIT,
	RE_LOOP_ENTER,
	RE_LOOP_CHECK,
	RE_MATCH,
};

struct re_inst {
	uint8_t op;
	uint32_t arg, alt;
};

struct re_prog {
	struct re_inst *code;
	uint32_t len, cap;
	uint8_t (*sets)[32];
	uint32_t nsets;
	uint32_t ngroups; /* re_nsub */
	uint32_t nloops;  /* loops with registers (two each) */
	bool backrefs;
	bool icase;   /* REG_ICASE: for backreferences */
	bool newline; /* REG_NEWLINE: '.' leaves out a newline */
	bool dot_nul; /* '.' matches a NUL (no RE_DOT_NOT_NULL) */
	bool nosub;   /* REG_NOSUB */
};

static inline bool re_set_has(const uint8_t *set, unsigned char c)
{
	return set[c >> 3] & (1u << (c & 7));
}

/*
 * A search for re_search.c: the text s[0, len), the starts tried from
 * first to last (downwards when last < first), whether '^' and '$'
 * match at the text's ends (not notbol, noteol) and at newlines; the
 * longest match at the first start that matches (or any, without
 * longest), its groups in pmatch[0, nmatch).
 */
struct re_run {
	const char *s;
	size_t len, first, last;
	bool notbol, noteol, newline, longest;
	size_t nmatch;
	regmatch_t *pmatch;
};

/*
 * regcomp with what glibc's syntax bits choose apart from cflags:
 * whether "[^...]" leaves out a newline (RE_HAT_LISTS_NOT_NEWLINE; '.'
 * does under REG_NEWLINE) and whether '.' matches a NUL (without
 * RE_DOT_NOT_NULL).  regcomp is (cflags & REG_NEWLINE, false).
 */
int osv_regcomp_gnu(regex_t *re, const char *pattern, int cflags,
		    bool hat_newline, bool dot_nul) LIBC_HIDDEN;

/* regerror's message for an error code. */
const char *osv_regex_message(int errcode) LIBC_HIDDEN;

/* Where the match begins, -1 without one, -2 out of memory. */
long osv_regex_run(const struct re_prog *prog,
		   const struct re_run *run) LIBC_HIDDEN;

#endif
