/*
 * The virtio transports' own configuration functions, built for the
 * host against the recording accessors of mmio_log/platform.h
 * (test_virtio_field.c): each file includes its transport's source and
 * makes a device whose registers are ordinary memory.
 */
#ifndef TESTS_HOST_VIRTIO_TRANSPORTS_H
#define TESTS_HOST_VIRTIO_TRANSPORTS_H

#include <stdint.h>

#include "virtio.h"

/*
 * A modern PCI device (virtio_pci.c) whose device configuration window
 * is config, len bytes; common is its common configuration window.
 */
struct virtio_device *vpci_test_device(volatile uint8_t *common,
				       volatile uint8_t *config, uint32_t len);

/*
 * A version 2 MMIO device (virtio_mmio.c) whose registers are regs, size
 * bytes: its device configuration at regs + 0x100.
 */
struct virtio_device *vmmio_test_device(volatile uint8_t *regs, uint64_t size);

#endif
