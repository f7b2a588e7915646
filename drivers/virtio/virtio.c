/*
 * The virtio core: devices from the transports meet drivers, and each
 * match goes through the initialisation of VIRTIO 1.2, 3.1.1.  The
 * driver is offered the device-specific feature bits it lists plus the
 * ring features it uses (indirect descriptors, the event index) and, on
 * a modern device, VERSION_1, which a modern device must offer.  A
 * failure at any step is logged, the device set FAILED and left to no
 * one.
 */

#include "klog.h"
#include "virtio.h"

/*
 * The ring features virtqueue.c implements: indirect descriptors and
 * the event index, which spares notifications while the device is
 * busy and interrupts for completions the driver will collect anyway.
 */
#define RING_FEATURES                                                          \
	(VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX))

/* In discovery order, so that disks are numbered as the machine lists them. */
static struct virtio_device *devices, **devices_end = &devices;
static struct virtio_driver *drivers;

static void add_status(struct virtio_device *dev, uint8_t bits)
{
	const struct virtio_transport *t = dev->transport;
	t->set_status(dev, (uint8_t)(t->get_status(dev) | bits));
}

static void fail(struct virtio_device *dev, const char *why)
{
	kprintf("virtio: %s (device %u at %s): %s, skipped\n",
		dev->driver ? dev->driver->name : "?", dev->id, dev->where,
		why);
	add_status(dev, VIRTIO_STATUS_FAILED);
	dev->driver = NULL;
}

static bool negotiate(struct virtio_device *dev,
		      const struct virtio_driver *drv)
{
	const struct virtio_transport *t = dev->transport;
	uint64_t offered = t->get_features(dev);
	uint64_t wanted = drv->features | RING_FEATURES;
	if (!dev->legacy) {
		if (!(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
			fail(dev, "a modern device without VERSION_1");
			return false;
		}
		wanted |= VIRTIO_BIT(VIRTIO_F_VERSION_1);
	} else {
		wanted &= 0xffffffffu; /* legacy: 32 feature bits */
	}
	dev->features = offered & wanted;
	t->set_features(dev, dev->features);
	if (dev->legacy)
		return true;
	add_status(dev, VIRTIO_STATUS_FEATURES_OK);
	if (!(t->get_status(dev) & VIRTIO_STATUS_FEATURES_OK)) {
		fail(dev, "the device refused the features");
		return false;
	}
	return true;
}

static void attach(struct virtio_device *dev, struct virtio_driver *drv)
{
	const struct virtio_transport *t = dev->transport;
	dev->driver = drv;
	t->set_status(dev, 0);
	add_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	add_status(dev, VIRTIO_STATUS_DRIVER);
	if (!negotiate(dev, drv))
		return;
	if (drv->probe(dev)) {
		fail(dev, "the driver's probe failed");
		return;
	}
	add_status(dev, VIRTIO_STATUS_DRIVER_OK);
	if (t->get_status(dev) & VIRTIO_STATUS_NEEDS_RESET)
		fail(dev, "the device needs a reset");
	else if (drv->ready)
		drv->ready(dev);
}

static void match(struct virtio_device *dev)
{
	for (struct virtio_driver *drv = drivers; drv && !dev->driver;
	     drv = drv->next)
		if (drv->device_id == dev->id)
			attach(dev, drv);
}

void virtio_add_device(struct virtio_device *dev)
{
	dev->next = NULL;
	*devices_end = dev;
	devices_end = &dev->next;
	match(dev);
}

void virtio_register_driver(struct virtio_driver *drv)
{
	drv->next = drivers;
	drivers = drv;
	for (struct virtio_device *dev = devices; dev; dev = dev->next)
		if (!dev->driver && dev->id == drv->device_id)
			attach(dev, drv);
}

void virtio_config_read(struct virtio_device *dev, unsigned off, void *buf,
			unsigned len)
{
	dev->transport->config_read(dev, off, buf, len);
}
