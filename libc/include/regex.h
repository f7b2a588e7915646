/*
 * regex.h: the declarations the kernel is built with.  regex_t has
 * glibc's size and re_nsub glibc's offset (programs allocate it and
 * read re_nsub); regoff_t is int, as glibc's.
 */
#ifndef _REGEX_H
#define _REGEX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int regoff_t;

typedef struct re_pattern_buffer {
	void *__buffer; /* the compiled program (libc/regex/regex_impl.h) */
	size_t __allocated;
	size_t __used;
	unsigned long __syntax;
	char *__fastmap;
	unsigned char *__translate;
	size_t re_nsub;
	unsigned __flags;
} regex_t;

typedef struct {
	regoff_t rm_so;
	regoff_t rm_eo;
} regmatch_t;

/* regcomp's cflags */
#define REG_EXTENDED 1
#define REG_ICASE 2
#define REG_NEWLINE 4
#define REG_NOSUB 8

/* regexec's eflags */
#define REG_NOTBOL 1
#define REG_NOTEOL 2
#define REG_STARTEND 4

/* Errors, glibc's values */
#define REG_ENOSYS (-1)
#define REG_NOERROR 0
#define REG_NOMATCH 1
#define REG_BADPAT 2
#define REG_ECOLLATE 3
#define REG_ECTYPE 4
#define REG_EESCAPE 5
#define REG_ESUBREG 6
#define REG_EBRACK 7
#define REG_EPAREN 8
#define REG_EBRACE 9
#define REG_BADBR 10
#define REG_ERANGE 11
#define REG_ESPACE 12
#define REG_BADRPT 13
#define REG_EEND 14
#define REG_ESIZE 15
#define REG_ERPAREN 16

/* glibc's GNU interface: the syntax bits the libc reads */
typedef unsigned long reg_syntax_t;
#define RE_DOT_NEWLINE (1ul << 6)
#define RE_DOT_NOT_NULL (1ul << 7)
#define RE_HAT_LISTS_NOT_NEWLINE (1ul << 8)
#define RE_NEWLINE_ALT (1ul << 11)
#define RE_NO_BK_PARENS (1ul << 13)
#define RE_ICASE (1ul << 22)
#define RE_NO_SUB (1ul << 25)

typedef unsigned __re_size_t;
struct re_registers {
	__re_size_t num_regs;
	regoff_t *start;
	regoff_t *end;
};

/* regs_allocated, a bit-field of glibc's pattern buffer (in __flags) */
#define REGS_UNALLOCATED 0
#define REGS_REALLOCATE 1
#define REGS_FIXED 2

reg_syntax_t re_set_syntax(reg_syntax_t syntax);
const char *re_compile_pattern(const char *pattern, size_t length,
			       struct re_pattern_buffer *buf);
regoff_t re_search(struct re_pattern_buffer *buf, const char *string,
		   regoff_t length, regoff_t start, regoff_t range,
		   struct re_registers *regs);
regoff_t re_match(struct re_pattern_buffer *buf, const char *string,
		  regoff_t length, regoff_t start, struct re_registers *regs);

int regcomp(regex_t *restrict re, const char *restrict pattern, int cflags);
int regexec(const regex_t *restrict re, const char *restrict string,
	    size_t nmatch, regmatch_t pmatch[restrict], int eflags);
size_t regerror(int errcode, const regex_t *restrict re, char *restrict buf,
		size_t size);
void regfree(regex_t *re);

#ifdef __cplusplus
}
#endif

#endif
