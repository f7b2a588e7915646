/*
 * A program's own variables named as the libc's: environ, timezone and
 * daylight, defined for its own use (ISO C leaves it the names; <time.h>
 * declares the last two only for XSI and GNU).  glibc's libc keeps its
 * environment and tzset's results in __environ, __timezone and
 * __daylight, so these are the program's alone: getenv must not read
 * them, nor tzset write them.  The program also defines __environ
 * itself, which glibc's start fills with the environment, and the libc
 * then uses.  Prints "name=<value>" lines that
 * tests/guest/progvars.test compares with the same program's on the host.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *environ = "the program's environ";
char **__environ;
char timezone[] = "the program's timezone";
char daylight[] = "the program's daylight";

static int has_tz(char **env)
{
	for (; env && *env; env++)
		if (!strncmp(*env, "TZ=", 3))
			return 1;
	return 0;
}

int main(void)
{
	const char *tz = getenv("TZ");
	printf("own-getenv_TZ=<%s>\n", tz ? tz : "(unset)");
	tzset();
	printf("own-tzname=<%s,%s>\n", tzname[0], tzname[1]);
	printf("own-environ=<%s>\n", environ);
	printf("own-__environ_has_TZ=<%d>\n", has_tz(__environ));
	printf("own-timezone=<%s>\n", timezone);
	printf("own-daylight=<%s>\n", daylight);
	return 0;
}
