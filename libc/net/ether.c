/*
 * Ethernet addresses between text ("0:1a:2b:3c:4d:5e", one or two hex
 * digits a byte) and struct ether_addr, as glibc's ether_aton and
 * ether_ntoa (which prints without leading zeros).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdint.h>

struct ether_addr {
	uint8_t ether_addr_octet[6];
};

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

struct ether_addr *ether_aton_r(const char *s, struct ether_addr *addr)
{
	for (int i = 0; i < 6; i++) {
		int hi = hex((unsigned char)*s++);
		if (hi < 0)
			return NULL;
		int lo = hex((unsigned char)*s);
		int v = hi;
		if (lo >= 0) {
			v = hi << 4 | lo;
			s++;
		}
		if (i < 5 ? *s != ':'
			  : *s != '\0' && !isspace((unsigned char)*s))
			return NULL;
		s++;
		addr->ether_addr_octet[i] = (uint8_t)v;
	}
	return addr;
}

struct ether_addr *ether_aton(const char *s)
{
	static struct ether_addr addr;
	return ether_aton_r(s, &addr);
}

char *ether_ntoa_r(const struct ether_addr *addr, char *buf)
{
	const uint8_t *o = addr->ether_addr_octet;
	sprintf(buf, "%x:%x:%x:%x:%x:%x", o[0], o[1], o[2], o[3], o[4], o[5]);
	return buf;
}

char *ether_ntoa(const struct ether_addr *addr)
{
	static char buf[18];
	return ether_ntoa_r(addr, buf);
}
