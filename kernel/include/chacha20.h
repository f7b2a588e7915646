/*
 * ChaCha20's block function (RFC 8439, section 2.3): the generator of
 * last resort in entropy.c runs it in counter mode, and folds timing
 * samples with it into its seed.
 */
#ifndef KERNEL_CHACHA20_H
#define KERNEL_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_WORDS 8
#define CHACHA20_NONCE_WORDS 3
#define CHACHA20_BLOCK_BYTES 64

/*
 * The 64 bytes of key stream for block number counter under key and
 * nonce (their words as RFC 8439 reads them from bytes: little-endian).
 */
void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS],
		    uint8_t out[CHACHA20_BLOCK_BYTES]);

#endif
