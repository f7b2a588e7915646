/*
 * h_errno: the resolver's error, one for the whole system (glibc's is
 * per thread; the kernel's thread structure does not carry it yet), and
 * its messages.
 */
#include <netdb.h>
#include <stdio.h>

static int resolver_error;

int *__h_errno_location(void)
{
	return &resolver_error;
}

static const char *const messages[] = {
    "Resolver Error 0 (no error)",     "Unknown host",
    "Host name lookup failure",	       "Unknown server error",
    "No address associated with name",
};

const char *hstrerror(int err)
{
	if (err < 0)
		return "Resolver internal error";
	if (err < (int)(sizeof(messages) / sizeof(messages[0])))
		return messages[err];
	return "Unknown resolver error";
}

void herror(const char *s)
{
	const char *text = hstrerror(resolver_error);
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, text);
	else
		fprintf(stderr, "%s\n", text);
}
