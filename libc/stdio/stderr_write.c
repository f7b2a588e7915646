/*
 * The libc's own fatal diagnostics (the fortify checks', arc4random's):
 * straight to descriptor 2, as glibc writes its fatal messages, so that
 * they need no stream lock and keep their order with stderr (unbuffered).
 */
#include "fd_io.h"
#include "libc.h"

void osv_stderr_write(const char *p, unsigned long n)
{
	while (n) {
		ssize_t k = write(2, p, n);
		if (k <= 0)
			return;
		p += k;
		n -= (unsigned long)k;
	}
}
