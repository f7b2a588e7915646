/*
 * ctype.h: glibc's ABI.  The classification macros read the table behind
 * __ctype_b_loc(), indexed -128..255, with glibc's bit values (those of a
 * little-endian host: the bit numbers of the class enum swap bytes).
 */
#ifndef _CTYPE_H
#define _CTYPE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _ISbit(bit) ((bit) < 8 ? ((1 << (bit)) << 8) : ((1 << (bit)) >> 8))

enum {
	_ISupper = _ISbit(0),
	_ISlower = _ISbit(1),
	_ISalpha = _ISbit(2),
	_ISdigit = _ISbit(3),
	_ISxdigit = _ISbit(4),
	_ISspace = _ISbit(5),
	_ISprint = _ISbit(6),
	_ISgraph = _ISbit(7),
	_ISblank = _ISbit(8),
	_IScntrl = _ISbit(9),
	_ISpunct = _ISbit(10),
	_ISalnum = _ISbit(11)
};

const unsigned short **__ctype_b_loc(void) __attribute__((const));
const int32_t **__ctype_tolower_loc(void) __attribute__((const));
const int32_t **__ctype_toupper_loc(void) __attribute__((const));

#define __isctype(c, type)                                                     \
	((*__ctype_b_loc())[(int)(c)] & (unsigned short)(type))

int isalnum(int c);
int isalpha(int c);
int iscntrl(int c);
int isdigit(int c);
int islower(int c);
int isgraph(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int isblank(int c);
int isascii(int c);
int toascii(int c);
int tolower(int c);
int toupper(int c);
int _tolower(int c);
int _toupper(int c);

/* Skipped where a host test renames the functions to test them. */
#ifndef isalnum
#define isalnum(c) __isctype((c), _ISalnum)
#define isalpha(c) __isctype((c), _ISalpha)
#define iscntrl(c) __isctype((c), _IScntrl)
#define isdigit(c) __isctype((c), _ISdigit)
#define islower(c) __isctype((c), _ISlower)
#define isgraph(c) __isctype((c), _ISgraph)
#define isprint(c) __isctype((c), _ISprint)
#define ispunct(c) __isctype((c), _ISpunct)
#define isspace(c) __isctype((c), _ISspace)
#define isupper(c) __isctype((c), _ISupper)
#define isxdigit(c) __isctype((c), _ISxdigit)
#define isblank(c) __isctype((c), _ISblank)
#endif

#ifdef __cplusplus
}
#endif

#endif
