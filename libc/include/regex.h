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
