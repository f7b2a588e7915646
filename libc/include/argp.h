/*
 * argp.h: the part of glibc's argp the kernel has (its error reports),
 * with glibc's layout of the parser's state.
 */
#ifndef _ARGP_H
#define _ARGP_H

#include <stdio.h>

#define ARGP_NO_ERRS 0x02
#define ARGP_NO_EXIT 0x20

struct argp;

struct argp_state {
	const struct argp *root_argp;
	int argc;
	char **argv;
	int next;
	unsigned flags;
	unsigned arg_num;
	int quoted;
	void *input;
	void **child_inputs;
	void *hook;
	char *name;
	FILE *err_stream;
	FILE *out_stream;
	void *pstate;
};

extern int argp_err_exit_status;

void argp_error(const struct argp_state *state, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void argp_failure(const struct argp_state *state, int status, int errnum,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
