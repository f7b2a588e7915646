/* An application loaded from a rofs root by osv-run --image
 * (tests/guest/rofs.test): prints its arguments, exits with 3. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("rofs app:");
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 3;
}
