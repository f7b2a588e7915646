/*
 * drivers/virtio/virtio.c and virtqueue.c on the host, against a fake
 * transport and a fake device that consumes the rings: device
 * initialisation and feature negotiation (legacy and modern), the
 * misbehaving devices that must be skipped (no VERSION_1, features
 * refused, no queue), and the split ring: indirect tables and chains,
 * a full ring, the free list after many requests, notification
 * suppression with and without the event index, a used entry with a
 * bad id.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klog.h"
#include "mm.h"
#include "tap.h"
#include "virtio.h"

/* The kernel's messages (virtio.c reports failures) go to stdout here. */
int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void kinfo(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void mm_corruption(const char *what, const void *p)
{
	printf("# mm corruption: %s at %p\n", what, p);
	abort();
}

struct fake {
	struct virtio_device vdev;
	uint8_t status;
	uint64_t offered, accepted;
	bool refuse_features;
	uint16_t qmax;
	struct virtq *vq;
	unsigned notifies;
};

static struct fake *of(struct virtio_device *d)
{
	return (struct fake *)d;
}

static uint8_t f_get_status(struct virtio_device *d)
{
	return of(d)->status;
}

static void f_set_status(struct virtio_device *d, uint8_t s)
{
	if (of(d)->refuse_features)
		s &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
	of(d)->status = s;
}

static uint64_t f_get_features(struct virtio_device *d)
{
	return of(d)->offered;
}

static void f_set_features(struct virtio_device *d, uint64_t f)
{
	of(d)->accepted = f;
}

static uint16_t f_queue_max(struct virtio_device *d, uint16_t idx)
{
	return idx == 0 ? of(d)->qmax : 0;
}

static int f_queue_enable(struct virtio_device *d, struct virtq *vq)
{
	of(d)->vq = vq;
	return 0;
}

static void f_notify(struct virtio_device *d, struct virtq *vq)
{
	(void)vq;
	of(d)->notifies++;
}

static void f_config_read(struct virtio_device *d, unsigned off, void *buf,
			  unsigned len)
{
	(void)d;
	(void)off;
	memset(buf, 0, len);
}

static const struct virtio_transport fake_transport = {
    "fake",	 f_get_status,	 f_set_status, f_get_features, f_set_features,
    f_queue_max, f_queue_enable, f_notify,     f_config_read,  NULL,
};

static unsigned probes;

static int fake_probe(struct virtio_device *dev)
{
	probes++;
	return virtq_create(dev, 0, 8) ? 0 : -1;
}

static struct virtio_driver fake_driver = {
    .name = "fake-drv",
    .device_id = 42,
    .features = VIRTIO_BIT(5),
    .probe = fake_probe,
};

static struct fake *new_device(bool legacy, uint64_t offered, uint16_t qmax)
{
	struct fake *f = calloc(1, sizeof(*f));
	f->vdev.id = 42;
	f->vdev.legacy = legacy;
	f->vdev.transport = &fake_transport;
	f->vdev.transport_data = f;
	snprintf(f->vdev.where, sizeof(f->vdev.where), "fake");
	f->offered = offered;
	f->qmax = qmax;
	return f;
}

#define RING                                                                   \
	(VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX))
#define STATUS_OK                                                              \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |                    \
	 VIRTIO_STATUS_DRIVER_OK)

static void test_init(void)
{
	struct fake *late = new_device(false, VIRTIO_BIT(32) | RING, 8);
	virtio_add_device(&late->vdev);
	TAP_OK(!late->vdev.driver && probes == 0,
	       "a device waits for its driver");
	virtio_register_driver(&fake_driver);
	TAP_OK(late->vdev.driver == &fake_driver &&
		   late->status == (STATUS_OK | VIRTIO_STATUS_FEATURES_OK),
	       "the driver registered later takes it: status 0x%x",
	       late->status);

	struct fake *leg = new_device(
	    true,
	    VIRTIO_BIT(5) | VIRTIO_BIT(7) | VIRTIO_BIT(28) | VIRTIO_BIT(40), 8);
	virtio_add_device(&leg->vdev);
	TAP_OK(leg->status == STATUS_OK &&
		   leg->accepted == (VIRTIO_BIT(5) | VIRTIO_BIT(28)),
	       "legacy: no FEATURES_OK, 32 bits, only known features "
	       "(0x%lx)",
	       (unsigned long)leg->accepted);

	struct fake *mod = new_device(
	    false, VIRTIO_BIT(32) | VIRTIO_BIT(5) | VIRTIO_BIT(40) | RING, 8);
	virtio_add_device(&mod->vdev);
	TAP_OK(mod->accepted == (VIRTIO_BIT(32) | VIRTIO_BIT(5) | RING),
	       "modern: VERSION_1, indirect descriptors, the event index "
	       "and the driver's (0x%lx)",
	       (unsigned long)mod->accepted);

	unsigned before = probes;
	struct fake *nov1 = new_device(false, VIRTIO_BIT(5), 8);
	virtio_add_device(&nov1->vdev);
	TAP_OK((nov1->status & VIRTIO_STATUS_FAILED) && probes == before &&
		   !nov1->vdev.driver,
	       "a modern device without VERSION_1 is failed and skipped");

	struct fake *refuse = new_device(false, VIRTIO_BIT(32), 8);
	refuse->refuse_features = true;
	virtio_add_device(&refuse->vdev);
	TAP_OK((refuse->status & VIRTIO_STATUS_FAILED) && probes == before &&
		   !refuse->vdev.driver,
	       "a device refusing the features is failed and skipped");

	struct fake *noq = new_device(false, VIRTIO_BIT(32), 0);
	virtio_add_device(&noq->vdev);
	TAP_OK((noq->status & VIRTIO_STATUS_FAILED) &&
		   !(noq->status & VIRTIO_STATUS_DRIVER_OK) &&
		   !noq->vdev.driver,
	       "a device whose queue has size 0 is failed and skipped");
}

