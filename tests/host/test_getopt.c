/*
 * getopt, getopt_long, getopt_long_only and __posix_getopt against
 * glibc on generated argument vectors: every return value with optind,
 * optarg, optopt and the long option index, the flag variables, the
 * order argv is left in (the permutation) and the messages on standard
 * error, for optstrings with '+', '-', ':', optional arguments and "W;",
 * with and without POSIXLY_CORRECT.  Output is TAP.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "difftest.h"

extern char *osv_optarg;
extern int osv_optind, osv_opterr, osv_optopt;
int osv_getopt(int argc, char *const argv[], const char *optstring);
int osv___posix_getopt(int argc, char *const argv[], const char *optstring);
int osv_getopt_long(int argc, char *const argv[], const char *optstring,
		    const struct option *longopts, int *longindex);
int osv_getopt_long_only(int argc, char *const argv[], const char *optstring,
			 const struct option *longopts, int *longindex);
int osv_setenv(const char *name, const char *value, int overwrite);
int osv_unsetenv(const char *name);
int __posix_getopt(int argc, char *const argv[], const char *optstring);

/* The libc's stderr, which its getopt writes to, as glibc's. */
extern FILE *osv_stderr;
FILE *osv_open_memstream(char **bufp, size_t *sizep);
int osv_fclose(FILE *f);

#define MAXSTEPS 40
#define MAXARGS 16

struct trace {
	int steps;
	int ret[MAXSTEPS], ind[MAXSTEPS], opt[MAXSTEPS], longind[MAXSTEPS];
	const char *arg[MAXSTEPS];
	char *argv[MAXARGS + 1];
	int flag1, flag2;
	char err[4096];
};

static int flag1, flag2;

static const struct option longopts[] = {
    {"alpha", no_argument, NULL, 'a'},
    {"alps", required_argument, NULL, 'p'},
    {"beta", required_argument, NULL, 'b'},
    {"bet", no_argument, NULL, 'B'},
    {"gamma", optional_argument, &flag1, 7},
    {"gam", optional_argument, &flag1, 7}, /* same: not ambiguous */
    {"delta", no_argument, &flag2, 1},
    {"a", no_argument, NULL, 'A'},
    {"x", required_argument, NULL, 'X'},
    {NULL, 0, NULL, 0},
};

enum mode { SHORT, POSIX, LONG, LONG_ONLY };

typedef int (*getopt_fn)(int, char *const[], const char *);
typedef int (*getopt_long_fn)(int, char *const[], const char *,
			      const struct option *, int *);

struct lib {
	getopt_fn plain, posix;
	getopt_long_fn lng, long_only;
	char **optarg;
	int *optind, *opterr, *optopt;
};

static void run(const struct lib *l, int argc, char **args, const char *os,
		enum mode mode, struct trace *t)
{
	for (int i = 0; i < argc; i++)
		t->argv[i] = args[i];
	t->argv[argc] = NULL;
	*l->optind = 0;
	*l->opterr = 1;
	flag1 = flag2 = -1;
	t->steps = 0;
	for (; t->steps < MAXSTEPS; t->steps++) {
		int li = -1, r;
		switch (mode) {
		case SHORT:
			r = l->plain(argc, t->argv, os);
			break;
		case POSIX:
			r = l->posix(argc, t->argv, os);
			break;
		case LONG:
			r = l->lng(argc, t->argv, os, longopts, &li);
			break;
		default:
			r = l->long_only(argc, t->argv, os, longopts, &li);
			break;
		}
		t->ret[t->steps] = r;
		t->ind[t->steps] = *l->optind;
		t->opt[t->steps] = *l->optopt;
		t->arg[t->steps] = *l->optarg;
		t->longind[t->steps] = li;
		if (r == -1)
			break;
	}
	t->flag1 = flag1;
	t->flag2 = flag2;
}

