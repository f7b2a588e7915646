/*
 * ChaCha20's block function, written from RFC 8439: sixteen 32-bit
 * words (four constants, the key, the counter, the nonce), twenty
 * rounds of quarter-rounds on columns then diagonals, and the input
 * added back so that the rounds cannot be run backwards.
 */
#include <string.h>

#include "chacha20.h"

static inline uint32_t rotl32(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

static void quarter_round(uint32_t s[16], int a, int b, int c, int d)
{
	s[a] += s[b];
	s[d] = rotl32(s[d] ^ s[a], 16);
	s[c] += s[d];
	s[b] = rotl32(s[b] ^ s[c], 12);
	s[a] += s[b];
	s[d] = rotl32(s[d] ^ s[a], 8);
	s[c] += s[d];
	s[b] = rotl32(s[b] ^ s[c], 7);
}

void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS],
		    uint8_t out[CHACHA20_BLOCK_BYTES])
{
	/* "expand 32-byte k" */
	uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	for (int i = 0; i < CHACHA20_NONCE_WORDS; i++)
		in[13 + i] = nonce[i];
	uint32_t s[16];
	for (int i = 0; i < 16; i++)
		s[i] = in[i];
	for (int round = 0; round < 20; round += 2) {
		quarter_round(s, 0, 4, 8, 12);
		quarter_round(s, 1, 5, 9, 13);
		quarter_round(s, 2, 6, 10, 14);
		quarter_round(s, 3, 7, 11, 15);
		quarter_round(s, 0, 5, 10, 15);
		quarter_round(s, 1, 6, 11, 12);
		quarter_round(s, 2, 7, 8, 13);
		quarter_round(s, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t w = s[i] + in[i];
		for (int b = 0; b < 4; b++)
			out[4 * i + b] = (uint8_t)(w >> (8 * b));
	}
	/* in holds the key, and s with out gives it: neither may outlive us */
	explicit_bzero(in, sizeof(in));
	explicit_bzero(s, sizeof(s));
}
