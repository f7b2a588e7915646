/*
 * virtio_mmio.c built whole for the host (virtio_transports.h); what it
 * calls of the kernel is left out by the linker's section garbage
 * collection where nothing here reaches it, else stubbed in
 * virtio_transport_pci.c.
 */
#include "../../drivers/virtio/virtio_mmio.c"
#include "virtio_transports.h"

struct virtio_device *vmmio_test_device(volatile uint8_t *regs, uint64_t size)
{
	static struct vmmio v;
	v.regs = regs;
	v.size = size;
	v.version = 2;
	v.vdev.transport = &vmmio_transport;
	v.vdev.transport_data = &v;
	return &v.vdev;
}
