/*
 * inet_ntop: IPv4 dotted decimal; IPv6 as RFC 5952 writes it (lower
 * case hex, the longest run of two or more zero groups, the first of
 * equal ones, as "::"), with glibc's IPv4 tail for the compatible
 * (::a.b.c.d) and mapped (::ffff:a.b.c.d) forms.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *copy_out(const char *text, char *dst, socklen_t size)
{
	size_t n = strlen(text) + 1;
	if (n > size) {
		errno = ENOSPC;
		return NULL;
	}
	return memcpy(dst, text, n);
}

static void ntop4(const unsigned char *b, char *text)
{
	sprintf(text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/* The longest run of zero groups (two at least): its start, or -1. */
static int zero_run(const unsigned *g, int *len)
{
	int best = -1;
	*len = 1;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > *len) {
			best = i;
			*len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	return best;
}

static void ntop6(const unsigned char *b, char *text)
{
	unsigned g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
	int len, run = zero_run(g, &len);
	bool v4_tail = run == 0 && (len == 6 || (len == 5 && g[5] == 0xffff));
	char *p = text;
	for (int i = 0; i < 8; i++) {
		if (i == run) {
			p += sprintf(p, "%s", i ? ":" : "::");
			i += len - 1;
			if (i == 7)
				break;
			continue;
		}
		if (i == 6 && v4_tail) {
			ntop4(b + 12, p);
			return;
		}
		p += sprintf(p, "%x%s", g[i], i < 7 ? ":" : "");
	}
	*p = '\0';
}

const char *inet_ntop(int af, const void *restrict src, char *restrict dst,
		      socklen_t size)
{
	char text[INET6_ADDRSTRLEN];
	if (af == AF_INET)
		ntop4(src, text);
	else if (af == AF_INET6)
		ntop6(src, text);
	else {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	return copy_out(text, dst, size);
}
