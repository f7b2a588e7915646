/*
 * IPv4 reassembly (ip4_reass.c), for ip4_input.c: at most
 * IP4_REASS_MAX datagrams at once, each dropped 30 s after its first
 * fragment if still incomplete.  The stack's lock held.
 */
#ifndef KERNEL_NET_IP4_REASS_H
#define KERNEL_NET_IP4_REASS_H

#include "ip4.h"

#define IP4_REASS_MAX 8
#define IP4_REASS_TIMEOUT_NS (30 * 1000000000ULL)

/* A fragment p of header h; a completed datagram goes to its protocol. */
void ip4_reass_input(const struct ip4_packet *p, const uint8_t *h);

/* ip4_input.c's: a whole packet to its protocol. */
void ip4_deliver(const struct ip4_packet *p);

#endif
