/* abort() reports itself and powers off with status 134. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	puts("abort: calling abort");
	abort();
}
