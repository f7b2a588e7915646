/*
 * driver.h for test_e1000: the driver's table entry becomes a pointer
 * to its init function (unused: the test calls the driver's receive and
 * transmit itself).
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

#define DRIVER_LEVEL_DEVICE 0
#define DRIVER_HW_PCI 0

#define DRIVER_REGISTER_HW(lvl, drv_name, fn, need, find)                      \
	int (*const sim_driver_init)(void) = fn

#endif
