/* perror(): "s: message" on stderr, in one write (stderr is unbuffered). */
#include <errno.h>
#include <string.h>

#include "stdio_impl.h"

void perror(const char *s)
{
	int e = errno;
	const char *msg = strerror(e);

	if (s && *s)
		fprintf(STDERR, "%s: %s\n", s, msg);
	else
		fprintf(STDERR, "%s\n", msg);
	errno = e;
}
