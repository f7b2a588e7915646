/*
 * TAP for differential tests of the libc against the host's glibc: many
 * cases make one TAP line (a group); each failing case prints a '#'
 * diagnostic, at most DT_MAX_DIAG per group.  Also a deterministic
 * random generator, so that a failure can be reproduced.
 */
#ifndef TESTS_HOST_DIFFTEST_H
#define TESTS_HOST_DIFFTEST_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DT_MAX_DIAG 20

static unsigned dt_group_run, dt_group_failed, dt_points, dt_points_failed;

static void dt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void dt_fail(const char *fmt, ...)
{
	va_list ap;

	if (++dt_group_failed > DT_MAX_DIAG)
		return;
	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Counts one case; the message (printf format) describes a failure. */
#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		dt_group_run++;                                                \
		if (!(cond))                                                   \
			dt_fail(__VA_ARGS__);                                  \
	} while (0)

/* Ends a group of cases with its TAP line. */
static void dt_group_end(const char *name)
{
	dt_points++;
	if (dt_group_failed) {
		dt_points_failed++;
		printf("not ok %u - %s: %u of %u cases failed\n", dt_points,
		       name, dt_group_failed, dt_group_run);
	} else {
		printf("ok %u - %s: %u cases\n", dt_points, name, dt_group_run);
	}
	fflush(stdout);
	dt_group_run = dt_group_failed = 0;
}

static int dt_done(void)
{
	printf("1..%u\n", dt_points);
	return dt_points_failed != 0;
}

/* xorshift64*: fixed seed, reproducible runs (DT_SEED picks another). */
static uint64_t dt_state = 0x2545f4914f6cdd1dULL;

__attribute__((constructor)) static void dt_seed_from_environment(void)
{
	const char *s = getenv("DT_SEED");
	if (s && *s)
		dt_state = strtoull(s, NULL, 0) | 1;
}

static uint64_t dt_rand(void)
{
	dt_state ^= dt_state >> 12;
	dt_state ^= dt_state << 25;
	dt_state ^= dt_state >> 27;
	return dt_state * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, n). */
static unsigned dt_below(unsigned n)
{
	return (unsigned)((dt_rand() >> 32) % n);
}

/* s (n bytes) for a diagnostic: C escapes, no '#'. */
static const char *dt_quote(const void *s, size_t n)
{
	static char bufs[4][512];
	static int which;
	char *buf = bufs[which++ & 3], *p = buf;
	const unsigned char *c = s;

	for (size_t i = 0; i < n && p < buf + sizeof(bufs[0]) - 8; i++) {
		if (c[i] == '\\' || c[i] == '"')
			p += sprintf(p, "\\%c", c[i]);
		else if (c[i] < 0x20 || c[i] >= 0x7f || c[i] == '#')
			p += sprintf(p, "\\x%02x", c[i]);
		else
			*p++ = (char)c[i];
	}
	*p = '\0';
	return buf;
}

#define dt_str(s) dt_quote((s), strlen(s))

/* The sign of a comparison result. */
static int dt_sign(long v)
{
	return (v > 0) - (v < 0);
}

#endif
