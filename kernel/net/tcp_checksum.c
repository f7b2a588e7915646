/* The Internet checksum of a TCP segment over the IPv4 pseudo-header. */
#include "inet_cksum.h"
#include "tcp_impl.h"

/* In host order: put16() stores it big-endian. */
uint16_t tcp_checksum(uint32_t src, uint32_t dst, const void *seg, size_t len)
{
	uint32_t sum =
	    inet_sum(seg, len, inet_pseudo_sum(src, dst, 6 /* TCP */, len));
	return __builtin_bswap16(inet_fold(sum));
}