static const struct lib osv = {
    osv_getopt,	 osv___posix_getopt, osv_getopt_long, osv_getopt_long_only,
    &osv_optarg, &osv_optind,	     &osv_opterr,     &osv_optopt};
static const struct lib glibc = {getopt,	   __posix_getopt, getopt_long,
				 getopt_long_only, &optarg,	   &optind,
				 &opterr,	   &optopt};

static void run_glibc(int argc, char **args, const char *os, enum mode mode,
		      struct trace *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *saved = stderr;
	stderr = open_memstream(&buf, &len);
	run(&glibc, argc, args, os, mode, t);
	fclose(stderr);
	stderr = saved;
	snprintf(t->err, sizeof(t->err), "%s", buf ? buf : "");
	free(buf);
}

static void run_osv(int argc, char **args, const char *os, enum mode mode,
		    struct trace *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *saved = osv_stderr;
	osv_stderr = osv_open_memstream(&buf, &len);
	run(&osv, argc, args, os, mode, t);
	osv_fclose(osv_stderr);
	osv_stderr = saved;
	snprintf(t->err, sizeof(t->err), "%s", buf ? buf : "");
	free(buf);
}

/* The first difference between the traces, for the diagnostic. */
static int differ(const struct trace *a, const struct trace *b, int argc,
		  char *why, size_t n)
{
	for (int i = 0; i <= a->steps && i <= b->steps && i < MAXSTEPS; i++) {
		if (a->ret[i] != b->ret[i] || a->ind[i] != b->ind[i] ||
		    a->opt[i] != b->opt[i] || a->longind[i] != b->longind[i] ||
		    (a->arg[i] != b->arg[i] &&
		     (!a->arg[i] || !b->arg[i] ||
		      strcmp(a->arg[i], b->arg[i])))) {
			snprintf(
			    why, n,
			    "step %d: %d optind %d optopt %d optarg %s longind "
			    "%d; glibc %d %d %d %s %d",
			    i, a->ret[i], a->ind[i], a->opt[i],
			    a->arg[i] ? a->arg[i] : "NULL", a->longind[i],
			    b->ret[i], b->ind[i], b->opt[i],
			    b->arg[i] ? b->arg[i] : "NULL", b->longind[i]);
			return 1;
		}
		if (a->ret[i] == -1)
			break;
	}
	if (a->steps != b->steps) {
		snprintf(why, n, "%d steps, glibc %d", a->steps, b->steps);
		return 1;
	}
	for (int i = 0; i < argc; i++)
		if (a->argv[i] != b->argv[i]) {
			snprintf(why, n, "argv[%d] is %s, glibc %s", i,
				 a->argv[i], b->argv[i]);
			return 1;
		}
	if (a->flag1 != b->flag1 || a->flag2 != b->flag2) {
		snprintf(why, n, "flags %d %d, glibc %d %d", a->flag1, a->flag2,
			 b->flag1, b->flag2);
		return 1;
	}
	if (strcmp(a->err, b->err)) {
		snprintf(why, n, "stderr \"%s\", glibc \"%s\"", dt_str(a->err),
			 dt_str(b->err));
		return 1;
	}
	return 0;
}

static const char *const pieces[] = {
    "-a",    "-b",	 "-c",	     "-ab",	  "-bval",   "-cval",
    "-abc",  "-x",	 "-:",	     "-W",	  "-Walpha", "-Wbeta=1",
    "-",     "--",	 "file",     "other",	  "val",     "--alpha",
    "--al",  "--alp",	 "--alps=1", "--alpha=1", "--beta",  "--be",
    "--bet", "--beta=2", "--gam",    "--gamma=g", "--ga",    "--delta",
    "--d=1", "--zeta",	 "--a",	     "--x",	  "--x=3",   "-alpha",
    "-al",   "-beta",	 "-bet",     "-gamma=1",  "-delta",  "-zeta",
    "-d",    "-ac",	 "--=x",     "-;"};

