/* Prints its arguments and returns 42, the machine's exit status. */
#include <stdio.h>

int main(int argc, char **argv, char **envp)
{
	for (int i = 0; i < argc; i++)
		printf("arg[%d]=<%s>\n", i, argv[i]);
	printf("argc=%d envp[0]=%s\n", argc, envp[0] ? "set" : "NULL");
	return 42;
}
