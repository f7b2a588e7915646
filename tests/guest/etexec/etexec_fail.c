/* Linked where it cannot be loaded: it must never run. */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	printf("%s ran\n", argv[0]);
	return 0;
}
