/*
 * The Internet checksum (kernel/net/inet_cksum.c) on the host: RFC
 * 1071's worked example, an IPv4 header whose checksum is known, odd
 * lengths, sums added piecewise, and a UDP datagram with its
 * pseudo-header, which verifies to zero once its checksum is in place.
 */
#include <string.h>

#include "../../kernel/net/ip4.h"
#include "tap.h"

int main(void)
{
	/* RFC 1071 section 3: the folded sum of these bytes is ddf2 */
	static const uint8_t rfc[] = {0x00, 0x01, 0xf2, 0x03,
				      0xf4, 0xf5, 0xf6, 0xf7};
	TAP_OK(inet_fold(inet_sum(rfc, sizeof rfc, 0)) == ip4_htons(0x220d),
	       "RFC 1071's example: sum ddf2, checksum 220d");

	uint8_t ip[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
			  0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
			  0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
	uint16_t c = inet_fold(inet_sum(ip, sizeof ip, 0));
	TAP_OK(c == ip4_htons(0xb861), "an IPv4 header's checksum (b861)");
	memcpy(ip + 10, &c, 2);
	TAP_OK(inet_fold(inet_sum(ip, sizeof ip, 0)) == 0,
	       "a header with its checksum verifies to 0");

	static const uint8_t odd[] = {0x12, 0x34, 0x56};
	TAP_OK(inet_sum(odd, 3, 0) == 0x1234 + 0x5600,
	       "an odd length pads the last byte with a zero");
	TAP_OK(inet_sum(rfc + 4, 4, inet_sum(rfc, 4, 0)) ==
		   inet_sum(rfc, sizeof rfc, 0),
	       "sums add up piecewise");

	/* 10.0.2.15:68 -> 10.0.2.2:67, 4 bytes of data */
	uint8_t udp[12] = {0, 68, 0, 67, 0, 12, 0, 0, 'a', 'b', 'c', 'd'};
	uint32_t src = ip4_htonl(0x0a00020f), dst = ip4_htonl(0x0a000202);
	uint32_t pseudo = inet_pseudo_sum(src, dst, 17, sizeof udp);
	TAP_OK(pseudo == 0x0a00 + 0x020f + 0x0a00 + 0x0202 + 17 + 12,
	       "the pseudo-header's sum");
	c = inet_fold(inet_sum(udp, sizeof udp, pseudo));
	memcpy(udp + 6, &c, 2);
	TAP_OK(c && inet_fold(inet_sum(udp, sizeof udp, pseudo)) == 0,
	       "a UDP datagram with its checksum verifies to 0");
	uint8_t ones[4] = {0xff, 0xff, 0xff, 0xff};
	TAP_OK(inet_fold(inet_sum(ones, 4, 0xffffffffu)) == 0,
	       "carries fold back in");
	return tap_done();
}
