/*
 * The virtio MMIO transport (VIRTIO 1.2, 4.2), versions 2 (modern) and
 * 1 (legacy, 4.2.4: guest page size, queue PFN and alignment instead of
 * the three ring addresses, and no FEATURES_OK).  The devices are the
 * platform's PLATFORM_VIRTIO_MMIO entries, which ACPI gives (LNRO0005),
 * or the command line's virtio_mmio.device=SIZE@ADDR:IRQ words that
 * QEMU adds when ACPI is off.  A window without the magic value, with
 * an unknown version or with an unusable queue is logged and skipped; a
 * window whose device id is 0 is an empty slot.
 *
 * Interrupts: the window's line, routed through the I/O APIC as the
 * platform describes it (ACPI's _CRS gives trigger and polarity; a
 * command-line device is edge-triggered, active high, as an ISA IRQ).
 * The handler acknowledges what the interrupt status register shows
 * before it looks at the queues, so a completion that comes later
 * raises the line again.
 */
#include <stdio.h>
#include <string.h>

#include "boot_info.h"
#include "driver.h"
#include "irq.h"
#include "klog.h"
#include "mm.h"
#include "platform.h"
#include "virtio.h"
#include "virtio_field.h"

#define MAGIC_VALUE 0x000
#define VERSION 0x004
#define DEVICE_ID 0x008
#define DEVICE_FEATURES 0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES 0x020
#define DRIVER_FEATURES_SEL 0x024
#define GUEST_PAGE_SIZE 0x028 /* legacy */
#define QUEUE_SEL 0x030
#define QUEUE_NUM_MAX 0x034
#define QUEUE_NUM 0x038
#define QUEUE_ALIGN 0x03c /* legacy */
#define QUEUE_PFN 0x040	  /* legacy */
#define QUEUE_READY 0x044
#define QUEUE_NOTIFY 0x050
#define INTERRUPT_STATUS 0x060
#define INTERRUPT_ACK 0x064
#define STATUS 0x070
#define QUEUE_DESC_LOW 0x080
#define QUEUE_DRIVER_LOW 0x090
#define QUEUE_DEVICE_LOW 0x0a0
#define CONFIG_GENERATION 0x0fc
#define CONFIG 0x100
#define MAGIC 0x74726976 /* "virt" */
#define LEGACY_PAGE 4096
#define INT_USED_BUFFER 0x1

struct vmmio {
	struct virtio_device vdev;
	volatile uint8_t *regs;
	uint64_t size;
	uint32_t version;
	int vector; /* of its line, or -1 */
};

static struct vmmio *of(struct virtio_device *dev)
{
	return dev->transport_data;
}

static uint32_t rd(struct virtio_device *dev, unsigned reg)
{
	return mmio_read32(of(dev)->regs + reg);
}

static void wr(struct virtio_device *dev, unsigned reg, uint32_t v)
{
	mmio_write32(of(dev)->regs + reg, v);
}

static uint8_t vmmio_get_status(struct virtio_device *dev)
{
	return (uint8_t)rd(dev, STATUS);
}

static void vmmio_set_status(struct virtio_device *dev, uint8_t status)
{
	wr(dev, STATUS, status);
	if (status == 0)
		while (rd(dev, STATUS))
			__asm__ volatile("pause");
}

static uint64_t vmmio_get_features(struct virtio_device *dev)
{
	wr(dev, DEVICE_FEATURES_SEL, 0);
	uint64_t lo = rd(dev, DEVICE_FEATURES);
	wr(dev, DEVICE_FEATURES_SEL, 1);
	return lo | (uint64_t)rd(dev, DEVICE_FEATURES) << 32;
}

static void vmmio_set_features(struct virtio_device *dev, uint64_t features)
{
	wr(dev, DRIVER_FEATURES_SEL, 0);
	wr(dev, DRIVER_FEATURES, (uint32_t)features);
	wr(dev, DRIVER_FEATURES_SEL, 1);
	wr(dev, DRIVER_FEATURES, (uint32_t)(features >> 32));
}

