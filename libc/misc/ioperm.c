/*
 * I/O port permissions: the program runs in ring 0 with the kernel, so
 * every port is open to it already; the calls only check their
 * arguments as Linux does.
 */
#include <errno.h>
#include <sys/io.h>

int iopl(int level)
{
	if (level < 0 || level > 3) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int ioperm(unsigned long from, unsigned long num, int turn_on)
{
	(void)turn_on;
	if (from + num <= from || from + num > 65536) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}
