/*
 * The virtio PCI transport, modern interface (VIRTIO 1.2, 4.1): vendor
 * 0x1af4, devices 0x1040 + id, or transitional 0x1000-0x103f with the
 * id in the subsystem id.  The device's registers are found through its
 * vendor-specific capabilities (4.1.4): common configuration,
 * notifications, ISR status and device configuration, each a window of
 * a memory BAR.  A device without them (legacy-only) is skipped.
 *
 * Interrupts: MSI-X when the device has it (4.1.4.3, 4.1.5.1.2): table
 * entry 0 for configuration changes, entry 1 + i for queue i; with too
 * few entries for that, queues share entries 1.. in turn, or all share
 * entry 0.  Without MSI-X, INTx through the I/O APIC, whose handler
 * reads the ISR status (reading it drops the line).  A queue whose
 * vector the device does not take (it reads back NO_VECTOR) is polled.
 */
#include <stdio.h>

#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "pci.h"
#include "platform.h"
#include "virtio.h"
#include "virtio_field.h"

#define VENDOR_VIRTIO 0x1af4
#define CAP_COMMON 1
#define CAP_NOTIFY 2
#define CAP_ISR 3
#define CAP_DEVICE 4

/* Common configuration registers (4.1.4.3). */
#define DEVICE_FEATURE_SELECT 0
#define DEVICE_FEATURE 4
#define DRIVER_FEATURE_SELECT 8
#define DRIVER_FEATURE 12
#define MSIX_CONFIG 16
#define DEVICE_STATUS 20
#define CONFIG_GENERATION 21
#define QUEUE_SELECT 22
#define QUEUE_SIZE 24
#define QUEUE_MSIX_VECTOR 26
#define QUEUE_ENABLE 28
#define QUEUE_NOTIFY_OFF 30
#define QUEUE_DESC 32
#define QUEUE_DRIVER 40
#define QUEUE_DEVICE 48
#define NO_VECTOR 0xffff
#define ISR_QUEUE 0x1

struct vpci;

/* What an MSI-X entry's handler gets. */
struct vpci_entry {
	struct vpci *v;
	unsigned entry;
};

struct vpci {
	struct virtio_device vdev;
	struct pci_device *pci;
	volatile uint8_t *common, *notify, *isr, *config;
	uint32_t notify_mult, config_len;
	unsigned msix_entries; /* 0: INTx (or nothing) */
	bool intx;
	struct vpci_entry entries[PCI_MAX_VECTORS];
};

static struct vpci *of(struct virtio_device *dev)
{
	return dev->transport_data;
}

static uint8_t vpci_get_status(struct virtio_device *dev)
{
	return mmio_read8(of(dev)->common + DEVICE_STATUS);
}

static void vpci_set_status(struct virtio_device *dev, uint8_t status)
{
	mmio_write8(of(dev)->common + DEVICE_STATUS, status);
	if (status == 0)
		while (mmio_read8(of(dev)->common + DEVICE_STATUS))
			__asm__ volatile("pause");
}

static uint64_t vpci_get_features(struct virtio_device *dev)
{
	volatile uint8_t *c = of(dev)->common;
	mmio_write32(c + DEVICE_FEATURE_SELECT, 0);
	uint64_t lo = mmio_read32(c + DEVICE_FEATURE);
	mmio_write32(c + DEVICE_FEATURE_SELECT, 1);
	return lo | (uint64_t)mmio_read32(c + DEVICE_FEATURE) << 32;
}

static void vpci_set_features(struct virtio_device *dev, uint64_t features)
{
	volatile uint8_t *c = of(dev)->common;
	mmio_write32(c + DRIVER_FEATURE_SELECT, 0);
	mmio_write32(c + DRIVER_FEATURE, (uint32_t)features);
	mmio_write32(c + DRIVER_FEATURE_SELECT, 1);
	mmio_write32(c + DRIVER_FEATURE, (uint32_t)(features >> 32));
}

static uint16_t vpci_queue_max(struct virtio_device *dev, uint16_t idx)
{
	volatile uint8_t *c = of(dev)->common;
	mmio_write16(c + QUEUE_SELECT, idx);
	return mmio_read16(c + QUEUE_SIZE);
}

static void write64(volatile uint8_t *p, uint64_t v)
{
	mmio_write32(p, (uint32_t)v);
	mmio_write32(p + 4, (uint32_t)(v >> 32));
}

