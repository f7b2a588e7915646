/*
 * The interface ioctls of AF_INET sockets (inet_ioctl.c): SIOCGIFADDR,
 * SIOCGIFNETMASK, SIOCGIFBRDADDR, SIOCGIFCONF, SIOCSIFADDR,
 * SIOCSIFNETMASK, with Linux's struct ifreq and ifconf layouts.
 */
#ifndef KERNEL_NET_INET_IOCTL_H
#define KERNEL_NET_INET_IOCTL_H

/* 0 or an error; -ENOTTY for a cmd it does not know. */
int inet_if_ioctl(unsigned long cmd, void *arg);

#endif
