#include <string.h>

#include "byteset.h"

size_t strspn(const char *s, const char *accept)
{
	struct byteset set;
	byteset_init(&set, accept, 0);
	size_t n = 0;
	while (byteset_has(&set, (unsigned char)s[n]))
		n++;
	return n;
}
