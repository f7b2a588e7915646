/*
 * Debian's libmnl (tests/guest/unixsock_mnl.test), which the loader
 * refused while the kernel lacked the socket calls: mnl_socket_open()
 * asks for an AF_NETLINK socket, which a kernel without networking
 * refuses with EAFNOSUPPORT.  The prototype is libmnl's (its -dev
 * package need not be installed).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

struct mnl_socket;
struct mnl_socket *mnl_socket_open(int bus);

int main(void)
{
	errno = 0;
	struct mnl_socket *nl = mnl_socket_open(0 /* NETLINK_ROUTE */);
	printf("mnl_socket_open: %s, errno %s\n", nl ? "a socket" : "NULL",
	       errno == EAFNOSUPPORT ? "EAFNOSUPPORT" : strerror(errno));
	return nl != NULL || errno != EAFNOSUPPORT;
}