/* The MSI-X entry of queue idx. */
static unsigned queue_entry(const struct vpci *v, unsigned idx)
{
	return v->msix_entries < 2 ? 0 : 1 + idx % (v->msix_entries - 1);
}

/* Gives vq its MSI-X entry (and the configuration entry 0). */
static void set_queue_vector(struct vpci *v, struct virtq *vq)
{
	volatile uint8_t *c = v->common;
	unsigned entry = queue_entry(v, vq->index);
	mmio_write16(c + MSIX_CONFIG, 0);
	mmio_write16(c + QUEUE_MSIX_VECTOR, (uint16_t)entry);
	if (mmio_read16(c + QUEUE_MSIX_VECTOR) != entry) {
		kprintf("virtio-pci: %s: queue %u refused MSI-X entry %u, "
			"polled\n",
			v->vdev.where, vq->index, entry);
		return;
	}
	vq->irq = true;
	vq->vector = pci_irq_vector(v->pci, entry);
}

static int vpci_queue_enable(struct virtio_device *dev, struct virtq *vq)
{
	struct vpci *v = of(dev);
	volatile uint8_t *c = v->common;
	mmio_write16(c + QUEUE_SELECT, vq->index);
	mmio_write16(c + QUEUE_SIZE, vq->size);
	if (v->msix_entries) {
		set_queue_vector(v, vq);
	} else if (v->intx) {
		vq->irq = true;
		vq->vector = pci_irq_vector(v->pci, 0);
	}
	write64(c + QUEUE_DESC, vq->desc_pa);
	write64(c + QUEUE_DRIVER, vq->avail_pa);
	write64(c + QUEUE_DEVICE, vq->used_pa);
	vq->notify_off = mmio_read16(c + QUEUE_NOTIFY_OFF);
	mmio_write16(c + QUEUE_ENABLE, 1);
	return 0;
}

static void vpci_notify(struct virtio_device *dev, struct virtq *vq)
{
	struct vpci *v = of(dev);
	mmio_write16(v->notify + vq->notify_off * v->notify_mult, vq->index);
}

static void vpci_config_read(struct virtio_device *dev, unsigned off, void *buf,
			     unsigned len)
{
	struct vpci *v = of(dev);
	if (off + len > v->config_len) {
		__builtin_memset(buf, 0, len);
		return;
	}
	uint8_t gen;
	do {
		gen = mmio_read8(v->common + CONFIG_GENERATION);
		virtio_field_read(v->config + off, buf, len);
	} while (gen != mmio_read8(v->common + CONFIG_GENERATION));
}

static void vpci_config_write(struct virtio_device *dev, unsigned off,
			      const void *buf, unsigned len)
{
	struct vpci *v = of(dev);
	if (off + len <= v->config_len)
		virtio_field_write(v->config + off, buf, len);
}

static const struct virtio_transport vpci_transport = {
    .name = "pci",
    .get_status = vpci_get_status,
    .set_status = vpci_set_status,
    .get_features = vpci_get_features,
    .set_features = vpci_set_features,
    .queue_max = vpci_queue_max,
    .queue_enable = vpci_queue_enable,
    .notify = vpci_notify,
    .config_read = vpci_config_read,
    .config_write = vpci_config_write,
};

/* Maps the window a capability describes; *len gets its length. */
static volatile uint8_t *map_cap(struct pci_device *pci, unsigned cap,
				 uint32_t *len)
{
	uint8_t bar = pci_read8(pci, cap + 4);
	uint32_t off = pci_read32(pci, cap + 8);
	*len = pci_read32(pci, cap + 12);
	return pci_map_bar(pci, bar, off, *len);
}

/* Finds and maps the four windows; false when one is missing. */
static bool find_windows(struct vpci *v)
{
	struct pci_device *pci = v->pci;
	uint32_t len;
	for (unsigned cap = pci_find_cap(pci, PCI_CAP_VENDOR, 0); cap;
	     cap = pci_find_cap(pci, PCI_CAP_VENDOR, cap)) {
		uint8_t type = pci_read8(pci, cap + 3);
		if (type == CAP_COMMON && !v->common)
			v->common = map_cap(pci, cap, &len);
		else if (type == CAP_ISR && !v->isr)
			v->isr = map_cap(pci, cap, &len);
		else if (type == CAP_DEVICE && !v->config)
			v->config = map_cap(pci, cap, &v->config_len);
		else if (type == CAP_NOTIFY && !v->notify) {
			v->notify = map_cap(pci, cap, &len);
			v->notify_mult = pci_read32(pci, cap + 16);
		}
	}
	return v->common && v->notify && v->isr;
}