static uint16_t vmmio_queue_max(struct virtio_device *dev, uint16_t idx)
{
	wr(dev, QUEUE_SEL, idx);
	bool busy =
	    of(dev)->version == 1 ? rd(dev, QUEUE_PFN) : rd(dev, QUEUE_READY);
	uint32_t max = rd(dev, QUEUE_NUM_MAX);
	if (busy) {
		kprintf("virtio-mmio: %s: queue %u already in use\n",
			dev->where, idx);
		return 0;
	}
	return max > 0x8000 ? 0x8000 : (uint16_t)max;
}

static void write64(struct virtio_device *dev, unsigned reg, uint64_t v)
{
	wr(dev, reg, (uint32_t)v);
	wr(dev, reg + 4, (uint32_t)(v >> 32));
}

static int vmmio_queue_enable(struct virtio_device *dev, struct virtq *vq)
{
	vq->vector = of(dev)->vector;
	vq->irq = vq->vector >= 0;
	wr(dev, QUEUE_SEL, vq->index);
	wr(dev, QUEUE_NUM, vq->size);
	if (of(dev)->version == 1) {
		if (vq->desc_pa % LEGACY_PAGE ||
		    vq->desc_pa / LEGACY_PAGE >> 32)
			return -1;
		wr(dev, GUEST_PAGE_SIZE, LEGACY_PAGE);
		wr(dev, QUEUE_ALIGN, LEGACY_PAGE);
		wr(dev, QUEUE_PFN, (uint32_t)(vq->desc_pa / LEGACY_PAGE));
		return 0;
	}
	write64(dev, QUEUE_DESC_LOW, vq->desc_pa);
	write64(dev, QUEUE_DRIVER_LOW, vq->avail_pa);
	write64(dev, QUEUE_DEVICE_LOW, vq->used_pa);
	wr(dev, QUEUE_READY, 1);
	return 0;
}

static void vmmio_notify(struct virtio_device *dev, struct virtq *vq)
{
	wr(dev, QUEUE_NOTIFY, vq->index);
}

static void vmmio_config_read(struct virtio_device *dev, unsigned off,
			      void *buf, unsigned len)
{
	struct vmmio *v = of(dev);
	if (CONFIG + off + len > v->size) {
		memset(buf, 0, len);
		return;
	}
	uint32_t gen;
	do {
		gen = v->version == 1 ? 0 : rd(dev, CONFIG_GENERATION);
		virtio_field_read(v->regs + CONFIG + off, buf, len);
	} while (v->version != 1 && gen != rd(dev, CONFIG_GENERATION));
}

static void vmmio_config_write(struct virtio_device *dev, unsigned off,
			       const void *buf, unsigned len)
{
	struct vmmio *v = of(dev);
	if (CONFIG + off + len <= v->size)
		virtio_field_write(v->regs + CONFIG + off, buf, len);
}

static const struct virtio_transport vmmio_transport = {
    .name = "mmio",
    .get_status = vmmio_get_status,
    .set_status = vmmio_set_status,
    .get_features = vmmio_get_features,
    .set_features = vmmio_set_features,
    .queue_max = vmmio_queue_max,
    .queue_enable = vmmio_queue_enable,
    .notify = vmmio_notify,
    .config_read = vmmio_config_read,
    .config_write = vmmio_config_write,
};

static void vmmio_interrupt(void *arg)
{
	struct virtio_device *dev = arg;
	uint32_t status = rd(dev, INTERRUPT_STATUS);
	if (!status)
		return;
	wr(dev, INTERRUPT_ACK, status);
	if (!(status & INT_USED_BUFFER))
		return;
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
		if (dev->queues[i])
			virtq_interrupt(dev->queues[i]);
}

/* Routes the window's line; the device stays polled without one. */
static void route_line(struct vmmio *v)
{
	v->vector = -1;
	if (v->vdev.irq == PLATFORM_NO_IRQ)
		return;
	v->vector = irq_route_gsi(v->vdev.irq, v->vdev.irq_flags,
				  vmmio_interrupt, &v->vdev);
	if (v->vector < 0)
		kprintf("virtio-mmio: %s: cannot route GSI %u, polled\n",
			v->vdev.where, v->vdev.irq);
	else
		kinfo("virtio-mmio: %s: GSI %u %s, vector 0x%x\n",
		      v->vdev.where, v->vdev.irq,
		      v->vdev.irq_flags & IRQ_LEVEL ? "level" : "edge",
		      v->vector);
}

