/*
 * inet_network: a network number in host order, up to four parts of at
 * most 255 each, joined a byte each from the right ("10.1" is 0x0a01).
 * A part is decimal, octal with a leading 0, hex with 0x or just x;
 * blanks may end the text.  Digits past 32 bits wrap, as glibc's do.
 */
#include <arpa/inet.h>
#include <ctype.h>

/* One part at *s; its value, or -1 when it has no digit or a bad one. */
static long parse_part(const char **s)
{
	const char *p = *s;
	unsigned base = 10;
	int digits = 0;
	if (*p == '0') {
		base = 8;
		digits = 1;
		p++;
	}
	if (*p == 'x' || *p == 'X') {
		base = 16;
		digits = 0;
		p++;
	}
	uint32_t v = 0;
	for (;; p++, digits++) {
		int c = (unsigned char)*p;
		if (isdigit(c)) {
			if (c - '0' >= (int)base)
				return -1;
			v = v * base + (uint32_t)(c - '0');
		} else if (base == 16 && isxdigit(c)) {
			v = v * 16 + (uint32_t)(tolower(c) - 'a' + 10);
		} else {
			break;
		}
	}
	*s = p;
	return digits && v <= 0xff ? (long)v : -1;
}

in_addr_t inet_network(const char *cp)
{
	in_addr_t net = 0;
	for (int n = 0;; n++) {
		long part = parse_part(&cp);
		if (part < 0 || n == 4)
			return INADDR_NONE;
		net = net << 8 | (in_addr_t)part;
		if (*cp != '.')
			break;
		cp++;
	}
	while (isspace((unsigned char)*cp))
		cp++;
	return *cp ? INADDR_NONE : net;
}
