/*
 * NSAP addresses in text.  Read: hex digit pairs, with '.', '+' and '/'
 * allowed between pairs as separators (glibc's takes no "0x", whose
 * 'x' is no digit).  Written: the pairs in capitals grouped as glibc's
 * are, a dot after the first byte, then after every second one.
 */
#include <arpa/inet.h>

#define NSAP_MAX 255

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The number of bytes written to buf (at most len); 0 for bad text. */
unsigned int inet_nsap_addr(const char *cp, unsigned char *buf, int len)
{
	int n = 0;
	while (*cp && n < len) {
		char c = *cp++;
		if (c == '.' || c == '+' || c == '/')
			continue;
		int hi = hex_value(c), lo = hi < 0 ? -1 : hex_value(*cp++);
		if (lo < 0)
			return 0;
		buf[n++] = (unsigned char)(hi << 4 | lo);
	}
	return (unsigned)n;
}

char *inet_nsap_ntoa(int len, const unsigned char *cp, char *buf)
{
	static char own[NSAP_MAX * 3 + 1];
	static const char digits[] = "0123456789ABCDEF";
	char *out = buf ? buf : own, *p = out;
	if (len > NSAP_MAX)
		len = NSAP_MAX;
	for (int i = 0; i < len; i++) {
		*p++ = digits[cp[i] >> 4];
		*p++ = digits[cp[i] & 15];
		if (i % 2 == 0 && i + 1 < len)
			*p++ = '.';
	}
	*p = '\0';
	return out;
}
