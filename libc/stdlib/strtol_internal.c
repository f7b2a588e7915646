/*
 * Entry points that glibc's headers of the 1990s and 2000s called instead
 * of strtol and its relatives; old binaries still ask for them.  The
 * grouping flag has no effect in the C locale.
 */
#include <stdlib.h>

long __strtol_internal(const char *s, char **end, int base, int group);
unsigned long __strtoul_internal(const char *s, char **end, int base,
				 int group);
long long __strtoll_internal(const char *s, char **end, int base, int group);
unsigned long long __strtoull_internal(const char *s, char **end, int base,
				       int group);

long __strtol_internal(const char *s, char **end, int base, int group)
{
	(void)group;
	return strtol(s, end, base);
}

unsigned long __strtoul_internal(const char *s, char **end, int base, int group)
{
	(void)group;
	return strtoul(s, end, base);
}

long long __strtoll_internal(const char *s, char **end, int base, int group)
{
	(void)group;
	return strtoll(s, end, base);
}

unsigned long long __strtoull_internal(const char *s, char **end, int base,
				       int group)
{
	(void)group;
	return strtoull(s, end, base);
}
