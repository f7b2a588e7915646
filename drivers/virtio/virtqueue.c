/*
 * Split virtqueues (VIRTIO 1.2, 2.7).  One block of zeroed pages holds
 * the three parts, laid out as the legacy interface requires (2.7.2):
 *
 *   desc[size] (16 bytes each) | avail: flags idx ring[size] used_event
 *   | padding to 4 KiB | used: flags idx {id len}[size] avail_event
 *
 * Free descriptors form a list through their next fields.  A request of
 * several buffers takes one descriptor pointing at an indirect table
 * (2.7.5.3) when VIRTIO_F_INDIRECT_DESC was negotiated, else a chain.
 * With VIRTIO_F_EVENT_IDX (2.7.7, 2.7.10) the device's avail_event
 * decides whether a kick notifies, read after the new avail index is
 * published and a full fence; used_event is kept at the next entry to
 * consume, and the consumer re-reads the used index after storing it
 * and a full fence, so that an entry the device added meanwhile, which
 * raised no interrupt, is not left behind.  Without the feature every
 * kick notifies, whatever the device's NO_NOTIFY flag says (allowed:
 * the driver "should not" notify then).
 *
 * Not thread-safe: the caller serialises calls on one queue (a spinlock
 * that its interrupt handler takes too).
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "klog.h"
#include "mm.h"
#include "virtio.h"

#define ALIGN_USED 4096

static size_t avail_bytes(uint16_t size)
{
	return 6 + 2u * size;
}

static size_t used_offset(uint16_t size)
{
	size_t end = 16u * size + avail_bytes(size);
	return (end + ALIGN_USED - 1) & ~(size_t)(ALIGN_USED - 1);
}

static unsigned order_for(size_t bytes)
{
	unsigned order = 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/*
 * QEMU's TCG (7.2, Debian 12's) translates the guest's fences to
 * nothing when the machine has one vCPU (no CF_PARALLEL), though the
 * device runs in another host thread: the host CPU may then let the
 * load after a store pass it, and a notification or an interrupt is
 * lost (QEMU later fixed it: "tcg: Do not elide memory barriers for
 * !CF_PARALLEL in system mode").  Under TCG each fence is therefore
 * followed by an instruction that ends the translated block (popf), and
 * QEMU's loop between blocks does a host fence (an atomic exchange)
 * before it runs the next one.  A locked instruction would not do: it
 * too is translated without a host fence then.  QEMU's TCG names
 * itself in the hypervisor leaf; elsewhere the fence is enough.
 */
static int under_tcg = -1;

static bool is_tcg(void)
{
	struct cpuid_regs r = cpuid_hypervisor();
	return r.ebx == 0x54474354 && r.ecx == 0x43544743 &&
	       r.edx == 0x47435447; /* "TCGTCGTCGTCG" */
}

static void barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (under_tcg)
		__asm__ volatile("pushfq; popfq" ::: "memory");
}

static uint16_t used_idx(const struct virtq *vq)
{
	return *(volatile const uint16_t *)(vq->used + 2);
}

static bool alloc_ring(struct virtq *vq)
{
	size_t bytes = used_offset(vq->size) + 6 + 8u * vq->size;
	vq->mem_order = order_for(bytes);
	vq->mem = page_alloc(vq->mem_order);
	vq->cookies = heap_calloc(vq->size, sizeof(void *));
	vq->indirect = heap_calloc(vq->size, sizeof(void *));
	if (!vq->mem || !vq->cookies || !vq->indirect)
		return false;
	memset(vq->mem, 0, PAGE_SIZE << vq->mem_order);
	uint8_t *base = vq->mem;
	vq->desc = (struct virtq_desc *)base;
	vq->avail = (volatile uint16_t *)(base + 16u * vq->size);
	vq->used = base + used_offset(vq->size);
	vq->desc_pa = (uintptr_t)vq->desc;
	vq->avail_pa = (uintptr_t)vq->avail;
	vq->used_pa = (uintptr_t)vq->used;
	for (uint16_t i = 0; i + 1 < vq->size; i++)
		vq->desc[i].next = i + 1;
	vq->num_free = vq->size;
	return true;
}

static void free_ring(struct virtq *vq)
{
	if (vq->mem)
		page_free(vq->mem, vq->mem_order);
	heap_free(vq->cookies);
	heap_free(vq->indirect);
	heap_free(vq);
}

struct virtq *virtq_create(struct virtio_device *dev, uint16_t idx,
			   uint16_t max_size)
{
	if (idx >= VIRTIO_MAX_QUEUES)
		return NULL;
	if (under_tcg < 0) {
		under_tcg = is_tcg();
		if (under_tcg)
			kinfo("virtio: QEMU TCG: ring fences end the "
			      "translated block\n");
	}
	uint16_t size = dev->transport->queue_max(dev, idx);
	if (max_size && max_size < size)
		size = max_size;
	while (size & (size - 1))
		size &= size - 1; /* a power of two, as legacy devices need */
	if (!size)
		return NULL;
	struct virtq *vq = heap_calloc(1, sizeof(*vq));
	if (!vq)
		return NULL;
	vq->dev = dev;
	vq->index = idx;
	vq->size = size;
	vq->vector = -1;
	if (!alloc_ring(vq) || dev->transport->queue_enable(dev, vq)) {
		free_ring(vq);
		return NULL;
	}
	dev->queues[idx] = vq;
	return vq;
}

