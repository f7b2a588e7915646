#include <string.h>

/* The empty asm takes the buffer as read, so the stores cannot be dropped. */
void explicit_bzero(void *s, size_t n)
{
	memset(s, 0, n);
	__asm__ volatile("" : : "r"(s) : "memory");
}
