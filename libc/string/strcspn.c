#include <string.h>

#include "byteset.h"

size_t strcspn(const char *s, const char *reject)
{
	struct byteset set;
	byteset_init(&set, reject, 1);
	size_t n = 0;
	while (!byteset_has(&set, (unsigned char)s[n]))
		n++;
	return n;
}
