/*
 * virtio_pci.c built whole for the host (virtio_transports.h).  What it
 * calls of the kernel is left out by the linker's section garbage
 * collection where nothing here reaches it, else stubbed below (the
 * transport's other functions, which the test does not call).
 */
#include <stdlib.h>

#include "../../drivers/virtio/virtio_pci.c"
#include "virtio_transports.h"

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	abort();
}

int pci_irq_vector(const struct pci_device *dev, unsigned i)
{
	(void)dev, (void)i;
	abort();
}

struct virtio_device *vpci_test_device(volatile uint8_t *common,
				       volatile uint8_t *config, uint32_t len)
{
	static struct vpci v;
	v.common = common;
	v.config = config;
	v.config_len = len;
	v.vdev.transport = &vpci_transport;
	v.vdev.transport_data = &v;
	return &v.vdev;
}
