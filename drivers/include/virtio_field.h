/*
 * Device configuration fields as the virtio transports access them
 * (drivers/virtio/virtio_pci.c, virtio_mmio.c): each field with
 * accesses of its own width, as VIRTIO 1.2 asks (4.1.3.1: 16-bit
 * accesses for 16-bit fields, 32-bit for 32-bit ones, a 64-bit field as
 * two 32-bit halves).  A device may act on each access, so a 32-bit
 * field written a byte at a time would be seen in four torn states.
 */
#ifndef DRIVERS_VIRTIO_FIELD_H
#define DRIVERS_VIRTIO_FIELD_H

#include <stdint.h>

/*
 * len bytes at p (mapped device memory) into buf, or buf's len bytes to
 * p: 2 bytes with one 16-bit access, a multiple of 4 with 32-bit ones,
 * anything else (a MAC address, a tag) byte by byte.
 */
void virtio_field_read(const volatile uint8_t *p, void *buf, unsigned len);
void virtio_field_write(volatile uint8_t *p, const void *buf, unsigned len);

#endif
