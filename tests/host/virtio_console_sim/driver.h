/*
 * driver.h for test_virtio_console: the one driver's init function,
 * registered by DRIVER_REGISTER_HW, is reached through sim_driver_init.
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

#define DRIVER_REGISTER_HW(lvl, drv_name, fn, need, find)                      \
	int (*const sim_driver_init)(void) = fn

#endif
