/* libcopy.so: data a PIE takes by copy relocation. */
#include <stdio.h>

int copy_var = 1234;
int copy_array[4] = {1, 2, 3, 4};
#ifdef COPY_LIB_STUB
/* only in the stub copy_missing links against (tests/local.mk) */
int copy_missing_var = 1;
#endif

int *copy_var_addr(void)
{
	return &copy_var;
}

int copy_var_read(void)
{
	return copy_var;
}

__attribute__((constructor)) static void lib_constructor(void)
{
	puts("pie: lib constructor");
}
