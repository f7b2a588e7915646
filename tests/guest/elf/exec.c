/* Built as a position-dependent executable (ET_EXEC). */
#include <stdio.h>

int main(void)
{
	puts("exec runs at its link address");
	return 5;
}
