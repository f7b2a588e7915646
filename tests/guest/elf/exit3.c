/* exit(3) from a library: handlers and destructors run, status is 3. */
#include <stdio.h>
#include <stdlib.h>

void lib_exit(int status);

static void handler(void)
{
	puts("exit3: atexit handler");
}

__attribute__((destructor)) static void destructor(void)
{
	puts("exit3: destructor");
}

int main(void)
{
	atexit(handler);
	lib_exit(3);
	puts("exit3: not reached");
	return 0;
}
