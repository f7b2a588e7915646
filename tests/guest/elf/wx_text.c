/* Writing to its own code must fault: text is mapped r-x. */
#include <stdio.h>

int main(void)
{
	volatile unsigned char *code = (volatile unsigned char *)(void *)main;
	puts("wx: writing to text");
	code[0] = 0xc3;
	puts("wx: text is writable");
	return 1;
}
