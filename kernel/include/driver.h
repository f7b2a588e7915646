/*
 * The driver table.  A driver registers itself with DRIVER_REGISTER; the
 * linker gathers the entries into one table, so the kernel core names no
 * driver.  The boot calls drivers_init() once per level, in order.
 * init returns 0 when it found and set up its device, a negative value
 * when the device is absent (not an error).
 *
 * A driver that only makes sense on hardware another driver finds (the
 * Xen frontends on Xen, virtio-pci on a PCI bus) registers with
 * DRIVER_REGISTER_HW, naming what it needs, and the finder names what
 * its init found when it returns 0: drivers_init() then skips the
 * driver with one test of a bit, without calling it, when that hardware
 * is absent (under TCG, a call made costs the blocks it translates).
 * The finder must come first: at an earlier level, or earlier in the
 * table at the same level (the link order, see drivers/local.mk).
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

enum driver_level {
	DRIVER_LEVEL_CONSOLE = 1, /* before memory: port I/O only */
	DRIVER_LEVEL_PLATFORM = 2,
	DRIVER_LEVEL_BUS = 3,
	DRIVER_LEVEL_DEVICE = 4,
};

/* Hardware a driver finds (its init returned 0) or needs. */
#define DRIVER_HW_XEN 0x1u    /* the Xen hypervisor */
#define DRIVER_HW_PCI 0x2u    /* a PCI bus answers */
#define DRIVER_HW_VIRTIO 0x4u /* a virtio device, on any transport */

struct driver {
	const char *name;
	enum driver_level level;
	unsigned needs; /* DRIVER_HW_* bits, all found first */
	unsigned finds; /* DRIVER_HW_* bits found when init returns 0 */
	int (*init)(void);
};

/*
 * no_reorder: the table's order is the link order even when the kernel
 * is optimised at link time (--enable-lto), which otherwise emits the
 * entries of all units in an order of its own.
 */
#define DRIVER_REGISTER_HW(lvl, drv_name, fn, need, find)                      \
	static const struct driver driver_entry_##fn                           \
	    __attribute__((used, no_reorder, section(".osv_drivers"),          \
			   aligned(8))) = {drv_name, lvl, need, find, fn}

#define DRIVER_REGISTER(lvl, drv_name, fn)                                     \
	DRIVER_REGISTER_HW(lvl, drv_name, fn, 0, 0)

/*
 * Runs the init of every driver registered at this level whose needs
 * were found.
 */
void drivers_init(enum driver_level level);

#endif
