/*
 * The checks of the guest test programs built against glibc's headers
 * (fs, stdio, wstdio, timers, random): each prints "PASS name" or
 * "FAIL name: why (errno N)"; the program ends with app_check_summary(), whose
 * "checks: N failed: M" line the .test scripts look for.
 */
#ifndef TESTS_GUEST_APP_CHECK_H
#define TESTS_GUEST_APP_CHECK_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static int checks, failures;

static void check(const char *name, int ok, const char *why)
{
	checks++;
	if (ok) {
		printf("PASS %s\n", name);
		return;
	}
	failures++;
	printf("FAIL %s: %s (errno %d)\n", name, why, errno);
}

#define CHECK(name, cond) check(name, (cond), #cond)

/* Prints the summary line; the number of failures, for main's status. */
static int app_check_summary(void)
{
	printf("checks: %d failed: %d\n", checks, failures);
	return failures;
}

/* A named group of checks, which a program's arguments can choose. */
struct app_check_group {
	const char *name;
	void (*run)(void);
};

/*
 * Runs the groups the arguments name (all without arguments) and
 * prints the summary; main's status.
 */
static inline int app_check_run(const struct app_check_group *groups, size_t n,
				int argc, char **argv)
{
	for (size_t i = 0; i < n; i++) {
		int chosen = argc < 2;
		for (int a = 1; a < argc; a++)
			chosen |= !strcmp(argv[a], groups[i].name);
		if (chosen)
			groups[i].run();
	}
	return app_check_summary() != 0;
}

#endif
