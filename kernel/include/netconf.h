/*
 * The network's configuration at boot (kernel/net/net_config.c, with
 * the network stack, CONF_net): the kernel options --ip and --dns.
 *
 * --ip=IF,ADDR/PREFIX[,GATEWAY] gives interface IF (eth0 ...) a static
 * address (and the default gateway); every Ethernet interface without
 * one asks DHCP.  --dns=ADDR names the DNS server (else DHCP's), which
 * /etc/resolv.conf then lists when the root is writable.
 */
#ifndef KERNEL_NETCONF_H
#define KERNEL_NETCONF_H

/*
 * Starts the IPv4 stack and configures the interfaces: the static
 * addresses at once; DHCP in the background, waited for up to
 * NETCONF_DHCP_WAIT_S seconds (then a console message says which
 * interface has no address yet, and the program starts anyway).
 * Returns NULL, or a message naming the bad option.
 */
#define NETCONF_DHCP_WAIT_S 10
const char *netconf_boot(char *const *ips, unsigned n, const char *dns);

#endif
