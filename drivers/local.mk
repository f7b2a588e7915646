# Drivers: each registers itself in the driver table (kernel/include/driver.h).
# configure's --with-drivers chooses them (m4/osv_drivers.m4 and the
# profiles in conf/drivers/); an unselected driver is neither compiled nor
# linked.  A driver's files go in its DRIVER_<NAME> conditional below;
# the interfaces in drivers/include/ are always listed.
noinst_LIBRARIES += drivers/libdrivers.a

drivers_libdrivers_a_CPPFLAGS = $(KERNEL_CPPFLAGS) -I$(srcdir)/drivers/include
drivers_libdrivers_a_CFLAGS = $(KERNEL_CFLAGS)
# Rebuilt when a reconfiguration changes the set (config.h changes then).
EXTRA_drivers_libdrivers_a_DEPENDENCIES = config.h
drivers_libdrivers_a_SOURCES = \
	%D%/include/acpi.h \
	%D%/include/pci.h \
	%D%/include/platform.h \
	%D%/include/scsi_disk.h \
	%D%/include/virtio.h \
	%D%/include/virtio_field.h

# The order is the link order, which is the order of the driver table
# within a level (the virtio core keeps devices in discovery order, so
# disks are numbered the same whatever it is).  A driver that finds
# hardware others need comes before them (driver.h): pci before
# virtio-pci, xen.c before the other Xen drivers.
if DRIVER_SERIAL
drivers_libdrivers_a_SOURCES += %D%/serial/uart16550.c
endif
if DRIVER_ACPI
drivers_libdrivers_a_SOURCES += \
	%D%/acpi/acpi.c \
	%D%/acpi/acpi_aml.c \
	%D%/acpi/acpi_tables.c
endif
if DRIVER_PCI
drivers_libdrivers_a_SOURCES += %D%/pci/pci.c %D%/pci/pci_irq.c
endif
if DRIVER_PLATFORM
drivers_libdrivers_a_SOURCES += %D%/platform/platform.c
endif
if DRIVER_VIRTIO
drivers_libdrivers_a_SOURCES += \
	%D%/virtio/virtio.c \
	%D%/virtio/virtio_field.c \
	%D%/virtio/virtqueue.c
endif
if DRIVER_VIRTIO_BLK
drivers_libdrivers_a_SOURCES += %D%/virtio/virtio_blk.c
endif
if DRIVER_VIRTIO_SCSI
drivers_libdrivers_a_SOURCES += \
	%D%/virtio/virtio_scsi.c \
	%D%/scsi/scsi_disk.c
endif
if DRIVER_VIRTIO_CONSOLE
drivers_libdrivers_a_SOURCES += %D%/virtio/virtio_console.c
endif
if DRIVER_VIRTIO_MMIO
drivers_libdrivers_a_SOURCES += %D%/virtio/virtio_mmio.c
endif
if DRIVER_VIRTIO_PCI
drivers_libdrivers_a_SOURCES += %D%/virtio/virtio_pci.c
endif
if DRIVER_VIRTIO_RNG
drivers_libdrivers_a_SOURCES += %D%/virtio/virtio_rng.c
endif
if DRIVER_VIRTIO_NET
drivers_libdrivers_a_SOURCES += %D%/virtio/virtio_net.c
endif
if DRIVER_E1000
drivers_libdrivers_a_SOURCES += %D%/net/e1000.c
endif
if DRIVER_VIRTIO_9P
drivers_libdrivers_a_SOURCES += %D%/virtio/virtio_9p.c
endif
if DRIVER_AHCI
drivers_libdrivers_a_SOURCES += %D%/ata/ahci.c %D%/ata/ata.c %D%/ata/ata.h
endif
if DRIVER_NVME
drivers_libdrivers_a_SOURCES += %D%/nvme/nvme.c %D%/nvme/nvme.h \
	%D%/nvme/nvme_io.c %D%/nvme/nvme_shutdown.h
endif
# BEGIN xen (issue 12)
drivers_libdrivers_a_SOURCES += %D%/include/xen.h %D%/include/xen_abi.h
if DRIVER_XEN
drivers_libdrivers_a_SOURCES += \
	%D%/xen/xen.c \
	%D%/xen/xen_hv.h \
	%D%/xen/xen_hv_kernel.c \
	%D%/xen/evtchn.c \
	%D%/xen/gnttab.c \
	%D%/xen/xenstore.c \
	%D%/xen/xenbus.c \
	%D%/xen/xen_power.c
endif
if DRIVER_XEN_CONSOLE
drivers_libdrivers_a_SOURCES += %D%/xen/xen_console.c
endif
if DRIVER_XEN_BLKFRONT
drivers_libdrivers_a_SOURCES += %D%/xen/blkfront.c
endif
EXTRA_DIST += conf/drivers/xen %D%/xen/xen_hv.h
# END xen
# BEGIN clock (issue 8)
# kvmclock first: a paravirtual clock registered, the others open no
# window.  hpet after acpi, which finds it (the same level).
drivers_libdrivers_a_SOURCES += %D%/include/hpet.h %D%/include/pvclock.h
if DRIVER_KVMCLOCK
drivers_libdrivers_a_SOURCES += %D%/clock/kvmclock.c %D%/clock/pvclock.c
endif
if DRIVER_PIT
drivers_libdrivers_a_SOURCES += %D%/clock/pit.c
endif
if DRIVER_HPET
drivers_libdrivers_a_SOURCES += %D%/clock/hpet.c %D%/clock/hpet_rate.c
endif
# END clock

EXTRA_DIST += conf/drivers/all conf/drivers/base conf/drivers/virtio-mmio \
	conf/drivers/virtio-pci m4/osv_drivers.m4