/* Checks the window; returns its device id, 0 to skip it. */
static uint32_t identify(volatile uint8_t *regs, uint64_t base,
			 uint32_t *version)
{
	uint32_t magic = mmio_read32(regs + MAGIC_VALUE);
	*version = mmio_read32(regs + VERSION);
	if (magic != MAGIC) {
		kprintf("virtio-mmio: 0x%lx: bad magic 0x%x, skipped\n", base,
			magic);
		return 0;
	}
	if (*version != 1 && *version != 2) {
		kprintf("virtio-mmio: 0x%lx: unknown version %u, skipped\n",
			base, *version);
		return 0;
	}
	return mmio_read32(regs + DEVICE_ID);
}

/* Whether p holds a device, now added to the virtio core. */
static bool add_window(const struct platform_device *p)
{
	uint32_t version;
	if (p->size < CONFIG)
		return false;
	volatile uint8_t *regs = mmio_map(p->base, p->size, 0);
	if (!regs)
		return false;
	uint32_t id = identify(regs, p->base, &version);
	if (!id)
		return false;
	struct vmmio *v = heap_calloc(1, sizeof(*v));
	if (!v)
		return false;
	v->regs = regs;
	v->size = p->size;
	v->version = version;
	v->vdev.id = id;
	v->vdev.legacy = version == 1;
	v->vdev.irq = p->irq;
	v->vdev.irq_flags = p->irq_flags;
	v->vdev.transport = &vmmio_transport;
	v->vdev.transport_data = v;
	snprintf(v->vdev.where, sizeof(v->vdev.where), "mmio%s 0x%lx",
		 version == 1 ? " legacy" : "", p->base);
	route_line(v);
	virtio_add_device(&v->vdev);
	return true;
}

/* A number in C syntax (0x.. hex, else decimal) at *s; advances *s. */
static uint64_t number(const char **s)
{
	unsigned base = 10;
	uint64_t v = 0;
	if ((*s)[0] == '0' && ((*s)[1] == 'x' || (*s)[1] == 'X')) {
		base = 16;
		*s += 2;
	}
	for (;; (*s)++) {
		char c = **s;
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
						    : 99;
		if (d >= base)
			return v;
		v = v * base + d;
	}
}

/* Parses "SIZE@ADDR:IRQ" (SIZE with an optional K or M). */
static bool parse_device_word(const char *s, struct platform_device *p)
{
	uint64_t size = number(&s);
	if (*s == 'K' || *s == 'k')
		size <<= 10, s++;
	else if (*s == 'M' || *s == 'm')
		size <<= 20, s++;
	if (*s++ != '@')
		return false;
	p->base = number(&s);
	if (*s++ != ':')
		return false;
	p->irq = (uint32_t)number(&s);
	p->size = size;
	p->type = PLATFORM_VIRTIO_MMIO;
	return size && (*s == 0 || *s == ' ');
}

static void add_cmdline_devices(const char *line)
{
	static const char key[] = "virtio_mmio.device=";
	const size_t klen = sizeof(key) - 1;
	for (const char *s = line; *s; s++) {
		struct platform_device p = {0};
		if ((s == line || s[-1] == ' ') && !strncmp(s, key, klen) &&
		    parse_device_word(s + klen, &p))
			platform_add(&p);
	}
}

/* The windows of the devices found, started. */
static __attribute__((noinline)) int add_windows(void)
{
	const struct platform_device *p;
	bool found = false;
	for (unsigned i = 0; (p = platform_find(PLATFORM_VIRTIO_MMIO, i)); i++)
		found |= add_window(p);
	return found ? 0 : -1;
}

/*
 * 0 when a window holds a device, for the drivers that need one.  Short
 * when there is none (a bare microvm): the windows' loop is out of line
 * (under TCG, a frame's saves and restores are code to translate).
 */
static int vmmio_init(void)
{
	const char *line = boot_raw_cmdline();
	if (*line)
		add_cmdline_devices(line);
	if (!platform_find(PLATFORM_VIRTIO_MMIO, 0))
		return -1;
	return add_windows();
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_BUS, "virtio-mmio", vmmio_init, 0,
		   DRIVER_HW_VIRTIO);
