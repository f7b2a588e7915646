#include <stdlib.h>

/* No program runs with privileges it did not start with here. */
char *secure_getenv(const char *name)
{
	return getenv(name);
}
