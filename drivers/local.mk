# Drivers: each registers itself in the driver table (kernel/include/driver.h).
noinst_LIBRARIES += drivers/libdrivers.a

drivers_libdrivers_a_CPPFLAGS = $(KERNEL_CPPFLAGS)
drivers_libdrivers_a_CFLAGS = $(KERNEL_CFLAGS)
drivers_libdrivers_a_SOURCES = %D%/serial/uart16550.c

# ACPI, PCI and virtio, with their interfaces in drivers/include/.
drivers_libdrivers_a_CPPFLAGS += -I$(srcdir)/drivers/include
drivers_libdrivers_a_SOURCES += \
	%D%/acpi/acpi.c \
	%D%/acpi/acpi_aml.c \
	%D%/acpi/acpi_tables.c \
	%D%/include/acpi.h \
	%D%/include/pci.h \
	%D%/include/platform.h \
	%D%/include/virtio.h \
	%D%/pci/pci.c \
	%D%/platform/platform.c \
	%D%/virtio/virtio.c \
	%D%/virtio/virtio_blk.c \
	%D%/virtio/virtio_console.c \
	%D%/virtio/virtio_mmio.c \
	%D%/virtio/virtio_pci.c \
	%D%/virtio/virtio_rng.c \
	%D%/virtio/virtqueue.c

# BEGIN drivers: device interrupts (MSI-X, MSI, INTx)
drivers_libdrivers_a_SOURCES += %D%/pci/pci_irq.c
# END drivers
