/* libplugin.so: dlopen()ed by dl.so, found in /lib by its name. */
#include <stdio.h>
#include <stdlib.h>

int plugin_value = 77;

int plugin_twice(int x)
{
	return 2 * x;
}

static void exit_handler(void)
{
	puts("dl: plugin atexit handler");
}

__attribute__((constructor)) static void constructor(void)
{
	puts("dl: plugin constructor");
	atexit(exit_handler); /* registered with its __dso_handle */
}

__attribute__((destructor)) static void destructor(void)
{
	puts("dl: plugin destructor");
}
