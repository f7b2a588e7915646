/* Writing to RELRO after relocation must fault: it is made read-only. */
#include <stdio.h>

static int target;
int *const relro_pointer = &target; /* relocated, so in RELRO */

int main(void)
{
	int *volatile *slot = (int *volatile *)&relro_pointer;
	puts("wx: writing to relro");
	*slot = NULL;
	puts("wx: relro is writable");
	return 1;
}
