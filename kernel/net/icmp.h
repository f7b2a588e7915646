/*
 * ICMP (RFC 792; icmp.c): echo replies, and the errors the stack sends
 * and receives.  The stack's lock held.
 */
#ifndef KERNEL_NET_ICMP_H
#define KERNEL_NET_ICMP_H

#include "ip4.h"

#define ICMP_ECHO_REPLY 0
#define ICMP_UNREACH 3
#define ICMP_ECHO 8
#define ICMP_TIME_EXCEEDED 11
#define ICMP_UNREACH_PORT 3
#define ICMP_UNREACH_PROTO 2

/* Registers ICMP with the stack (from ip4_start()). */
int icmp_init(void);

/* Answers p with an error of type and code (not for broadcasts). */
void icmp_send_error(const struct ip4_packet *p, uint8_t type, uint8_t code);

/*
 * The echo replies' reader (ping sockets), or NULL: given every echo
 * reply received, the ICMP message in p->data.
 */
void icmp_set_echo_reply_fn(ip4_proto_fn fn);

#endif