void virtq_set_handler(struct virtq *vq, void (*fn)(struct virtq *vq),
		       void *priv)
{
	vq->priv = priv;
	vq->handler = fn;
}

void virtq_interrupt(struct virtq *vq)
{
	if (vq->handler)
		vq->handler(vq);
}

static uint16_t take_desc(struct virtq *vq)
{
	uint16_t i = vq->free_head;
	vq->free_head = vq->desc[i].next;
	vq->num_free--;
	return i;
}

static void fill(struct virtq_desc *d, const struct virtq_buf *b, bool more,
		 uint16_t next)
{
	d->addr = (uintptr_t)b->addr;
	d->len = b->len;
	d->flags = (uint16_t)((b->device_writes ? VIRTQ_DESC_F_WRITE : 0) |
			      (more ? VIRTQ_DESC_F_NEXT : 0));
	d->next = more ? next : 0;
}

/* The request as one descriptor and an indirect table; -ENOMEM if no memory. */
static int add_indirect(struct virtq *vq, const struct virtq_buf *bufs,
			unsigned n, uint16_t *head)
{
	struct virtq_desc *table = heap_alloc(n * sizeof(*table));
	if (!table)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++)
		fill(&table[i], &bufs[i], i + 1 < n, (uint16_t)(i + 1));
	*head = take_desc(vq);
	struct virtq_desc *d = &vq->desc[*head];
	d->addr = (uintptr_t)table;
	d->len = (uint32_t)(n * sizeof(*table));
	d->flags = VIRTQ_DESC_F_INDIRECT;
	vq->indirect[*head] = table;
	return 0;
}

static void add_chain(struct virtq *vq, const struct virtq_buf *bufs,
		      unsigned n, uint16_t *head)
{
	*head = vq->free_head;
	for (unsigned i = 0; i < n; i++) {
		uint16_t d = take_desc(vq);
		fill(&vq->desc[d], &bufs[i], i + 1 < n, vq->free_head);
	}
	vq->indirect[*head] = NULL;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n,
	      void *cookie)
{
	bool indirect = n > 1 && virtio_has(vq->dev, VIRTIO_F_INDIRECT_DESC);
	uint16_t head;
	if (n == 0 || !cookie)
		return -EINVAL;
	if (vq->num_free < (indirect ? 1 : n))
		return -ENOSPC;
	if (indirect) {
		int rc = add_indirect(vq, bufs, n, &head);
		if (rc)
			return rc;
	} else {
		add_chain(vq, bufs, n, &head);
	}
	vq->cookies[head] = cookie;
	vq->avail[2 + vq->avail_idx % vq->size] = head;
	vq->avail_idx++;
	return 0;
}

static bool device_wants_notify(const struct virtq *vq)
{
	if (!virtio_has(vq->dev, VIRTIO_F_EVENT_IDX))
		return true;
	uint16_t event =
	    *(volatile const uint16_t *)(vq->used + 4 + 8u * vq->size);
	uint16_t new_idx = vq->avail_idx, old_idx = vq->kicked_idx;
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

void virtq_kick(struct virtq *vq)
{
	barrier(); /* descriptors and ring entries before the index */
	vq->avail[1] = vq->avail_idx;
	barrier(); /* the index before reading what the device wants */
	if (vq->avail_idx != vq->kicked_idx && device_wants_notify(vq)) {
		vq->dev->transport->notify(vq->dev, vq);
		vq->notifies++;
	}
	vq->kicked_idx = vq->avail_idx;
}

static void release(struct virtq *vq, uint16_t head)
{
	uint16_t last = head, count = 1;
	if (vq->indirect[head]) {
		heap_free(vq->indirect[head]);
		vq->indirect[head] = NULL;
	} else {
		while (vq->desc[last].flags & VIRTQ_DESC_F_NEXT) {
			last = vq->desc[last].next;
			count++;
		}
	}
	vq->desc[last].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += count;
}

void *virtq_get(struct virtq *vq, uint32_t *len)
{
	if (vq->last_used == used_idx(vq))
		return NULL;
	barrier(); /* the index before the entry it covers */
	const volatile uint8_t *e =
	    vq->used + 4 + 8u * (vq->last_used % vq->size);
	uint32_t id = *(const volatile uint32_t *)e;
	if (len)
		*len = *(const volatile uint32_t *)(e + 4);
	vq->last_used++;
	vq->avail[2 + vq->size] = vq->last_used; /* used_event */
	barrier(); /* used_event before the next read of the used index */
	if (id >= vq->size || !vq->cookies[id])
		return NULL; /* a device bug; the entry is dropped */
	void *cookie = vq->cookies[id];
	vq->cookies[id] = NULL;
	release(vq, (uint16_t)id);
	return cookie;
}

void virtq_describe(struct virtq *vq)
{
	uint16_t avail_event =
	    *(volatile const uint16_t *)(vq->used + 4 + 8u * vq->size);
	kprintf("virtq %u: avail %u (kicks asked from %u), used %u, "
		"consumed %u (interrupts asked from %u), %u descriptors "
		"free, %lu notifications\n",
		vq->index, vq->avail[1], avail_event, used_idx(vq),
		vq->last_used, vq->avail[2 + vq->size], vq->num_free,
		vq->notifies);
}
