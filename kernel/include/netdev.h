/*
 * Network interfaces (kernel/net/netdev.c): what a network driver (or
 * the loopback interface) registers, and how frames pass between the
 * drivers and the protocols.  Built with the network stack (CONF_net).
 *
 * Frames are Ethernet frames, destination address first, without the
 * frame check sequence.  Every interface has a name ("eth0", "lo"), an
 * index (1, 2, ... in registration order, as if_nametoindex() gives
 * them) and Linux's IFF_* flags (net/if.h).  Interfaces are never
 * removed.
 *
 * Receiving runs in one kernel thread, netdev's: a driver's interrupt
 * calls netdev_rx_ready(), the thread calls the driver's receive, which
 * hands each frame to netdev_input(), which passes it to the packet
 * sockets' tap and to the protocol registered for its Ethernet type, in
 * that thread.  So the protocols run in thread context, never in an
 * interrupt, and an interface's receive never runs twice at once.
 *
 * The thread starts with the first taker of frames (netdev_set_proto(),
 * netdev_set_tap()), not with the first interface: a thread made during
 * the boot arms the scheduler's slice timer, whose first use waits for
 * the TSC's calibration (2 ms).  Until then frames wait in the drivers'
 * queues (and are lost when those fill), as nothing would read them.
 */
#ifndef KERNEL_NETDEV_H
#define KERNEL_NETDEV_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#define NETDEV_ETH_HLEN 14 /* destination, source, type */
#define NETDEV_DRAIN_MS 1000u
/* Its power hook's priority: a protocol that drains first ranks higher. */
#define NETDEV_DRAIN_PRIORITY 1

/* struct netdev's type: Linux's ARPHRD_* values (sockaddr_ll's) */
#define NETDEV_TYPE_ETHER 1
#define NETDEV_TYPE_LOOPBACK 772

struct netdev;

struct netdev_ops {
	/*
	 * Queues one frame (len <= mtu + NETDEV_ETH_HLEN) for sending
	 * and returns 0, or -ENOBUFS when the device's queue is full: the
	 * frame is dropped, as a loss on the wire would drop it.  Called
	 * in thread context, possibly with a protocol's lock held; never
	 * sleeps, never calls netdev_input() itself (a loopback queues the
	 * frame and calls netdev_rx_ready()).
	 */
	int (*transmit)(struct netdev *dev, const void *frame, size_t len);
	/*
	 * Hands every frame received since the last call to
	 * netdev_input(); called by netdev's thread only.
	 */
	void (*receive)(struct netdev *dev);
	/*
	 * The frames transmit queued that the device has not yet taken
	 * (sent, or copied out); from thread context.  NULL for a device
	 * that takes each frame within transmit.  At power-off (power_hooks.h)
	 * netdev waits up to NETDEV_DRAIN_MS for every interface's to be 0:
	 * QEMU drops the frames it has not taken when the machine goes off.
	 */
	unsigned (*tx_pending)(struct netdev *dev);
};

struct netdev_stats {
	uint64_t rx_packets, rx_bytes, rx_dropped;
	uint64_t tx_packets, tx_bytes, tx_dropped;
};

struct netdev {
	/* set by the driver */
	const struct netdev_ops *ops;
	void *priv;	/* the driver's */
	uint8_t mac[6]; /* all zero for the loopback */
	unsigned mtu;	/* the payload's, 1500 for Ethernet */
	unsigned flags; /* IFF_*; netdev_register adds IFF_UP|IFF_RUNNING */
	unsigned short type; /* NETDEV_TYPE_* */
	/* set by netdev_register */
	char name[IF_NAMESIZE];
	int index;
	struct netdev *next;
	/* counted by netdev_input() and netdev_output() */
	struct netdev_stats stats;
	unsigned rx_pending; /* netdev_rx_ready() was called */
};

/*
 * Names dev prefix followed by the count of interfaces named so before
 * ("eth0", "eth1"; a dev with IFF_LOOPBACK is named prefix alone: "lo"),
 * gives it the next index and adds it.  Returns 0.
 */
int netdev_register(struct netdev *dev, const char *prefix);

/* From any context, an interrupt handler included: dev has frames. */
void netdev_rx_ready(struct netdev *dev);

/*
 * One frame dev received (valid only during the call), from dev's
 * receive: counted, shown to the tap, given to its protocol (dropped
 * while dev is down: no IFF_UP).
 */
void netdev_input(struct netdev *dev, const void *frame, size_t len);

/*
 * Sends frame out of dev: counted, shown to the tap, then transmitted.
 * Returns what the driver's transmit returned (-EMSGSIZE for a frame
 * longer than dev's mtu allows, -ENETDOWN while dev is down).
 */
int netdev_output(struct netdev *dev, const void *frame, size_t len);

/*
 * The protocols: fn receives every frame of Ethernet type ethertype
 * (ETH_P_IP, ETH_P_ARP: host order) in netdev's thread.  At most
 * NETDEV_PROTOS types; returns -ENOSPC beyond, -ENOMEM when netdev's
 * thread cannot be made.
 */
#define NETDEV_PROTOS 4
typedef void (*netdev_proto_fn)(struct netdev *dev, const void *frame,
				size_t len);
int netdev_set_proto(uint16_t ethertype, netdev_proto_fn fn);

/*
 * The packet sockets' view (AF_PACKET): fn sees every frame received
 * (outgoing false) and sent (outgoing true) on every interface, before
 * its protocol does.  One tap; NULL removes it.  Returns 0, or -ENOMEM
 * when netdev's thread cannot be made.
 */
typedef void (*netdev_tap_fn)(struct netdev *dev, const void *frame, size_t len,
			      int outgoing);
int netdev_set_tap(netdev_tap_fn fn);

/*
 * The interface ioctls Linux answers on any socket, with its struct
 * ifreq (kernel/net/if_ioctl.c): SIOCGIFINDEX, SIOCGIFNAME,
 * SIOCGIFFLAGS, SIOCSIFFLAGS (IFF_UP only), SIOCGIFHWADDR, SIOCGIFMTU.
 * Returns 0, -ENODEV for a name or index no interface has, or -ENOTTY
 * for another cmd.
 */
int netdev_ioctl(unsigned long cmd, void *arg);

/* The interfaces, in index order (follow ->next); NULL when none. */
struct netdev *netdev_first(void);
struct netdev *netdev_by_index(int index);
struct netdev *netdev_by_name(const char *name);

#endif
