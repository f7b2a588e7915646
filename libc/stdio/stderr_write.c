/* The standard error stream is the console until stdio streams exist. */
#include "console.h"
#include "libc.h"

void osv_stderr_write(const char *p, unsigned long n)
{
	console_write(p, n);
}
