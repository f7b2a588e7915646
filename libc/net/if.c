/*
 * Interface names and indexes: the system has one interface, the
 * loopback "lo", index 1 (as on Linux, where it is registered first).
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#define LOOPBACK_NAME "lo"
#define LOOPBACK_INDEX 1

unsigned int if_nametoindex(const char *name)
{
	if (!strcmp(name, LOOPBACK_NAME))
		return LOOPBACK_INDEX;
	errno = ENODEV;
	return 0;
}

char *if_indextoname(unsigned int index, char *name)
{
	if (index != LOOPBACK_INDEX) {
		errno = ENXIO;
		return NULL;
	}
	return strcpy(name, LOOPBACK_NAME);
}

/* One block: the list (lo, then the end marker) and the name. */
struct if_nameindex *if_nameindex(void)
{
	struct if_nameindex *list = malloc(2 * sizeof(*list) + IF_NAMESIZE);
	if (!list)
		return NULL;
	list[0].if_index = LOOPBACK_INDEX;
	list[0].if_name = strcpy((char *)(list + 2), LOOPBACK_NAME);
	list[1].if_index = 0;
	list[1].if_name = NULL;
	return list;
}

void if_freenameindex(struct if_nameindex *list)
{
	free(list);
}
