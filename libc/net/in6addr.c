/* The IPv6 wildcard and loopback addresses glibc exports as data. */
#include <netinet/in.h>

const struct in6_addr in6addr_any = {{{0}}};
const struct in6_addr in6addr_loopback = {
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}};
