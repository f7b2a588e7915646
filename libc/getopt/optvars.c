#include <getopt.h>

#include "program_vars.h"

char *optarg;
int optind = 1;
int opterr = 1;
int optopt = '?';

char **osv_optarg_var = &optarg;
int *osv_optind_var = &optind;
int *osv_opterr_var = &opterr;
int *osv_optopt_var = &optopt;
