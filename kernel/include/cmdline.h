/*
 * The kernel command line: kernel options first ("--name" or
 * "--name=value"), then the program and its arguments.  Words are split
 * on blanks; single quotes, double quotes and backslashes work as in a
 * POSIX shell, so an argument can hold spaces.  Words the hypervisor
 * appends for drivers (virtio_mmio.device=...) are left out wherever
 * they stand.
 *
 * --env=NAME=VALUE sets a variable of the program's environment.  NAME is
 * any non-empty bytes up to the first '=' (spring.profiles.active too, as
 * setenv and docker take it); VALUE is the rest of the word, '=' included,
 * so a value with spaces is quoted: --env='MSG=hello world'.  Given twice,
 * the last value wins, in the place of the first, as env(1) does.
 *
 * --stdin=PATH makes the program's descriptor 0 the file PATH of the
 * boot filesystem, open read-only, instead of the console (as a shell's
 * "< PATH"); stdout and stderr stay the console.  Given twice, the
 * last wins (a --kernel-opts one over the --stdin=/dev/null of osv-run).
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_MAX_ARGS 128
#define CMDLINE_MAX_MOUNTS 8 /* --mount options */
#define CMDLINE_MAX_IPS 4    /* --ip options */

struct cmdline {
	bool verbose;
	const char *rootfs; /* --rootfs=TYPE: the root's type, or NULL */
	/* BEGIN filesystem modules (issue 11) */
	const char *rootflags; /* --rootflags=OPTIONS: the root's mount data */
	unsigned mount_count;  /* --mount=TYPE:SOURCE:DIR[:OPTIONS], in order */
	const char *mounts[CMDLINE_MAX_MOUNTS];
	/* END filesystem modules */
	/* BEGIN networking (netconf.h) */
	unsigned ip_count; /* --ip=IF,ADDR/PREFIX[,GATEWAY], in order */
	char *ips[CMDLINE_MAX_IPS];
	const char *dns; /* --dns=ADDR, or NULL */
	/* END networking */
	const char *stdin_path; /* --stdin=PATH, or NULL: the console */
	unsigned env_count;	/* --env=NAME=VALUE: the words after "--env=" */
	char *env[CMDLINE_MAX_ARGS + 1]; /* NULL-terminated, an envp */
	int argc;			 /* the program and its arguments */
	char *argv[CMDLINE_MAX_ARGS + 1];
};

/*
 * Splits line in place and reads the options into *out.  Returns NULL, or
 * an error message (unknown option, bad --env, unbalanced quote, too many
 * words); when the message names something from the line, it is copied
 * into errbuf.  The strings of *out point into line.
 */
const char *cmdline_parse(char *line, struct cmdline *out, char *errbuf,
			  size_t errlen);

/* The options the kernel knows, for error messages: "--verbose ...". */
extern const char cmdline_known_options[];

#endif
