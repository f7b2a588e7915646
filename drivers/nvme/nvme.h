/*
 * The NVMe driver's own interface between its files: nvme.c brings a
 * controller up (registers, admin queue, Identify, namespaces), nvme_io.c
 * moves blkdev requests through the I/O queue pair.  Section numbers are
 * the NVM Express Base Specification 2.0's.
 */
#ifndef DRIVERS_NVME_H
#define DRIVERS_NVME_H

#include <stdbool.h>
#include <stdint.h>

#include "blkdev.h"
#include "platform.h"
#include "spinlock.h"

#define PAGE 4096u
#define MAX_BYTES (128u * 1024)
#define PRP_LIST_BYTES (MAX_BYTES / PAGE * 8)
#define QDEPTH 63u /* I/O slots; the queues have one more entry: a page */
#define PRP_LISTS_ORDER 2 /* QDEPTH lists of PRP_LIST_BYTES */
#define ADMIN_QSIZE 8u
#define MAX_NAMESPACES 16u

/* Controller registers (3.1.4). */
#define REG_CAP 0x00
#define REG_CC 0x14
#define REG_CSTS 0x1c
#define REG_AQA 0x24
#define REG_ASQ 0x28
#define REG_ACQ 0x30
#define REG_DOORBELLS 0x1000

#define CC_EN 0x1u
#define CC_SHN_NORMAL (1u << 14)
#define CC_IOSQES (6u << 16) /* 64-byte entries */
#define CC_IOCQES (4u << 20) /* 16-byte entries */
#define CSTS_RDY 0x1u
#define CSTS_CFS 0x2u
#define CSTS_SHST_MASK (3u << 2)
#define CSTS_SHST_COMPLETE (2u << 2)

#define CNS_NAMESPACE 0
#define CNS_CONTROLLER 1
#define CNS_ACTIVE_LIST 2

struct sqe {
	uint32_t cdw0; /* opcode | command id << 16 */
	uint32_t nsid;
	uint64_t reserved, mptr, prp1, prp2;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};

struct cqe {
	uint32_t result, reserved;
	uint16_t sq_head, sq_id, cid;
	uint16_t status; /* phase in bit 0 */
};

struct queue {
	struct sqe *sq;
	volatile struct cqe *cq;
	volatile uint32_t *sq_doorbell, *cq_doorbell;
	uint16_t size, sq_tail, cq_head;
	uint16_t phase;
};

struct nvme_ns;

struct slot {
	struct blk_request *req; /* NULL: free */
	struct nvme_ns *ns;
	uint64_t *prp_list;
};

struct nvme {
	struct pci_device *pci;
	volatile uint8_t *regs;
	unsigned stride; /* doorbell stride, bytes */
	uint64_t timeout_ns;
	uint64_t shutdown_ns; /* nvme_shutdown_bound_ns() */
	struct queue admin, io;
	struct spinlock lock;
	/* Namespaces whose one request waits for a slot (nvme_io.c). */
	struct nvme_ns *parked, **parked_tail;
	struct nvme *next; /* every controller, for the shutdown */
	bool shut; /* shut down: I/O refused (undefined after 3.6.1's SHN) */
	bool io_ready;
	uint32_t max_sectors; /* 512-byte sectors per request */
	bool write_cache;
	int vector;
	struct slot slots[QDEPTH];
};

struct nvme_ns {
	struct blkdev blk;
	struct nvme *ctrl;
	uint32_t nsid;
	unsigned shift; /* log2 of the LBA size over 512 */
	/* Under the controller's lock: */
	unsigned busy;		    /* requests in slots or parked */
	struct blk_request *parked; /* waiting for a slot */
	struct nvme_ns *next_parked;
	bool said_shut; /* a request after the shutdown was logged */
};

/*
 * Queue rings (3.3): the host fills SQ entries and rings the SQ tail
 * doorbell; the device posts CQ entries, which the host recognises by
 * their phase bit and releases through the CQ head doorbell.
 */

static inline void queue_push(struct queue *q, const struct sqe *e)
{
	q->sq[q->sq_tail] = *e;
	q->sq_tail = (uint16_t)((q->sq_tail + 1) % q->size);
	/*
	 * x86 keeps stores to memory before a later store to uncached MMIO;
	 * only the compiler must not move the entry past the doorbell.
	 * Under TCG the doorbell traps to QEMU, whose lock fences before
	 * its device model reads the entry, so TCG's elided fences
	 * (virtqueue.c) do not matter here.
	 */
	__asm__ volatile("" ::: "memory");
	mmio_write32(q->sq_doorbell, q->sq_tail);
}

/* The next completion, or NULL; queue_pop() consumes it. */
static inline volatile struct cqe *queue_peek(struct queue *q)
{
	volatile struct cqe *e = &q->cq[q->cq_head];
	if ((e->status & 1) != q->phase)
		return NULL;
	__asm__ volatile("" ::: "memory");
	return e;
}

static inline void queue_pop(struct queue *q)
{
	if (++q->cq_head == q->size) {
		q->cq_head = 0;
		q->phase ^= 1;
	}
}

/* The status field (4.2.3): code, and type << 8. */
static inline unsigned status_of(volatile struct cqe *e)
{
	return (e->status >> 1) & 0x7ff;
}

/* The blkdev operations of every namespace (nvme_io.c). */
extern const struct blkdev_ops nvme_ops;

/* Completes the I/O queue's finished requests; the MSI-X handler. */
void nvme_interrupt(void *arg);

#endif
