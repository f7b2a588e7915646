/*
 * h_errno's messages.  The word itself is each thread's own, as glibc's
 * (__h_errno_location() in h_errno_location.c: in the thread's
 * descriptor, which the hosted tests do not have).
 */
#include <netdb.h>
#include <stdio.h>

#include "program_vars.h"

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
	const char *text = hstrerror(h_errno);
	if (s && *s)
		fprintf(STDERR, "%s: %s\n", s, text);
	else
		fprintf(STDERR, "%s\n", text);
}
