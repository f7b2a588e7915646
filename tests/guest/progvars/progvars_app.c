/*
 * The libc's variables a program reads and writes directly: getopt's
 * (optind, optarg, optopt, opterr), the program's names, tzset's,
 * lgamma's signgam, stdout assigned a new stream, error()'s and
 * __libc_single_threaded.  A PIE has its own copy of each (COPY
 * relocations), which the libc must use.  Prints "name=<value>" lines
 * that tests/guest/progvars.test compares with the same program's on
 * the host; error()'s messages go to stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/single_threaded.h>
#include <time.h>

static void parse(const char *what, int argc, char **argv)
{
	int c;
	printf("%s-options=<", what);
	while ((c = getopt(argc, argv, "ab:c")) != -1)
		printf(optarg ? "%c[%s]" : "%c", c, optarg);
	printf(">\n%s-optind=<%d>\n", what, optind);
	printf("%s-operand=<%s>\n", what, optind < argc ? argv[optind] : "");
	printf("%s-optopt=<%d>\n", what, optopt);
}

/* getopt's messages go to stderr, whatever stream the program made it. */
static void show_getopt_message(void)
{
	FILE *saved = stderr, *f = tmpfile();
	if (!f) {
		printf("getopt_message=<tmpfile: %s>\n", strerror(errno));
		return;
	}
	char *bad[] = {"prog", "-q", "--al", NULL};
	static const struct option longopts[] = {{"alpha", no_argument, 0, 'a'},
						 {"alps", no_argument, 0, 'p'},
						 {0, 0, 0, 0}};
	stderr = f;
	opterr = 1;
	optind = 0;
	while (getopt_long(3, bad, "a", longopts, NULL) != -1)
		;
	stderr = saved;
	char line[160];
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		printf("getopt_message=<%s>\n", line);
	}
	fclose(f);
}

static void show_getopt(int argc, char **argv)
{
	opterr = 0; /* no message for the unknown option */
	parse("first", argc, argv);
	char *again[] = {"again", "-c", "-b", "X", "tail", NULL};
	optind = 0; /* glibc: start over, its state reset */
	parse("second", 5, again);
	show_getopt_message();
}

static void show_names(char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	const char *base = slash ? slash + 1 : argv[0];
	printf("invocation_name_is_argv0=<%d>\n",
	       !strcmp(program_invocation_name, argv[0]));
	printf("short_name_is_basename=<%d>\n",
	       !strcmp(program_invocation_short_name, base));
}

static void show_time_zone(void)
{
	tzset();
	printf("tzname=<%s,%s>\n", tzname[0], tzname[1]);
	printf("timezone=<%ld>\n", timezone);
	printf("daylight=<%d>\n", daylight);
}

static void show_signgam(void)
{
	volatile double x = -0.5;
	double y = lgamma(x);
	printf("lgamma(-0.5)=<%.6f> signgam=<%d>\n", y, signgam);
	x = 3;
	y = lgamma(x);
	printf("lgamma(3)=<%.6f> signgam=<%d>\n", y, signgam);
}

static void show_new_stdout(void)
{
	FILE *saved = stdout, *f = tmpfile();
	if (!f) {
		printf("new_stdout=<tmpfile: %s>\n", strerror(errno));
		return;
	}
	fflush(stdout);
	stdout = f;
	printf("printf to the new stdout\n");
	puts("puts to it");
	stdout = saved;
	char line[80];
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		printf("new_stdout=<%s>\n", line);
	}
	fclose(f);
}

static void custom_prefix(void)
{
	fputs("custom prefix: ", stderr);
}

static void show_error(void)
{
	fflush(stdout);
	error(0, 0, "first message");
	error(0, ENOENT, "second message");
	error_one_per_line = 1;
	error_at_line(0, 0, "file.c", 7, "at a line");
	error_at_line(0, 0, "file.c", 7, "at that line again");
	printf("error_message_count=<%u>\n", error_message_count);
	error_print_progname = custom_prefix;
	error(0, 0, "with error_print_progname");
	error_print_progname = NULL;
	program_invocation_name = "renamed";
	error(0, 0, "after renaming");
	printf("error_message_count=<%u>\n", error_message_count);
}

static void *nothing(void *arg)
{
	return arg;
}

static void show_single_threaded(void)
{
	printf("single_threaded=<%d>\n", __libc_single_threaded);
	pthread_t t;
	if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL))
		printf("pthread_create failed\n");
	printf("single_threaded_after_a_thread=<%d>\n", __libc_single_threaded);
}

int main(int argc, char **argv)
{
	show_names(argv);
	show_getopt(argc, argv);
	show_time_zone();
	show_signgam();
	show_new_stdout();
	show_error();
	show_single_threaded();
	return 0;
}
