/*
 * The environment a program starts with (the kernel's --env options):
 * prints main's envp and environ, one line a variable, and getenv() of
 * each argument; then changes it with the libc's calls and checks that
 * they work as glibc's, environ following them and the array the
 * program started with left as it was.  Built twice: a shared object
 * whose main the kernel calls, and a PIE entered at _start, which reads
 * environ through its COPY relocation, and which also checks the stack
 * _start found (tests/guest/env.test).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef ENV_APP_PIE
#include <elf.h>
#endif

#include "../app_check.h"

/* A NULL array is not an empty one: glibc never starts a program so. */
static int print_array(const char *what, char **a)
{
	int n = 0;
	if (!a) {
		printf("%s: NULL\n", what);
		return 0;
	}
	for (; a[n]; n++)
		printf("%s[%d]=<%s>\n", what, n, a[n]);
	printf("%s: %d variables\n", what, n);
	return n;
}

/* Whether environ holds entry, once. */
static int in_environ(const char *entry)
{
	int seen = 0;
	for (char **e = environ; e && *e; e++)
		seen += !strcmp(*e, entry);
	return seen == 1;
}

/* Whether environ has an entry for the name. */
static int has_name(const char *name)
{
	size_t n = strlen(name);
	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return 1;
	return 0;
}

static void change(char **envp, int envc)
{
	char *first = envc ? envp[0] : NULL;
	char *was = first ? strdup(first) : NULL;
	CHECK("setenv-new", !setenv("ADDED", "a b", 0) &&
				!strcmp(getenv("ADDED"), "a b") &&
				in_environ("ADDED=a b"));
	CHECK("setenv-no-overwrite",
	      !setenv("ADDED", "x", 0) && !strcmp(getenv("ADDED"), "a b"));
	if (first) {
		char name[64];
		size_t n = strcspn(first, "=");
		snprintf(name, sizeof(name), "%.*s", (int)n, first);
		CHECK("setenv-overwrite",
		      !setenv(name, "new", 1) && !strcmp(getenv(name), "new") &&
			  !strcmp(secure_getenv(name), "new"));
		CHECK("envp-kept", envp[0] == first && !strcmp(first, was) &&
				       envp[envc] == NULL);
		CHECK("unsetenv", has_name(name) && !unsetenv(name) &&
				      !getenv(name) && !has_name(name));
	}
	static char put[] = "PUT=by putenv";
	CHECK("putenv", !putenv(put) && getenv("PUT") == put + 4 &&
			    in_environ("PUT=by putenv"));
	CHECK("setenv-bad-name",
	      setenv("A=B", "1", 1) == -1 && errno == EINVAL);
	CHECK("clearenv", !clearenv() && !getenv("PUT") && !getenv("ADDED") &&
			      (!environ || !*environ));
	CHECK("after-clearenv", !setenv("LAST", "1", 1) && environ &&
				    !strcmp(environ[0], "LAST=1") &&
				    !environ[1]);
}

/* In hex, which the console carries unchanged whatever the bytes. */
static void print_hex(const char *name, const char *v)
{
	printf("hex(%s)=", name);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		printf("%02x", *p);
	printf("\n");
}

#ifdef ENV_APP_PIE
/*
 * _start found argc, argv, envp and the auxiliary vector on the stack;
 * main's envp is what follows argv there.  Past envp's NULL, the
 * auxiliary vector must follow, or a runtime that looks for it there
 * (as a static libc does) reads variables as its entries.
 */
extern char _start[];

static void check_process_stack(int argc, char **argv, char **envp)
{
	long *sp = (long *)argv - 1;
	CHECK("stack-argc", ((unsigned long)sp & 15) == 0 && *sp == argc);
	char **e = envp;
	while (*e)
		e++;
	unsigned long entry = 0, pagesz = 0, random = 0;
	int n = 0;
	unsigned long *av = (unsigned long *)(e + 1);
	for (; av[0] != AT_NULL && n < 64; av += 2, n++) {
		if (av[0] == AT_ENTRY)
			entry = av[1];
		else if (av[0] == AT_PAGESZ)
			pagesz = av[1];
		else if (av[0] == AT_RANDOM)
			random = av[1];
	}
	CHECK("stack-auxv-after-envp", av[0] == AT_NULL &&
					   entry == (unsigned long)_start &&
					   pagesz == 4096 && random);
}
#endif

int main(int argc, char **argv, char **envp)
{
#ifdef ENV_APP_PIE
	check_process_stack(argc, argv, envp);
#endif
	int envc = print_array("envp", envp);
	int same = envc == print_array("environ", environ);
	for (int i = 0; same && i < envc; i++)
		same = !strcmp(envp[i], environ[i]);
	CHECK("environ-is-envp", same);
	for (int i = 1; i < argc; i++) {
		const char *v = getenv(argv[i]);
		if (v) {
			printf("getenv(%s)=<%s>\n", argv[i], v);
			print_hex(argv[i], v);
		} else {
			printf("getenv(%s)=NULL\n", argv[i]);
		}
	}
	change(envp, envc);
	return app_check_summary();
}
