/*
 * inet_aton and inet_addr: the BSD forms of an IPv4 address, one to four
 * numbers separated by dots, each decimal, octal (leading 0) or hex
 * (0x); the last fills the bytes the others left (a: 32 bits, a.b:
 * 8.24, a.b.c: 8.8.16).  inet_aton allows blanks and anything after
 * them at the end, as glibc's does, and so does inet_addr; getaddrinfo
 * nothing.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>

#include "netdb_impl.h"

/* A C-style number at *s (starting with a digit); false on overflow. */
static bool parse_number(const char **s, uint64_t *out)
{
	const char *p = *s;
	unsigned base = 10;
	if (p[0] == '0') {
		base = 8;
		if ((p[1] == 'x' || p[1] == 'X') &&
		    isxdigit((unsigned char)p[2])) {
			base = 16;
			p += 2;
		}
	}
	uint64_t v = 0;
	bool overflow = false;
	for (;; p++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	*s = p;
	*out = v;
	return !overflow;
}

/* The address, and where the text after it starts; 0 if not one. */
static int parse_aton(const char *s, struct in_addr *out, const char **end)
{
	static const uint32_t last_max[] = {0xffffffff, 0xffffff, 0xffff, 0xff};
	uint32_t parts[3];
	int n = 0;
	uint64_t v;
	for (;;) {
		if (!isdigit((unsigned char)*s) || !parse_number(&s, &v))
			return 0;
		if (*s != '.')
			break;
		if (n == 3 || v > 0xff)
			return 0;
		parts[n++] = (uint32_t)v;
		s++;
	}
	if (v > last_max[n])
		return 0;
	uint32_t a = (uint32_t)v;
	for (int i = 0; i < n; i++)
		a |= parts[i] << (24 - 8 * i);
	if (out)
		out->s_addr = htonl(a);
	*end = s;
	return 1;
}

int osv_net_aton_exact(const char *text, struct in_addr *out)
{
	const char *end;
	return parse_aton(text, out, &end) && !*end;
}

int inet_aton(const char *cp, struct in_addr *inp)
{
	const char *end;
	return parse_aton(cp, inp, &end) &&
	       (!*end || isspace((unsigned char)*end));
}

in_addr_t inet_addr(const char *cp)
{
	struct in_addr a;
	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}
