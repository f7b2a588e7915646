/* The Internet checksum (RFC 1071) over the IPv4 pseudo-header. */
#include "tcp_impl.h"

static uint32_t sum_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t tcp_checksum(uint32_t src, uint32_t dst, const void *seg, size_t len)
{
	uint8_t pseudo[12];
	uint32_t sum;

	/* the addresses are in network order: copy their bytes as is */
	__builtin_memcpy(pseudo, &src, 4);
	__builtin_memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = 6; /* IPPROTO_TCP */
	pseudo[10] = (uint8_t)(len >> 8);
	pseudo[11] = (uint8_t)len;
	sum = sum_bytes(sum_bytes(0, pseudo, 12), seg, len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
