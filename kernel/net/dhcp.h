/*
 * The DHCP client (RFC 2131; dhcp.c) of an Ethernet interface: DISCOVER,
 * OFFER, REQUEST, ACK, retried with backoff for as long as no server
 * answers, the lease renewed at half its time.  It runs on the stack's
 * timers and UDP input (port 68), the stack's lock held.
 */
#ifndef KERNEL_NET_DHCP_H
#define KERNEL_NET_DHCP_H

#include "ip4.h"

/* Starts DHCP on dev (the stack started): 0 or -ENOMEM. */
int dhcp_start(struct netdev *dev);

/* Whether every interface DHCP was started on has an address. */
bool dhcp_all_bound(void);

/* The DNS server the last ACK named, or 0. */
uint32_t dhcp_dns(void);

#endif
