/*
 * copy_missing: a PIE reading a variable of libcopy.so by a COPY
 * relocation; the libcopy.so it runs with does not define it.
 */
#include <stdio.h>

extern int copy_missing_var;

int main(void)
{
	printf("copy_missing_var %d\n", copy_missing_var);
	return 0;
}
