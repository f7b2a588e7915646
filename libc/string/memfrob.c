#include <string.h>

/* XORs each byte with 42: glibc's reversible "encryption". */
void *memfrob(void *s, size_t n)
{
	unsigned char *p = s;
	for (size_t i = 0; i < n; i++)
		p[i] ^= 42;
	return s;
}
