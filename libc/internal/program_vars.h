/*
 * The libc's variables that a program can have an instance of its own:
 * a PIE that names one gets a copy of it (a COPY relocation: gcc
 * compiles -fPIE accesses to extern data as direct ones), and a program
 * may define one to interpose on the libc's, as glibc allows.  The
 * program and its libraries then use that instance, so the libc must
 * too: it reaches each such variable through a pointer, which
 * libc_use_program_vars (libc/misc/program_vars.c) points at the
 * program's.  Each pointer is defined next to its variable.
 *
 * The libc's other exported data need no pointer: constant tables
 * (in6addr_any, _libc_intl_domainname).  environ's pointer is
 * osv_env_var (env_impl.h).
 */
#ifndef OSV_LIBC_INTERNAL_PROGRAM_VARS_H
#define OSV_LIBC_INTERNAL_PROGRAM_VARS_H

#include <stdio.h>

#include "libc.h"

extern char **osv_optarg_var LIBC_HIDDEN;
extern int *osv_optind_var LIBC_HIDDEN;
extern int *osv_opterr_var LIBC_HIDDEN;
extern int *osv_optopt_var LIBC_HIDDEN;
#define OPTARG (*osv_optarg_var)
#define OPTIND (*osv_optind_var)
#define OPTERR (*osv_opterr_var)
#define OPTOPT (*osv_optopt_var)

extern char **osv_progname_var LIBC_HIDDEN;
extern char **osv_short_progname_var LIBC_HIDDEN;
#define PROGRAM_NAME (*osv_progname_var)
#define SHORT_PROGRAM_NAME (*osv_short_progname_var)

/* tzset points tzname's entries at a zone file's names. */
extern char **osv_tzname_var LIBC_HIDDEN;
extern long *osv_timezone_var LIBC_HIDDEN;
extern int *osv_daylight_var LIBC_HIDDEN;
#define TZNAME osv_tzname_var
#define TIMEZONE (*osv_timezone_var)
#define DAYLIGHT (*osv_daylight_var)

extern unsigned int *osv_error_count_var LIBC_HIDDEN;
extern int *osv_error_one_per_line_var LIBC_HIDDEN;
extern void (**osv_error_progname_var)(void) LIBC_HIDDEN;
#define ERROR_MESSAGE_COUNT (*osv_error_count_var)
#define ERROR_ONE_PER_LINE (*osv_error_one_per_line_var)
#define ERROR_PRINT_PROGNAME (*osv_error_progname_var)

extern void (**osv_obstack_failed_var)(void) LIBC_HIDDEN;
extern int *osv_obstack_exit_var LIBC_HIDDEN;
#define OBSTACK_ALLOC_FAILED_HANDLER (*osv_obstack_failed_var)
#define OBSTACK_EXIT_FAILURE (*osv_obstack_exit_var)

extern int *osv_argp_exit_var LIBC_HIDDEN;
#define ARGP_ERR_EXIT_STATUS (*osv_argp_exit_var)

extern char *osv_single_threaded_var LIBC_HIDDEN;
#define SINGLE_THREADED (*osv_single_threaded_var)

/* glibc lets a program assign these (stdout = fopen(...)). */
extern FILE **osv_stdin_var LIBC_HIDDEN;
extern FILE **osv_stdout_var LIBC_HIDDEN;
extern FILE **osv_stderr_var LIBC_HIDDEN;
#define STDIN (*osv_stdin_var)
#define STDOUT (*osv_stdout_var)
#define STDERR (*osv_stderr_var)

#endif
