/*
 * Initial sequence numbers as RFC 6528 has them: ISN = M + F(4-tuple,
 * secret), M the clock in 4 us units and F SipHash-2-4 (Aumasson and
 * Bernstein, 2012) keyed with 128 bits drawn at the first TCP socket.
 * A keyed hash makes the numbers of one peer's connections hard to
 * guess from another's, while each 4-tuple's still grow with time, so
 * a new incarnation starts above the old one's segments.
 */
#include <stddef.h>

#include "entropy.h"
#include "tcp_sock.h"

static uint64_t key[2];

void tcp_isn_init(void)
{
	entropy_read(key, sizeof(key));
}

static inline uint64_t rotl(uint64_t x, unsigned b)
{
	return x << b | x >> (64 - b);
}

static void sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = rotl(v[1], 13) ^ v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3];
	v[3] = rotl(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = rotl(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = rotl(v[1], 17) ^ v[2];
	v[2] = rotl(v[2], 32);
}

static void sip_absorb(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sip_round(v);
	sip_round(v);
	v[0] ^= m;
}

/* SipHash-2-4 of the 12 bytes laddr, raddr, lport, rport. */
static uint64_t siphash_tuple(uint32_t laddr, uint16_t lport, uint32_t raddr,
			      uint16_t rport)
{
	uint64_t v[4] = {
	    key[0] ^ 0x736f6d6570736575ull, key[1] ^ 0x646f72616e646f6dull,
	    key[0] ^ 0x6c7967656e657261ull, key[1] ^ 0x7465646279746573ull};
	sip_absorb(v, (uint64_t)raddr << 32 | laddr);
	sip_absorb(v, 12ull << 56 | (uint64_t)rport << 16 | lport);
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint32_t tcp_isn(uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport,
		 uint64_t now)
{
	uint32_t m = (uint32_t)(now / 4000);
	return m + (uint32_t)siphash_tuple(laddr, lport, raddr, rport);
}