/* The fake device: completes every available request, in order. */
static unsigned device_run(struct virtq *vq, uint16_t *seen)
{
	unsigned n = 0;
	volatile uint16_t *used_idx = (volatile uint16_t *)(vq->used + 2);
	while (*seen != vq->avail[1]) {
		uint16_t head = vq->avail[2 + *seen % vq->size];
		struct virtq_desc *d = &vq->desc[head], *table = vq->desc;
		uint32_t written = 0;
		if (d->flags & VIRTQ_DESC_F_INDIRECT) {
			table = (struct virtq_desc *)(uintptr_t)d->addr;
			d = table;
		}
		for (;;) {
			if (d->flags & VIRTQ_DESC_F_WRITE) {
				memset((void *)(uintptr_t)d->addr, 0xab,
				       d->len);
				written += d->len;
			}
			if (!(d->flags & VIRTQ_DESC_F_NEXT))
				break;
			d = &table[d->next];
		}
		uint8_t *e =
		    (uint8_t *)vq->used + 4 + 8 * (*used_idx % vq->size);
		uint32_t id = head;
		memcpy(e, &id, 4);
		memcpy(e + 4, &written, 4);
		(*used_idx)++;
		(*seen)++;
		n++;
	}
	return n;
}

static int add3(struct virtq *vq, void *cookie)
{
	static uint8_t hdr[16], data[512], status;
	struct virtq_buf b[3] = {{hdr, sizeof(hdr), false},
				 {data, sizeof(data), true},
				 {&status, 1, true}};
	return virtq_add(vq, b, 3, cookie);
}

static void test_ring(bool indirect)
{
	struct fake *f =
	    new_device(false, VIRTIO_BIT(32) | (indirect ? RING : 0), 8);
	virtio_add_device(&f->vdev);
	struct virtq *vq = f->vq;
	const char *kind = indirect ? "indirect" : "chained";
	unsigned fit = 0;
	while (add3(vq, (void *)(uintptr_t)(fit + 1)) == 0)
		fit++;
	TAP_OK(fit == (indirect ? 8u : 2u),
	       "%s: %u three-buffer requests fit a ring of 8", kind, fit);
	virtq_kick(vq);
	uint16_t seen = 0;
	device_run(vq, &seen);
	uint32_t len;
	unsigned got = 0, in_order = 1;
	void *c;
	while ((c = virtq_get(vq, &len))) {
		got++;
		in_order &= (uintptr_t)c == got && len == 513;
	}
	TAP_OK(got == fit && in_order && vq->num_free == 8,
	       "%s: all complete, in order, with the bytes written", kind);

	unsigned ok = 0;
	for (unsigned i = 1; i <= 1000; i++) {
		unsigned k = i % 3 + 1;
		for (unsigned j = 0; j < k; j++)
			add3(vq, (void *)(uintptr_t)i);
		virtq_kick(vq);
		device_run(vq, &seen);
		while (virtq_get(vq, NULL))
			;
		ok += vq->num_free == 8;
	}
	TAP_OK(ok == 1000, "%s: the free list survives 1000 rounds", kind);
}

static void test_notify(void)
{
	struct fake *f = new_device(false, VIRTIO_BIT(32) | RING, 8);
	virtio_add_device(&f->vdev);
	struct virtq *vq = f->vq;
	volatile uint16_t *avail_event =
	    (volatile uint16_t *)(vq->used + 4 + 8 * vq->size);
	uint16_t seen = 0;
	*avail_event = 0;
	add3(vq, (void *)1);
	virtq_kick(vq);
	TAP_OK(f->notifies == 1, "event index: a kick past avail_event "
				 "notifies");
	*avail_event = 100;
	add3(vq, (void *)2);
	virtq_kick(vq);
	TAP_OK(f->notifies == 1, "event index: a kick before avail_event "
				 "does not");
	virtq_kick(vq);
	TAP_OK(f->notifies == 1, "a kick with nothing new does not notify");
	device_run(vq, &seen);
	while (virtq_get(vq, NULL))
		;
	TAP_OK(vq->avail[2 + vq->size] == 2, "used_event follows the "
					     "completions");

	struct fake *g = new_device(false, VIRTIO_BIT(32), 8);
	virtio_add_device(&g->vdev);
	*(volatile uint16_t *)g->vq->used = 1; /* VRING_USED_F_NO_NOTIFY */
	add3(g->vq, (void *)1);
	virtq_kick(g->vq);
	*(volatile uint16_t *)g->vq->used = 0;
	add3(g->vq, (void *)2);
	virtq_kick(g->vq);
	TAP_OK(g->notifies == 2, "without the event index every kick "
				 "notifies, NO_NOTIFY or not (%u)",
	       g->notifies);

	/* a used entry naming a descriptor that is not a request head */
	volatile uint16_t *used_idx = (volatile uint16_t *)(g->vq->used + 2);
	uint8_t *e = (uint8_t *)g->vq->used + 4;
	uint32_t bad = 7;
	memcpy(e, &bad, 4);
	(*used_idx)++;
	TAP_OK(virtq_get(g->vq, NULL) == NULL, "a used entry with a bad id "
					       "is dropped");
}

int main(void)
{
	size_t bytes = 16 << 20;
	void *ram = aligned_alloc(1 << 21, bytes);
	page_alloc_add_range((uintptr_t)ram, (uintptr_t)ram + bytes);
	test_init();
	test_ring(true);
	test_ring(false);
	test_notify();
	return tap_done();
}
