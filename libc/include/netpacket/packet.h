/*
 * netpacket/packet.h: the declarations the kernel is built with (glibc's
 * ABI): AF_PACKET addresses and options (kernel/net/packet_socket.c).
 */
#ifndef _NETPACKET_PACKET_H
#define _NETPACKET_PACKET_H

#ifdef __cplusplus
extern "C" {
#endif

struct sockaddr_ll {
	unsigned short int sll_family;
	unsigned short int sll_protocol; /* network order */
	int sll_ifindex;
	unsigned short int sll_hatype;
	unsigned char sll_pkttype;
	unsigned char sll_halen;
	unsigned char sll_addr[8];
};

/* sll_pkttype */
#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define PACKET_OUTGOING 4

/* SOL_PACKET options */
#define PACKET_ADD_MEMBERSHIP 1
#define PACKET_DROP_MEMBERSHIP 2
#define PACKET_STATISTICS 6

#ifdef __cplusplus
}
#endif

#endif
