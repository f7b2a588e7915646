/*
 * %m: glibc prints strerror(errno) like a %s, and since 2.35 %#m prints
 * the errno's name (strerrorname_np), or its number when it has none.
 */
#define _GNU_SOURCE /* strerrorname_np in the host's string.h */
#include <string.h>

#include "format_impl.h"

bool osv_fmt_error(struct fmt_out *o, const struct fmt_spec *s, int err)
{
	struct fmt_spec text = *s;
	char num[16];
	const char *p;

	text.conv = 's';
	text.len = LEN_NONE;
	text.flags &= ~FMT_ALT;
	p = (s->flags & FMT_ALT) ? strerrorname_np(err) : strerror(err);
	if (!p) {
		unsigned v = err < 0 ? 0u - (unsigned)err : (unsigned)err;
		char *q = num + sizeof(num);
		*--q = '\0';
		do
			*--q = (char)('0' + v % 10);
		while (v /= 10);
		if (err < 0)
			*--q = '-';
		p = q;
	}
	return osv_fmt_string(o, &text, p);
}
