/* libexit.so: ends the program from a library. */
#include <stdlib.h>

void lib_exit(int status)
{
	exit(status);
}
