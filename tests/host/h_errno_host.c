/*
 * The hosted libc's h_errno: the kernel's lives in the thread descriptor
 * (libc/net/h_errno_location.c), which the host tests do not build; a
 * thread-local word is the same contract.
 */
#include <netdb.h>

int *__h_errno_location(void)
{
	static __thread int value;
	return &value;
}
