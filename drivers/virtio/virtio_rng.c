/*
 * virtio-rng, the entropy device (VIRTIO 1.2, 5.4): one queue of
 * device-writable buffers that the device fills with random bytes.
 * The first device found becomes an entropy source (entropy.h) ahead
 * of the CPU's RDRAND.  A read hands the device one buffer and sleeps
 * until the queue's interrupt says it is filled; it polls instead when
 * the queue has no interrupt or the caller runs with interrupts off.
 * Readers take turns (a mutex-like wait queue), since there is one
 * buffer.
 */
#include <stdio.h>

#include "driver.h"
#include "entropy.h"
#include "irq.h"
#include "mm.h"
#include "thread.h"
#include "virtio.h"
#include "klog.h"

#define CHUNK 256
#define SPIN_LIMIT 100000000ULL

static struct virtq *queue;
static uint8_t *bounce;
static struct waitq wq = WAITQ_INIT; /* its lock guards what follows */
static bool busy;		     /* a reader owns the buffer */
static bool filled;		     /* the device gave the buffer back */
static uint32_t filled_len;
static bool lost; /* a polled read gave up: the buffer stays lent */

/* Takes what the device used; the caller holds wq.lock. */
static void collect_locked(void)
{
	uint32_t got;
	if (virtq_get(queue, &got)) {
		lost = false;
		filled = true;
		filled_len = got;
		waitq_wake_locked(&wq, 1 << 30);
	}
}

static void vrng_interrupt(struct virtq *vq)
{
	(void)vq;
	spin_lock_noirq(&wq.lock);
	collect_locked();
	spin_unlock_noirq(&wq.lock);
}

/* Waits with wq.lock held; false when a polled wait gave up. */
static bool wait_filled(unsigned long *flags)
{
	if (queue->irq && irq_flags_enabled(*flags)) {
		while (!filled)
			waitq_wait_locked(&wq, THREAD_NO_DEADLINE, false);
		return true;
	}
	for (uint64_t spins = 0; !filled; spins++) {
		if (spins == SPIN_LIMIT)
			return false;
		collect_locked();
		__asm__ volatile("pause");
	}
	return true;
}

static size_t vrng_read(void *buf, size_t len)
{
	if (len > CHUNK)
		len = CHUNK;
	unsigned long flags = spin_lock(&wq.lock);
	while (busy && irq_flags_enabled(flags))
		waitq_wait_locked(&wq, THREAD_NO_DEADLINE, false);
	if (lost)
		collect_locked();
	if (busy || lost) {
		spin_unlock(&wq.lock, flags);
		return 0;
	}
	busy = true;
	filled = false;
	struct virtq_buf b = {bounce, (uint32_t)len, true};
	size_t got = 0;
	if (!virtq_add(queue, &b, 1, bounce)) {
		virtq_kick(queue);
		if (wait_filled(&flags)) {
			got = filled_len < len ? filled_len : len;
			__builtin_memcpy(buf, bounce, got);
		} else {
			lost = true; /* the device still has the buffer */
		}
	}
	busy = false;
	waitq_wake_locked(&wq, 1 << 30);
	spin_unlock(&wq.lock, flags);
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
	virtq_set_handler(queue, vrng_interrupt, NULL);
	entropy_register(&vrng_source);
	kinfo("virtio-rng: entropy source at %s, %s\n", dev->where,
	      queue->irq ? "interrupts" : "polled");
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

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "virtio-rng", vrng_init,
		   DRIVER_HW_VIRTIO, 0);
