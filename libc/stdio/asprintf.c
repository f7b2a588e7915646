/* asprintf(): formatted output into a string the caller frees. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"
#include "vformat.h"

struct string_sink {
	struct format_sink sink;
	int err; /* errno as the call began, for %m */
	char *p;
	size_t len, cap;
	bool failed;
};

static void string_put(struct format_sink *sink, const char *p, size_t n)
{
	struct string_sink *k = (struct string_sink *)sink;

	if (k->failed)
		return;
	if (k->len + n + 1 > k->cap) {
		size_t cap = k->cap * 2;
		while (cap < k->len + n + 1)
			cap *= 2;
		char *q = realloc(k->p, cap);
		if (!q) {
			k->failed = true;
			return;
		}
		k->p = q;
		k->cap = cap;
	}
	memcpy(k->p + k->len, p, n);
	k->len += n;
}

static int string_errno(struct format_sink *sink)
{
	return ((struct string_sink *)sink)->err;
}

int vasprintf(char **restrict out, const char *restrict fmt, va_list ap)
{
	struct string_sink k = {
	    .sink = {string_put, string_errno, &osv_format_mb}, .err = errno, .cap = 100};

	k.p = malloc(k.cap);
	if (!k.p)
		return -1;
	int n = osv_vformat(&k.sink, fmt, ap);
	if (n < 0 || k.failed) {
		free(k.p);
		return -1;
	}
	k.p[k.len] = '\0';
	char *shrunk = realloc(k.p, k.len + 1);
	*out = shrunk ? shrunk : k.p;
	return n;
}

int asprintf(char **restrict out, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}
