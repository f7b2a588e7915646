/*
 * virtio-rng, the entropy device (VIRTIO 1.2, 5.4): one queue of
 * device-writable buffers that the device fills with random bytes.
 * The first device found becomes an entropy source (entropy.h) ahead
 * of the CPU's RDRAND.  Reads wait for the device by polling.
 */
#include <stdio.h>

#include "driver.h"
#include "entropy.h"
#include "mm.h"
#include "virtio.h"
#include "klog.h"

#define CHUNK 256
#define SPIN_LIMIT 100000000ULL

static struct virtq *queue;
static uint8_t *bounce;

static size_t vrng_read(void *buf, size_t len)
{
	if (len > CHUNK)
		len = CHUNK;
	struct virtq_buf b = {bounce, (uint32_t)len, true};
	if (virtq_add(queue, &b, 1, bounce))
		return 0;
	virtq_kick(queue);
	uint32_t got = 0;
	for (uint64_t spins = 0; !virtq_get(queue, &got); spins++) {
		if (spins == SPIN_LIMIT)
			return 0; /* the buffer stays with the device */
		__asm__ volatile("pause");
	}
	if (got > len)
		got = (uint32_t)len;
	__builtin_memcpy(buf, bounce, got);
	return got;
}

static const struct entropy_source vrng_source = {
    .name = "virtio-rng",
    .priority = 10,
    .read = vrng_read,
};

static int vrng_probe(struct virtio_device *dev)
{
	if (queue)
		return -1; /* one source is enough */
	bounce = heap_alloc(CHUNK);
	queue = bounce ? virtq_create(dev, 0, 8) : NULL;
	if (!queue) {
		heap_free(bounce);
		return -1;
	}
	entropy_register(&vrng_source);
	kinfo("virtio-rng: entropy source at %s\n", dev->where);
	return 0;
}

static struct virtio_driver vrng_driver = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_ENTROPY,
    .probe = vrng_probe,
};

static int vrng_init(void)
{
	virtio_register_driver(&vrng_driver);
	return 0;
}

DRIVER_REGISTER(DRIVER_LEVEL_DEVICE, "virtio-rng", vrng_init);
