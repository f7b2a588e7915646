/* Running its read-only data must fault: rodata is mapped r-- (NX). */
#include <stdio.h>

const unsigned char wx_code[] = {0xc3}; /* ret */

int main(void)
{
	void (*volatile fn)(void) = (void (*)(void))(void *)wx_code;
	puts("wx: calling rodata");
	fn();
	puts("wx: rodata is executable");
	return 1;
}
