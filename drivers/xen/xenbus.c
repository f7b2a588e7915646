/*
 * xenbus: the frontend side of Xen's split drivers (io/xenbus.h).  The
 * toolstack lists our devices under device/<type>/<id>; each names its
 * backend (backend, backend-id).  Both ends publish a state node and
 * step through Initialising, InitWait, Initialised, Connected, and
 * Closing, Closed at the end.  xenbus_probe_all() walks device/ and
 * hands each device to the frontend registered for its type; the
 * frontend walks the states with the helpers below, waiting for the
 * backend through a watch on its state node.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "xen.h"

#define DIR_MAX 1024

static struct xenbus_driver *drivers;
static struct xenbus_device *devices, **devices_tail = &devices;

void xenbus_register_driver(struct xenbus_driver *drv)
{
	drv->next = drivers;
	drivers = drv;
}

const char *xenbus_state_name(int s)
{
	static const char *const names[] = {
	    "Unknown",	 "Initialising", "InitWait", "Initialised",
	    "Connected", "Closing",	 "Closed",
	};
	return s >= 0 && s <= XENBUS_CLOSED ? names[s] : "invalid";
}

int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state s)
{
	char path[96];
	snprintf(path, sizeof(path), "%s/state", dev->nodename);
	return xs_printf(XS_TX_NONE, path, "%d", s);
}

enum xenbus_state xenbus_otherend_state(struct xenbus_device *dev)
{
	uint64_t v;
	return xenbus_read_otherend(dev, "state", &v) || v > XENBUS_CLOSED
		   ? XENBUS_UNKNOWN
		   : (enum xenbus_state)v;
}

int xenbus_read_otherend(struct xenbus_device *dev, const char *node,
			 uint64_t *value)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dev->otherend, node);
	return xs_read_u64(XS_TX_NONE, path, value);
}

int xenbus_wait_otherend(struct xenbus_device *dev, unsigned mask,
			 uint64_t timeout_ns)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/state", dev->otherend);
	const char *token = dev->nodename;
	int rc = xs_watch(path, token);
	if (rc)
		return rc;
	mask |= 1u << XENBUS_CLOSING | 1u << XENBUS_CLOSED;
	int state;
	for (;;) {
		/* The watch fires once when set, then at each change. */
		rc = xs_wait_watch(token, timeout_ns);
		if (rc) {
			state = rc;
			break;
		}
		state = xenbus_otherend_state(dev);
		if (mask & (1u << state))
			break;
	}
	xs_unwatch(path, token);
	return state;
}

struct xenbus_device *xenbus_device_at(unsigned i)
{
	struct xenbus_device *d = devices;
	while (d && i--)
		d = d->next;
	return d;
}

static struct xenbus_driver *driver_for(const char *type)
{
	for (struct xenbus_driver *d = drivers; d; d = d->next)
		if (!strcmp(d->type, type))
			return d;
	return NULL;
}

/* Reads where the backend of device/<type>/<id> is; NULL when unusable. */
static struct xenbus_device *new_device(const char *type, const char *id)
{
	struct xenbus_device *dev = heap_calloc(1, sizeof(*dev));
	if (!dev)
		return NULL;
	snprintf(dev->nodename, sizeof(dev->nodename), "device/%s/%s", type,
		 id);
	char path[128];
	uint64_t domid;
	snprintf(path, sizeof(path), "%s/backend", dev->nodename);
	int rc =
	    xs_read(XS_TX_NONE, path, dev->otherend, sizeof(dev->otherend));
	if (rc > 0) {
		snprintf(path, sizeof(path), "%s/backend-id", dev->nodename);
		rc = xs_read_u64(XS_TX_NONE, path, &domid);
	} else if (rc == 0) {
		rc = -EINVAL;
	}
	if (rc < 0 || domid >= XEN_DOMID_SELF) {
		kprintf("xenbus: %s: no usable backend (%d)\n", dev->nodename,
			rc);
		heap_free(dev);
		return NULL;
	}
	dev->otherend_id = (xen_domid_t)domid;
	return dev;
}

static bool known(const char *type, const char *id)
{
	char name[64];
	snprintf(name, sizeof(name), "device/%s/%s", type, id);
	for (struct xenbus_device *d = devices; d; d = d->next)
		if (!strcmp(d->nodename, name))
			return true;
	return false;
}

static void probe_device(const char *type, const char *id)
{
	struct xenbus_driver *drv = driver_for(type);
	if (!drv || known(type, id))
		return; /* no frontend for it, or probed already */
	struct xenbus_device *dev = new_device(type, id);
	if (!dev)
		return;
	dev->driver = drv;
	if (drv->probe(dev)) {
		heap_free(dev);
		return;
	}
	*devices_tail = dev;
	devices_tail = &dev->next;
}

/* Calls fn for each name in a directory listing of n bytes. */
static void each_name(const char *list, int n, void (*fn)(const char *, void *),
		      void *arg)
{
	for (int i = 0; i < n; i += (int)strlen(list + i) + 1)
		if (list[i])
			fn(list + i, arg);
}

static void probe_id(const char *id, void *type)
{
	probe_device(type, id);
}

static void probe_type(const char *type, void *unused)
{
	(void)unused;
	char path[64];
	static char ids[DIR_MAX];
	snprintf(path, sizeof(path), "device/%s", type);
	int n = xs_directory(path, ids, sizeof(ids));
	if (n < 0) {
		kprintf("xenbus: cannot list %s (%d)\n", path, n);
		return;
	}
	char copy[DIR_MAX];
	memcpy(copy, ids, (size_t)n);
	each_name(copy, n, probe_id, (void *)type);
}

void xenbus_probe_all(void)
{
	static char types[DIR_MAX];
	int n = xs_directory("device", types, sizeof(types));
	if (n == -ENOENT)
		return; /* no devices */
	if (n < 0) {
		kprintf("xenbus: cannot list device/ (%d)\n", n);
		return;
	}
	char copy[DIR_MAX];
	memcpy(copy, types, (size_t)n);
	each_name(copy, n, probe_type, NULL);
}

static int xenbus_init(void)
{
	if (!xen_present())
		return -1;
	xenbus_probe_all();
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "xenbus", xenbus_init, DRIVER_HW_XEN,
		   0);
