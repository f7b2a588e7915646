/* liborder.so: constructors and destructors, DT_INIT and DT_FINI. */
#include <stdio.h>

void order_lib_init(void);
void order_lib_fini(void);

void order_lib_init(void) /* DT_INIT, with -Wl,-init */
{
	puts("order: lib DT_INIT");
}

void order_lib_fini(void) /* DT_FINI, with -Wl,-fini */
{
	puts("order: lib DT_FINI");
}

__attribute__((constructor)) static void constructor(void)
{
	puts("order: lib constructor");
}

__attribute__((destructor)) static void destructor(void)
{
	puts("order: lib destructor");
}

int order_lib_ready(void)
{
	return 1;
}