static const char *const optstrings[] = {
    "ab:c::", "+ab:c", "-ab:c::",   ":ab:c::", "+:ab:", "-:ab",
    "W;ab:c", "ab:W;", "abc:d",	    "",	       "a",	":",
    "-",      "+",     "ab:c::W;x", "bad"};

static void test_generated(enum mode mode, int count, const char *name)
{
	char *args[MAXARGS];
	static struct trace a, b;
	char why[600];
	for (int t = 0; t < count; t++) {
		int argc = 1 + (int)dt_below(8);
		args[0] = "prog";
		for (int i = 1; i < argc; i++)
			args[i] = (char *)pieces[dt_below(sizeof(pieces) /
							  sizeof(pieces[0]))];
		const char *os = optstrings[dt_below(sizeof(optstrings) /
						     sizeof(optstrings[0]))];
		int posix_env = dt_below(6) == 0;
		if (posix_env) {
			setenv("POSIXLY_CORRECT", "1", 1);
			osv_setenv("POSIXLY_CORRECT", "1", 1);
		}
		run_osv(argc, args, os, mode, &a);
		run_glibc(argc, args, os, mode, &b);
		if (posix_env) {
			unsetenv("POSIXLY_CORRECT");
			osv_unsetenv("POSIXLY_CORRECT");
		}
		int bad = differ(&a, &b, argc, why, sizeof(why));
		char line[300] = "";
		for (int i = 1; i < argc; i++)
			snprintf(line + strlen(line),
				 sizeof(line) - strlen(line), " %s", args[i]);
		CHECK(!bad, "\"%s\"%s%s: %s", os, line,
		      posix_env ? " POSIXLY_CORRECT" : "", why);
	}
	dt_group_end(name);
}

/* Scanning again after optind = 1 (no re-initialization), as programs do. */
static void test_rescan(void)
{
	char *a1[] = {"prog", "-a", "x", "-b", "1", NULL};
	char *a2[] = {"prog", "-a", "x", "-b", "1", NULL};
	int r1[20], r2[20], n1 = 0, n2 = 0;
	osv_optind = 0;
	optind = 0;
	while ((r1[n1] = osv_getopt(5, a1, "ab:")) != -1 && n1 < 18)
		n1++;
	while ((r2[n2] = getopt(5, a2, "ab:")) != -1 && n2 < 18)
		n2++;
	osv_optind = 1;
	optind = 1;
	while ((r1[n1] = osv_getopt(5, a1, "ab:")) != -1 && n1 < 18)
		n1++;
	while ((r2[n2] = getopt(5, a2, "ab:")) != -1 && n2 < 18)
		n2++;
	CHECK(n1 == n2 && !memcmp(r1, r2, sizeof(int) * (size_t)n1) &&
		  osv_optind == optind,
	      "rescan");
	for (int i = 0; i < 5; i++)
		CHECK(a1[i] == a2[i], "rescan argv[%d]", i);
	/* opterr = 0 silences the messages. */
	char *a3[] = {"prog", "-z", NULL};
	char *err = NULL;
	size_t err_len = 0;
	FILE *saved = osv_stderr;
	osv_stderr = osv_open_memstream(&err, &err_len);
	osv_optind = 0;
	osv_opterr = 0;
	int c = osv_getopt(2, a3, "a");
	osv_fclose(osv_stderr);
	osv_stderr = saved;
	CHECK(c == '?' && osv_optopt == 'z' && err_len == 0, "opterr = 0");
	free(err);
	osv_opterr = 1;
	dt_group_end("rescanning with optind = 1, opterr = 0");
}

int main(void)
{
	unsetenv("POSIXLY_CORRECT");
	test_generated(SHORT, 60000, "getopt: generated argument vectors");
	test_generated(POSIX, 20000, "__posix_getopt");
	test_generated(LONG, 60000, "getopt_long: generated argument vectors");
	test_generated(LONG_ONLY, 60000,
		       "getopt_long_only: generated "
		       "argument vectors");
	test_rescan();
	return dt_done();
}
