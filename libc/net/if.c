/*
 * Interface names and indexes, as glibc finds them: the interface
 * ioctls (SIOCGIFINDEX, SIOCGIFNAME) on a socket of any family.  A
 * kernel built without the network stack answers them with ENOTTY, and
 * one whose stack has no interface yet with ENODEV for every index:
 * both then have the loopback "lo" alone, index 1 (as on Linux, where it
 * is registered first; a stack registers it when it starts).  Indexes
 * are dense (interfaces are never removed), so the list is the names of
 * 1, 2, ... up to the first index without one.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ifreq_impl.h"

#define LOOPBACK_NAME "lo"
#define LOOPBACK_INDEX 1

/* The request's result: 0, or -1 with errno (ENOTTY: no network). */
static int if_request(unsigned long cmd, struct if_req *req)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int r = ioctl(fd, cmd, req);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

/* No interface to ask about: the loopback alone (see the top). */
static int lo_alone(void)
{
	struct if_req req = {.index = 1};
	int r = if_request(SIOCGIFNAME_REQ, &req);
	return r < 0 && (errno == ENOTTY || errno == ENODEV);
}

unsigned int if_nametoindex(const char *name)
{
	struct if_req req = {0};
	if (strlen(name) >= IF_NAMESIZE) {
		errno = ENODEV;
		return 0;
	}
	strcpy(req.name, name);
	if (!if_request(SIOCGIFINDEX_REQ, &req))
		return (unsigned)req.index;
	if (!strcmp(name, LOOPBACK_NAME) && lo_alone())
		return LOOPBACK_INDEX;
	errno = ENODEV;
	return 0;
}

char *if_indextoname(unsigned int index, char *name)
{
	struct if_req req = {.index = (int)index};
	if (index <= 0x7fffffff && !if_request(SIOCGIFNAME_REQ, &req)) {
		memcpy(name, req.name, IF_NAMESIZE);
		name[IF_NAMESIZE - 1] = 0;
		return name;
	}
	if (index == LOOPBACK_INDEX && lo_alone())
		return strcpy(name, LOOPBACK_NAME);
	errno = ENXIO;
	return NULL;
}

/* The number of interfaces: the indexes 1 .. n have names. */
static unsigned count_interfaces(void)
{
	char name[IF_NAMESIZE];
	unsigned n = 0;
	while (if_indextoname(n + 1, name))
		n++;
	return n;
}

/* One block: the list (n entries, then the end marker) and the names. */
struct if_nameindex *if_nameindex(void)
{
	unsigned n = count_interfaces();
	struct if_nameindex *list =
	    malloc((n + 1) * (sizeof(*list) + IF_NAMESIZE));
	if (!list)
		return NULL;
	char *names = (char *)(list + n + 1);
	for (unsigned i = 0; i < n; i++) {
		list[i].if_index = i + 1;
		list[i].if_name = names + i * IF_NAMESIZE;
		if (!if_indextoname(i + 1, list[i].if_name))
			strcpy(list[i].if_name, "?");
	}
	list[n].if_index = 0;
	list[n].if_name = NULL;
	return list;
}

void if_freenameindex(struct if_nameindex *list)
{
	free(list);
}