/* MSI-X entry e: the queues on it (and configuration changes). */
static void msix_interrupt(void *arg)
{
	struct vpci_entry *e = arg;
	struct vpci *v = e->v;
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		struct virtq *vq = v->vdev.queues[i];
		if (vq && queue_entry(v, i) == e->entry)
			virtq_interrupt(vq);
	}
}

/* INTx, maybe shared: the ISR status says whether it was this device. */
static void intx_interrupt(void *arg)
{
	struct vpci *v = arg;
	uint8_t isr = mmio_read8(v->isr); /* reading clears it */
	if (!(isr & ISR_QUEUE))
		return;
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
		if (v->vdev.queues[i])
			virtq_interrupt(v->vdev.queues[i]);
}

/*
 * MSI-X with an entry per queue if the table is large enough (up to
 * PCI_MAX_VECTORS), else as many as it has; else INTx.
 */
static void setup_interrupts(struct vpci *v)
{
	struct pci_handler h[PCI_MAX_VECTORS];
	unsigned n = v->pci->msix_size;
	if (n > PCI_MAX_VECTORS)
		n = PCI_MAX_VECTORS;
	for (unsigned i = 0; i < n; i++) {
		v->entries[i] = (struct vpci_entry){v, i};
		h[i] = (struct pci_handler){msix_interrupt, &v->entries[i]};
	}
	if (n && !pci_msix_enable(v->pci, h, n)) {
		v->msix_entries = n;
		kinfo("virtio-pci: %s: MSI-X, %u vector(s) from 0x%x\n",
		      pci_name(v->pci), n, pci_irq_vector(v->pci, 0));
		return;
	}
	struct pci_handler intx = {intx_interrupt, v};
	if (!pci_intx_enable(v->pci, &intx)) {
		v->intx = true;
		kinfo("virtio-pci: %s: INTx, IRQ %u on GSI %u, vector 0x%x\n",
		      pci_name(v->pci), v->pci->irq_line, v->pci->irq_gsi,
		      pci_irq_vector(v->pci, 0));
		return;
	}
	kprintf("virtio-pci: %s: no interrupt, polled\n", pci_name(v->pci));
}

static unsigned probed; /* devices added to the virtio core */

static uint32_t device_id(const struct pci_device *pci)
{
	return pci->device >= 0x1040 ? pci->device - 0x1040u : pci->subsystem;
}

static int vpci_probe(struct pci_device *pci)
{
	struct vpci *v = heap_calloc(1, sizeof(*v));
	if (!v)
		return -1;
	v->pci = pci;
	pci_enable(pci, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (!find_windows(v)) {
		kprintf(
		    "virtio-pci: %s: no modern (1.0) capabilities, skipped\n",
		    pci_name(pci));
		heap_free(v);
		return -1;
	}
	v->vdev.id = device_id(pci);
	v->vdev.transport = &vpci_transport;
	v->vdev.transport_data = v;
	setup_interrupts(v);
	snprintf(v->vdev.where, sizeof(v->vdev.where), "pci %s", pci_name(pci));
	pci->driver_data = v;
	virtio_add_device(&v->vdev);
	probed++;
	return 0;
}

static const struct pci_id vpci_ids[] = {
    {VENDOR_VIRTIO, PCI_ANY_ID, 0, 0},
    {0, 0, 0, 0},
};

static int vpci_match_range(struct pci_device *pci)
{
	if (pci->device < 0x1000 || pci->device > 0x107f)
		return -1;
	return vpci_probe(pci);
}

static struct pci_driver vpci_driver = {
    .name = "virtio-pci",
    .ids = vpci_ids,
    .probe = vpci_match_range,
};

/*
 * A transport, at the bus level as virtio-mmio, so that the virtio
 * device drivers (the device level) are skipped when neither found a
 * device; after pci in the table (drivers/local.mk's order).
 */
static int vpci_init(void)
{
	pci_register_driver(&vpci_driver);
	return probed ? 0 : -1;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_BUS, "virtio-pci", vpci_init, DRIVER_HW_PCI,
		   DRIVER_HW_VIRTIO);
