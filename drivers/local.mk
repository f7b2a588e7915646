# Drivers: each registers itself in the driver table (kernel/include/driver.h).
noinst_LIBRARIES += drivers/libdrivers.a

drivers_libdrivers_a_CPPFLAGS = $(KERNEL_CPPFLAGS)
drivers_libdrivers_a_CFLAGS = $(KERNEL_CFLAGS)
drivers_libdrivers_a_SOURCES = %D%/serial/uart16550.c
