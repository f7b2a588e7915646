/*
 * The Internet checksum (RFC 1071; inet_cksum.c), for IPv4 and its
 * transports: the TCP engine, which builds on the host too, shares it,
 * so it needs nothing but standard headers.  Addresses are in network
 * byte order, as everywhere in the stack.
 */
#ifndef KERNEL_NET_INET_CKSUM_H
#define KERNEL_NET_INET_CKSUM_H

#include <stddef.h>
#include <stdint.h>

/* The one's-complement sum of len bytes, added to sum (not folded). */
uint32_t inet_sum(const void *data, size_t len, uint32_t sum);
/* The sum of the pseudo-header of UDP and TCP. */
uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, size_t len);
/*
 * Folds a sum and complements it: the checksum field's value, in
 * network byte order (stored as it is).
 */
uint16_t inet_fold(uint32_t sum);

#endif
