/*
 * The driver table.  A driver registers itself with DRIVER_REGISTER; the
 * linker gathers the entries into one table, so the kernel core names no
 * driver.  The boot calls drivers_init() once per level, in order.
 * init returns 0 when it found and set up its device, a negative value
 * when the device is absent (not an error).
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

enum driver_level {
	DRIVER_LEVEL_CONSOLE = 1, /* before memory: port I/O only */
	DRIVER_LEVEL_PLATFORM = 2,
	DRIVER_LEVEL_BUS = 3,
	DRIVER_LEVEL_DEVICE = 4,
};

struct driver {
	const char *name;
	enum driver_level level;
	int (*init)(void);
};

#define DRIVER_REGISTER(lvl, drv_name, fn)                                     \
	static const struct driver driver_entry_##fn __attribute__((           \
	    used, section(".osv_drivers"), aligned(8))) = {drv_name, lvl, fn}

/* Runs the init of every driver registered at this level. */
void drivers_init(enum driver_level level);

#endif
