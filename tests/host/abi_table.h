/* One entry per line of abi_types.def, for either set of headers. */
#ifndef TESTS_HOST_ABI_TABLE_H
#define TESTS_HOST_ABI_TABLE_H

struct abi_entry {
	const char *name;
	long value;
	const char *str;
};

#define TYPE(t)                                                                \
	{"sizeof(" #t ")", (long)sizeof(t), 0},                                \
	    {"_Alignof(" #t ")", (long)_Alignof(t), 0},
#define FIELD(t, f)                                                            \
	{"offsetof(" #t ", " #f ")", (long)offsetof(t, f), 0},                 \
	    {"sizeof(((" #t " *)0)->" #f ")", (long)sizeof(((t *)0)->f), 0},
#define CONST(c) {#c, (long)(c), 0},
#define STR(c) {#c, 0, c},

#endif
