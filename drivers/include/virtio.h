/*
 * virtio (OASIS VIRTIO 1.2): the device model shared by the transports
 * (drivers/virtio/virtio_pci.c: the 1.0 PCI capabilities;
 * virtio_mmio.c: MMIO versions 1 (legacy) and 2) and the device drivers
 * (virtio_blk.c, ...).
 *
 * A transport finds a device and calls virtio_add_device(); a device
 * driver calls virtio_register_driver() from its init.  They meet in
 * either order.  The core then runs the initialisation of section 3.1:
 * reset, ACKNOWLEDGE, DRIVER, feature negotiation (FEATURES_OK read
 * back, except on legacy devices), the driver's probe (which sets up
 * its virtqueues), DRIVER_OK.  A device that refuses the features or
 * whose probe fails is set FAILED, logged and left alone.
 *
 * Virtqueues are split rings (section 2.7) laid out as a legacy device
 * needs them (one contiguous block, used ring page-aligned), so the same
 * code serves both kinds of devices.
 *
 * Interrupts: the transport routes the device's interrupts (MSI-X
 * vectors for the configuration and for each queue on PCI, INTx when
 * MSI-X is missing, the interrupt line on MMIO) and calls
 * virtq_interrupt() for the queues that may have used buffers; that
 * calls the handler the device driver set with virtq_set_handler(),
 * with interrupts disabled.  A queue the transport could give no
 * interrupt has irq false, and its driver polls.
 */
#ifndef DRIVERS_VIRTIO_H
#define DRIVERS_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

/* Reserved feature bits (6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_ENTROPY 4
#define VIRTIO_ID_SCSI 8
#define VIRTIO_ID_9P 9

#define VIRTIO_BIT(n) (1ULL << (n))
#define VIRTIO_MAX_QUEUES 8

struct virtio_device;
struct virtq;

/* What a transport does for the core; dev->transport is its state. */
struct virtio_transport {
	const char *name;
	uint8_t (*get_status)(struct virtio_device *dev);
	/* Writing 0 resets the device; returns when the reset is done. */
	void (*set_status)(struct virtio_device *dev, uint8_t status);
	uint64_t (*get_features)(struct virtio_device *dev);
	void (*set_features)(struct virtio_device *dev, uint64_t features);
	/* Largest queue size of queue idx, 0 when the queue is absent. */
	uint16_t (*queue_max)(struct virtio_device *dev, uint16_t idx);
	/* Tells the device where vq's rings are and enables it. */
	int (*queue_enable)(struct virtio_device *dev, struct virtq *vq);
	void (*notify)(struct virtio_device *dev, struct virtq *vq);
	/*
	 * Device-specific configuration, at offset off: len 2 is one 16-bit
	 * field, a multiple of 4 bytes 32-bit fields (each accessed with its
	 * width, virtio_field.h), anything else bytes.  Outside the device's
	 * window a read gives zeros, a write does nothing.
	 */
	void (*config_read)(struct virtio_device *dev, unsigned off, void *buf,
			    unsigned len);
	void (*config_write)(struct virtio_device *dev, unsigned off,
			     const void *buf, unsigned len);
};

struct virtio_driver;

struct virtio_device {
	uint32_t id;	/* VIRTIO_ID_* */
	bool legacy;	/* legacy interface: no VERSION_1, no FEATURES_OK */
	char where[32]; /* "pci 00:03.0", "mmio 0xfeb02e00", for messages */
	const struct virtio_transport *transport;
	void *transport_data;
	uint32_t irq;	    /* MMIO: the interrupt line (GSI) */
	uint32_t irq_flags; /* MMIO: its IRQ_LEVEL, IRQ_ACTIVE_LOW (irq.h) */
	uint64_t features;  /* negotiated */
	struct virtq *queues[VIRTIO_MAX_QUEUES]; /* by index, as created */
	const struct virtio_driver *driver;
	void *driver_data;
	struct virtio_device *next;
};

struct virtio_driver {
	const char *name;
	uint32_t device_id;
	uint64_t features; /* the device-specific bits the driver knows */
	/* Sets up queues and the device; 0 when it took the device. */
	int (*probe)(struct virtio_device *dev);
	/* Optional: called once the device is live (DRIVER_OK). */
	void (*ready)(struct virtio_device *dev);
	struct virtio_driver *next;
};

void virtio_add_device(struct virtio_device *dev);
void virtio_register_driver(struct virtio_driver *drv);

static inline bool virtio_has(const struct virtio_device *dev, unsigned bit)
{
	return dev->features & VIRTIO_BIT(bit);
}

/* Reads a device-specific configuration field consistently. */
void virtio_config_read(struct virtio_device *dev, unsigned off, void *buf,
			unsigned len);

/* One split virtqueue. */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4

struct virtq {
	struct virtio_device *dev;
	uint16_t index, size;
	struct virtq_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[size], used_event */
	volatile uint8_t *used;	  /* flags, idx, {id, len}[size], avail_event */
	uint64_t desc_pa, avail_pa, used_pa;
	uint16_t free_head, num_free, last_used, avail_idx, kicked_idx;
	void **cookies;		      /* per head descriptor */
	struct virtq_desc **indirect; /* per head: its indirect table */
	void *mem;
	unsigned mem_order;
	uint32_t notify_off; /* transport's: where to notify */
	bool irq;	     /* the transport delivers its interrupts */
	int vector;	     /* the vector they arrive on, or -1 */
	void (*handler)(struct virtq *vq);
	void *priv;	   /* the device driver's */
	uint64_t notifies; /* notifications sent to the device */
};

/* A piece of a request: device-readable (out) or device-writable. */
struct virtq_buf {
	void *addr; /* identity-mapped memory */
	uint32_t len;
	bool device_writes;
};

/*
 * Creates queue idx (< VIRTIO_MAX_QUEUES) with at most max_size entries
 * (0: the device's maximum) and hands it to the device.  Returns NULL
 * when the device lacks it or memory is short.
 */
struct virtq *virtq_create(struct virtio_device *dev, uint16_t idx,
			   uint16_t max_size);

/*
 * Sets what runs when the device may have used buffers of vq (from
 * interrupt context); priv is the driver's, kept in vq->priv.
 */
void virtq_set_handler(struct virtq *vq, void (*fn)(struct virtq *vq),
		       void *priv);

/* For the transports: the device signalled vq. */
void virtq_interrupt(struct virtq *vq);

/*
 * Adds a request of n buffers, device-readable ones first, with cookie
 * (not NULL) to be returned by virtq_get().  Uses one indirect
 * descriptor when negotiated and n > 1.  Returns 0; -ENOSPC when the
 * ring is full (try after virtq_get() returned something); -ENOMEM when
 * the indirect table could not be allocated (a completion need not
 * come); -EINVAL for no buffers or no cookie.
 */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n,
	      void *cookie);

/* Makes added requests visible and notifies the device if it wants. */
void virtq_kick(struct virtq *vq);

/*
 * The cookie of the next completed request (with the bytes the device
 * wrote in *len), or NULL when none has completed.
 */
void *virtq_get(struct virtq *vq, uint32_t *len);

/* Logs vq's indexes and what each side asked of the other. */
void virtq_describe(struct virtq *vq);

#endif
