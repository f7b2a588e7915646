/*
 * The Internet checksum (RFC 1071): the one's-complement sum of 16-bit
 * words, folded and complemented.  Sums are kept in 32 bits unfolded so
 * that pieces (a pseudo-header, a header, the data) add up.
 */
#include "inet_cksum.h"

uint32_t inet_sum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	uint64_t s = sum;
	for (; len >= 2; p += 2, len -= 2)
		s += (uint32_t)(p[0] << 8 | p[1]);
	if (len)
		s += (uint32_t)p[0] << 8;
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
	uint32_t s = __builtin_bswap32(src), d = __builtin_bswap32(dst);
	uint64_t sum = (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff) +
		       proto + (uint32_t)len;
	return (uint32_t)sum;
}

uint16_t inet_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return __builtin_bswap16((uint16_t)~sum);
}
