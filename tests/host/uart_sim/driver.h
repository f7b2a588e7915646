/*
 * driver.h for test_uart (test_tsc_calibration and test_hpet use it
 * too): the one driver's init function, registered by DRIVER_REGISTER,
 * is reached through sim_driver_init.
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

#define DRIVER_REGISTER(lvl, drv_name, fn)                                     \
	int (*const sim_driver_init)(void) = fn

#endif
