/*
 * inet_pton: the standard text forms only.  IPv4: four decimal numbers
 * of at most 255, no leading zeros.  IPv6: eight groups of one to four
 * hex digits, "::" once for one or more zero groups, the last 32 bits
 * possibly in IPv4 form.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <string.h>

/* Four dotted decimal bytes filling the whole of s (up to end). */
static int pton4(const char *s, const char *end, unsigned char *out)
{
	unsigned char a[4];
	int n = 0;
	while (n < 4) {
		if (s == end || !isdigit((unsigned char)*s))
			return 0;
		unsigned v = 0;
		const char *start = s;
		while (s != end && isdigit((unsigned char)*s)) {
			v = v * 10 + (unsigned)(*s++ - '0');
			if (v > 255 || (s - start > 1 && *start == '0'))
				return 0;
		}
		a[n++] = (unsigned char)v;
		if (n < 4 && (s == end || *s++ != '.'))
			return 0;
	}
	if (s != end)
		return 0;
	memcpy(out, a, 4);
	return 1;
}

static int hex_value(int c)
{
	if (isdigit(c))
		return c - '0';
	return isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* A group of hex digits at *s (1 to 4); its value or -1. */
static long hex_group(const char **s)
{
	long v = 0;
	int n = 0;
	for (int d; (d = hex_value((unsigned char)**s)) >= 0; (*s)++) {
		if (++n > 4)
			return -1;
		v = v * 16 + d;
	}
	return n ? v : -1;
}

static int pton6(const char *s, unsigned char *out)
{
	unsigned char a[16] = {0};
	int n = 0, gap = -1;
	if (s[0] == ':' && s[1] != ':')
		return 0;
	if (s[0] == ':') {
		gap = 0;
		s += 2;
	}
	while (*s) {
		const char *group = s;
		if (n < 16 && n <= 12 && strchr(group, '.') &&
		    !strchr(group, ':')) {
			if (!pton4(group, group + strlen(group), a + n))
				return 0;
			n += 4;
			break;
		}
		long v = hex_group(&s);
		if (v < 0 || n == 16)
			return 0;
		a[n++] = (unsigned char)(v >> 8);
		a[n++] = (unsigned char)v;
		if (!*s)
			break;
		if (*s++ != ':')
			return 0;
		if (*s == ':') {
			if (gap >= 0)
				return 0;
			gap = n;
			s++;
		} else if (!*s) {
			return 0;
		}
	}
	if (gap >= 0) {
		if (n == 16)
			return 0;
		memmove(a + 16 - (n - gap), a + gap, (size_t)(n - gap));
		memset(a + gap, 0, (size_t)(16 - n));
	} else if (n != 16) {
		return 0;
	}
	memcpy(out, a, 16);
	return 1;
}

int inet_pton(int af, const char *restrict src, void *restrict dst)
{
	if (af == AF_INET)
		return pton4(src, src + strlen(src), dst);
	if (af == AF_INET6)
		return pton6(src, dst);
	errno = EAFNOSUPPORT;
	return -1;
}
