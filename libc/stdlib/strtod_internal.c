/*
 * The floating-point counterparts of strtol_internal.c, for binaries
 * built against old glibc headers.
 */
#include <stdlib.h>

double __strtod_internal(const char *s, char **end, int group);
float __strtof_internal(const char *s, char **end, int group);
long double __strtold_internal(const char *s, char **end, int group);

double __strtod_internal(const char *s, char **end, int group)
{
	(void)group;
	return strtod(s, end);
}

float __strtof_internal(const char *s, char **end, int group)
{
	(void)group;
	return strtof(s, end);
}

long double __strtold_internal(const char *s, char **end, int group)
{
	(void)group;
	return strtold(s, end);
}
