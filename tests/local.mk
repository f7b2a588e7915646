# make check: host unit tests (programs printing TAP) and guest tests
# (scripts that boot kernels in QEMU and check the console).

TEST_EXTENSIONS = .test
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) \
	$(top_srcdir)/build-aux/tap-driver.sh
TEST_LOG_DRIVER = $(LOG_DRIVER)
TEST_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = srcdir='$(srcdir)'; top_builddir='$(top_builddir)'; \
	QEMU='$(QEMU)'; TIMEOUT='$(TIMEOUT)'; \
	export srcdir top_builddir QEMU TIMEOUT;
# BEGIN modular build (issue 8): the drivers tests/guest/lib.sh's
# require_drivers checks for
AM_TESTS_ENVIRONMENT += OSV_DRIVERS='$(OSV_DRIVERS)'; export OSV_DRIVERS;
# BEGIN filesystems
AM_TESTS_ENVIRONMENT += OSV_FILESYSTEMS='$(OSV_FILESYSTEMS)'; \
	export OSV_FILESYSTEMS;
AM_TESTS_ENVIRONMENT += OSV_NET='$(OSV_NET)'; export OSV_NET;
# END filesystems
# END modular build

include tests/host/local.mk

# Test kernels: the kernel with a test's app_main in place of the default.
check_LIBRARIES += tests/guest/libguestapps.a
tests_guest_libguestapps_a_CPPFLAGS = $(KERNEL_CPPFLAGS)
tests_guest_libguestapps_a_CFLAGS = $(KERNEL_BASE_CFLAGS)
tests_guest_libguestapps_a_SOURCES = \
	%D%/guest/fault_double.c \
	%D%/guest/fault_page.c \
	%D%/guest/fault_ud.c \
	%D%/guest/red_zone.c

GUEST_KERNELS = \
	%D%/guest/fault_double.elf \
	%D%/guest/fault_page.elf \
	%D%/guest/fault_ud.elf \
	%D%/guest/red_zone.elf
check_DATA += $(GUEST_KERNELS) kernel/kernel.elf
CLEANFILES += $(GUEST_KERNELS)

%D%/guest/%.elf: %D%/guest/libguestapps_a-%.$(OBJEXT) $(KERNEL_LINK_DEPS)
	$(AM_V_GEN)$(LINK_KERNEL) $@ $(KERNEL_LDS) $< $(KERNEL_LINK_INPUTS)

GUEST_TESTS = \
	%D%/guest/boot_machines.test \
	%D%/guest/boot_memory.test \
	%D%/guest/cmdline.test \
	%D%/guest/faults.test \
	%D%/guest/initrd.test \
	%D%/guest/interrupts.test \
	%D%/guest/runner.test
TESTS += $(GUEST_TESTS)
EXTRA_DIST += $(GUEST_TESTS) %D%/guest/lib.sh %D%/installcheck.sh \
	%D%/debs.sh

# BEGIN small memory
# Boot page tables around the initrd; a program's stack sized by its
# PT_GNU_STACK (tests/guest/small_memory.test).
TESTS += %D%/guest/small_memory.test
EXTRA_DIST += %D%/guest/small_memory.test %D%/guest/stack_use.c
check_DATA += %D%/guest/stack_small.so %D%/guest/stack_default.so
CLEANFILES += %D%/guest/stack_small.so %D%/guest/stack_default.so
%D%/guest/stack_small.so: %D%/guest/stack_use.c
	$(AM_V_GEN)$(ELF_TEST_APP) -Wl,-z,stack-size=65536 -o $@ $<
%D%/guest/stack_default.so: %D%/guest/stack_use.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<
# END small memory

# The ELF loader's test programs and libraries (tests/guest/elf.test):
# built with the host's compiler and glibc headers as any application,
# not with the kernel's flags; the test packs them into an initrd.
ELF_TEST_DIR = %D%/guest/elf
ELF_TEST_CC = $(MKDIR_P) $(ELF_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
	-Werror -fno-omit-frame-pointer -I$(srcdir)/$(ELF_TEST_DIR)
ELF_TEST_LIB = $(ELF_TEST_CC) -shared -fPIC -Wl,-soname,$(@F)
ELF_TEST_APP = $(ELF_TEST_CC) -shared -fPIC -L$(ELF_TEST_DIR)
ELF_TEST_FILES = \
	$(ELF_TEST_DIR)/abort.so \
	$(ELF_TEST_DIR)/args.so \
	$(ELF_TEST_DIR)/random.so \
	$(ELF_TEST_DIR)/badreloc.so \
	$(ELF_TEST_DIR)/copy_pie \
	$(ELF_TEST_DIR)/copy_missing \
	$(ELF_TEST_DIR)/stub/libcopy.so \
	$(ELF_TEST_DIR)/static_pie \
	$(ELF_TEST_DIR)/dl.so \
	$(ELF_TEST_DIR)/exec \
	$(ELF_TEST_DIR)/exit3.so \
	$(ELF_TEST_DIR)/libcopy.so \
	$(ELF_TEST_DIR)/libexit.so \
	$(ELF_TEST_DIR)/libgone.so \
	$(ELF_TEST_DIR)/libnext.so \
	$(ELF_TEST_DIR)/liborder.so \
	$(ELF_TEST_DIR)/libplugin.so \
	$(ELF_TEST_DIR)/libreloc1.so \
	$(ELF_TEST_DIR)/libreloc2.so \
	$(ELF_TEST_DIR)/librp1.so \
	$(ELF_TEST_DIR)/librp2.so \
	$(ELF_TEST_DIR)/libtls.so \
	$(ELF_TEST_DIR)/libtlsdesc.so \
	$(ELF_TEST_DIR)/libtlsdescdyn.so \
	$(ELF_TEST_DIR)/libtlsdyn.so \
	$(ELF_TEST_DIR)/libver.so \
	$(ELF_TEST_DIR)/missing.so \
	$(ELF_TEST_DIR)/needs_gone.so \
	$(ELF_TEST_DIR)/order.so \
	$(ELF_TEST_DIR)/reloc.so \
	$(ELF_TEST_DIR)/rpath.so \
	$(ELF_TEST_DIR)/runpath.so \
	$(ELF_TEST_DIR)/ssp.so \
	$(ELF_TEST_DIR)/tls.so \
	$(ELF_TEST_DIR)/tlsdesc.so \
	$(ELF_TEST_DIR)/ver.so \
	$(ELF_TEST_DIR)/wx_relro.so \
	$(ELF_TEST_DIR)/wx_rodata.so \
	$(ELF_TEST_DIR)/wx_text.so
check_DATA += $(ELF_TEST_FILES)
CLEANFILES += $(ELF_TEST_FILES)
TESTS += %D%/guest/elf.test %D%/guest/getrandom.test
EXTRA_DIST += %D%/guest/getrandom.test
EXTRA_DIST += %D%/guest/elf.test $(ELF_TEST_DIR)/check.h \
	$(ELF_TEST_DIR)/ver_lib.map \
	$(ELF_TEST_DIR)/abort.c $(ELF_TEST_DIR)/args.c \
	$(ELF_TEST_DIR)/random.c \
	$(ELF_TEST_DIR)/badreloc.c $(ELF_TEST_DIR)/tlsdesc.c \
	$(ELF_TEST_DIR)/tlsdesc_lib.c \
	$(ELF_TEST_DIR)/copy_lib.c $(ELF_TEST_DIR)/copy_pie.c \
	$(ELF_TEST_DIR)/copy_missing.c \
	$(ELF_TEST_DIR)/dl.c $(ELF_TEST_DIR)/exec.c \
	$(ELF_TEST_DIR)/exit3.c $(ELF_TEST_DIR)/exit_lib.c \
	$(ELF_TEST_DIR)/gone_lib.c $(ELF_TEST_DIR)/missing.c \
	$(ELF_TEST_DIR)/needs_gone.c $(ELF_TEST_DIR)/next_lib.c \
	$(ELF_TEST_DIR)/order.c $(ELF_TEST_DIR)/order_lib.c \
	$(ELF_TEST_DIR)/plugin.c $(ELF_TEST_DIR)/reloc.c \
	$(ELF_TEST_DIR)/reloc_lib1.c $(ELF_TEST_DIR)/reloc_lib2.c \
	$(ELF_TEST_DIR)/rp_lib1.c $(ELF_TEST_DIR)/rp_lib2.c \
	$(ELF_TEST_DIR)/rpath.c $(ELF_TEST_DIR)/runpath.c \
	$(ELF_TEST_DIR)/ssp.c $(ELF_TEST_DIR)/tls.c \
	$(ELF_TEST_DIR)/tls_dyn.c $(ELF_TEST_DIR)/tls_lib.c \
	$(ELF_TEST_DIR)/ver.c $(ELF_TEST_DIR)/ver_lib.c \
	$(ELF_TEST_DIR)/wx_relro.c $(ELF_TEST_DIR)/wx_rodata.c \
	$(ELF_TEST_DIR)/wx_text.c

# Libraries (DT_SONAME = file name).  libreloc2 has only DT_HASH,
# libreloc1 only DT_GNU_HASH and packs its relative relocations in
# DT_RELR; liborder sets DT_INIT and DT_FINI.
$(ELF_TEST_DIR)/libreloc2.so: $(ELF_TEST_DIR)/reloc_lib2.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -Wl,--hash-style=sysv -o $@ $<
$(ELF_TEST_DIR)/libreloc1.so: $(ELF_TEST_DIR)/reloc_lib1.c \
		$(ELF_TEST_DIR)/libreloc2.so
	$(AM_V_GEN)$(ELF_TEST_LIB) -Wl,--hash-style=gnu \
		-Wl,-z,pack-relative-relocs -o $@ $< -L$(ELF_TEST_DIR) -lreloc2
$(ELF_TEST_DIR)/liborder.so: $(ELF_TEST_DIR)/order_lib.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -Wl,-init,order_lib_init \
		-Wl,-fini,order_lib_fini -o $@ $<
$(ELF_TEST_DIR)/libver.so: $(ELF_TEST_DIR)/ver_lib.c \
		$(ELF_TEST_DIR)/ver_lib.map
	$(AM_V_GEN)$(ELF_TEST_LIB) \
		-Wl,--version-script=$(srcdir)/$(ELF_TEST_DIR)/ver_lib.map \
		-o $@ $<
$(ELF_TEST_DIR)/libcopy.so: $(ELF_TEST_DIR)/copy_lib.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/libexit.so: $(ELF_TEST_DIR)/exit_lib.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/libgone.so: $(ELF_TEST_DIR)/gone_lib.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/libnext.so: $(ELF_TEST_DIR)/next_lib.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/libplugin.so: $(ELF_TEST_DIR)/plugin.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/librp1.so: $(ELF_TEST_DIR)/rp_lib1.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/librp2.so: $(ELF_TEST_DIR)/rp_lib2.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/libtls.so: $(ELF_TEST_DIR)/tls_lib.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/libtlsdyn.so: $(ELF_TEST_DIR)/tls_dyn.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -o $@ $<
$(ELF_TEST_DIR)/libtlsdesc.so: $(ELF_TEST_DIR)/tlsdesc_lib.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -mtls-dialect=gnu2 -o $@ $<
$(ELF_TEST_DIR)/libtlsdescdyn.so: $(ELF_TEST_DIR)/tls_dyn.c
	$(AM_V_GEN)$(ELF_TEST_LIB) -mtls-dialect=gnu2 -o $@ $<

# Programs: shared objects with a main, but for copy_pie (a PIE entered
# at _start) and exec (ET_EXEC: the main program only, dl.so's dlopen
# of it fails).
$(ELF_TEST_DIR)/reloc.so: $(ELF_TEST_DIR)/reloc.c $(ELF_TEST_DIR)/check.h \
		$(ELF_TEST_DIR)/libreloc1.so $(ELF_TEST_DIR)/libreloc2.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lreloc1 -lreloc2
$(ELF_TEST_DIR)/copy_pie: $(ELF_TEST_DIR)/copy_pie.c \
		$(ELF_TEST_DIR)/check.h $(ELF_TEST_DIR)/libcopy.so
	$(AM_V_GEN)$(ELF_TEST_CC) -fPIE -pie -o $@ $< -L$(ELF_TEST_DIR) -lcopy
$(ELF_TEST_DIR)/exec: $(ELF_TEST_DIR)/exec.c
	$(AM_V_GEN)$(ELF_TEST_CC) -fno-pie -no-pie -o $@ $<
# copy_missing: linked against a libcopy.so with one variable more
# (stub/, -DCOPY_LIB_STUB) than the one it runs with: its COPY of that
# variable finds no definition.
$(ELF_TEST_DIR)/stub/libcopy.so: $(ELF_TEST_DIR)/copy_lib.c
	$(AM_V_GEN)$(MKDIR_P) $(ELF_TEST_DIR)/stub && $(ELF_TEST_LIB) \
		-DCOPY_LIB_STUB -o $@ $<
$(ELF_TEST_DIR)/copy_missing: $(ELF_TEST_DIR)/copy_missing.c \
		$(ELF_TEST_DIR)/stub/libcopy.so
	$(AM_V_GEN)$(ELF_TEST_CC) -fPIE -pie -o $@ $< \
		-L$(ELF_TEST_DIR)/stub -lcopy
# static_pie: a program with a libc of its own, which the loader refuses.
$(ELF_TEST_DIR)/static_pie: $(ELF_TEST_DIR)/exec.c
	$(AM_V_GEN)$(ELF_TEST_CC) -static-pie -o $@ $<
$(ELF_TEST_DIR)/tls.so: $(ELF_TEST_DIR)/tls.c $(ELF_TEST_DIR)/check.h \
		$(ELF_TEST_DIR)/libtls.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -ltls
$(ELF_TEST_DIR)/tlsdesc.so: $(ELF_TEST_DIR)/tlsdesc.c \
		$(ELF_TEST_DIR)/check.h $(ELF_TEST_DIR)/libtlsdesc.so
	$(AM_V_GEN)$(ELF_TEST_APP) -mtls-dialect=gnu2 -o $@ $< -ltlsdesc
$(ELF_TEST_DIR)/badreloc.so: $(ELF_TEST_DIR)/badreloc.c \
		$(ELF_TEST_DIR)/libreloc2.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lreloc2
$(ELF_TEST_DIR)/order.so: $(ELF_TEST_DIR)/order.c $(ELF_TEST_DIR)/liborder.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lorder
$(ELF_TEST_DIR)/dl.so: $(ELF_TEST_DIR)/dl.c $(ELF_TEST_DIR)/check.h \
		$(ELF_TEST_DIR)/libnext.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -Wl,--no-as-needed -lnext
$(ELF_TEST_DIR)/exit3.so: $(ELF_TEST_DIR)/exit3.c $(ELF_TEST_DIR)/libexit.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lexit
$(ELF_TEST_DIR)/needs_gone.so: $(ELF_TEST_DIR)/needs_gone.c \
		$(ELF_TEST_DIR)/libgone.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lgone
$(ELF_TEST_DIR)/runpath.so: $(ELF_TEST_DIR)/runpath.c \
		$(ELF_TEST_DIR)/check.h $(ELF_TEST_DIR)/librp1.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lrp1 -Wl,--enable-new-dtags \
		-Wl,-rpath,/opt/osv-test/lib
$(ELF_TEST_DIR)/rpath.so: $(ELF_TEST_DIR)/rpath.c $(ELF_TEST_DIR)/check.h \
		$(ELF_TEST_DIR)/librp2.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lrp2 -Wl,--disable-new-dtags \
		-Wl,-rpath,'$$ORIGIN/../rplib'
$(ELF_TEST_DIR)/ver.so: $(ELF_TEST_DIR)/ver.c $(ELF_TEST_DIR)/check.h \
		$(ELF_TEST_DIR)/libver.so
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $< -lver
$(ELF_TEST_DIR)/ssp.so: $(ELF_TEST_DIR)/ssp.c $(ELF_TEST_DIR)/check.h
	$(AM_V_GEN)$(ELF_TEST_APP) -fstack-protector-all -o $@ $<
$(ELF_TEST_DIR)/abort.so: $(ELF_TEST_DIR)/abort.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<
$(ELF_TEST_DIR)/args.so: $(ELF_TEST_DIR)/args.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<
$(ELF_TEST_DIR)/random.so: $(ELF_TEST_DIR)/random.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<
$(ELF_TEST_DIR)/missing.so: $(ELF_TEST_DIR)/missing.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<
$(ELF_TEST_DIR)/wx_relro.so: $(ELF_TEST_DIR)/wx_relro.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<
$(ELF_TEST_DIR)/wx_rodata.so: $(ELF_TEST_DIR)/wx_rodata.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<
$(ELF_TEST_DIR)/wx_text.so: $(ELF_TEST_DIR)/wx_text.c
	$(AM_V_GEN)$(ELF_TEST_APP) -o $@ $<

# BEGIN interrupts, time and threads (issue 4)
tests_guest_libguestapps_a_SOURCES += %D%/guest/clock.c %D%/guest/irq.c \
	%D%/guest/pthreads.c %D%/guest/sched.c
GUEST_KERNELS += %D%/guest/clock.elf %D%/guest/irq.elf \
	%D%/guest/pthreads.elf %D%/guest/sched.elf
TESTS += %D%/guest/clock.test %D%/guest/irq.test %D%/guest/pthreads.test \
	%D%/guest/sched.test
EXTRA_DIST += %D%/guest/clock.test %D%/guest/irq.test \
	%D%/guest/pthreads.test %D%/guest/sched.test

# A program built like any application (the host's compiler, glibc's
# headers) that uses POSIX threads; tests/guest/threads.test runs it.
THREADS_TEST_DIR = %D%/guest/threads
$(THREADS_TEST_DIR)/threads.so: $(THREADS_TEST_DIR)/threads.c
	$(AM_V_GEN)$(MKDIR_P) $(THREADS_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -fstack-protector-all -shared \
		-fPIC -o $@ $(srcdir)/$(THREADS_TEST_DIR)/threads.c
check_DATA += $(THREADS_TEST_DIR)/threads.so
CLEANFILES += $(THREADS_TEST_DIR)/threads.so
TESTS += %D%/guest/threads.test
EXTRA_DIST += %D%/guest/threads.test $(THREADS_TEST_DIR)/threads.c
# END interrupts, time and threads

# Buses and devices: ACPI power and tables, PCI, virtio (tests/guest/).
tests_guest_libguestapps_a_CPPFLAGS += -I$(srcdir)/drivers/include
tests_guest_libguestapps_a_SOURCES += %D%/guest/acpi_reboot.c \
	%D%/guest/blk.c %D%/guest/blk_pattern.h %D%/guest/rng.c
EXTRA_DIST += %D%/guest/blk_nvme.h
# blk.elf's NVMe-only modes, which reach into the driver's private
# header, are a file of their own, linked with blk.c's when built.
if DRIVER_NVME
tests_guest_libguestapps_a_SOURCES += %D%/guest/blk_nvme.c
BLK_NVME_OBJ = %D%/guest/libguestapps_a-blk_nvme.$(OBJEXT)
endif
%D%/guest/blk.elf: %D%/guest/libguestapps_a-blk.$(OBJEXT) $(BLK_NVME_OBJ) \
		$(KERNEL_LINK_DEPS)
	$(AM_V_GEN)$(LINK_KERNEL) $@ $(KERNEL_LDS) $< $(BLK_NVME_OBJ) \
		$(KERNEL_LINK_INPUTS)
DEVICE_KERNELS = %D%/guest/acpi_reboot.elf %D%/guest/blk.elf \
	%D%/guest/rng.elf
check_DATA += $(DEVICE_KERNELS)
CLEANFILES += $(DEVICE_KERNELS)
DEVICE_TESTS = %D%/guest/acpi.test %D%/guest/ahci.test \
	%D%/guest/virtio_blk.test %D%/guest/virtio_scsi.test \
	%D%/guest/virtio_console.test %D%/guest/virtio_rng.test \
	%D%/guest/nvme.test
TESTS += $(DEVICE_TESTS)
EXTRA_DIST += $(DEVICE_TESTS)

# BEGIN virtio-console input (issue 7)
# An application that echoes what it reads from the console, for
# tests/guest/virtio_console.test and serial_input.test.
CONSOLE_ECHO_DIR = %D%/guest/console_echo
$(CONSOLE_ECHO_DIR)/console_echo.so: $(CONSOLE_ECHO_DIR)/console_echo.c
	$(AM_V_GEN)$(MKDIR_P) $(CONSOLE_ECHO_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(CONSOLE_ECHO_DIR)/console_echo.c
check_DATA += $(CONSOLE_ECHO_DIR)/console_echo.so
CLEANFILES += $(CONSOLE_ECHO_DIR)/console_echo.so
EXTRA_DIST += $(CONSOLE_ECHO_DIR)/console_echo.c
# END virtio-console input

# BEGIN serial console input
# The same program reading what is typed into the serial console, whose
# receive interrupt is routed at the first read.
TESTS += %D%/guest/serial_input.test
EXTRA_DIST += %D%/guest/serial_input.test
# END serial console input

# BEGIN serial console output (console10)
# The UART's transmit FIFO: one wait for THRE per 16 bytes.
TESTS += %D%/guest/serial_output.test
EXTRA_DIST += %D%/guest/serial_output.test
# END serial console output

# BEGIN late consoles (console9)
# Consoles registered after the first read; the count of waiting bytes.
tests_guest_libguestapps_a_SOURCES += %D%/guest/console_late.c
GUEST_KERNELS += %D%/guest/console_late.elf
TESTS += %D%/guest/console_late.test
EXTRA_DIST += %D%/guest/console_late.test
# END late consoles

# BEGIN console lock (console11)
# Whole lines from concurrent writers and an interrupt handler; a panic
# or fault inside a console write still reported.
tests_guest_libguestapps_a_SOURCES += %D%/guest/console_lock.c
GUEST_KERNELS += %D%/guest/console_lock.elf
TESTS += %D%/guest/console_lock.test
EXTRA_DIST += %D%/guest/console_lock.test
# END console lock

# BEGIN console poll (console9)
# poll, select and FIONREAD on the console and on pipes, from an
# application built like any other.
CONSOLE_POLL_DIR = %D%/guest/console_poll
$(CONSOLE_POLL_DIR)/console_poll.so: $(CONSOLE_POLL_DIR)/console_poll.c
	$(AM_V_GEN)$(MKDIR_P) $(CONSOLE_POLL_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(CONSOLE_POLL_DIR)/console_poll.c
check_DATA += $(CONSOLE_POLL_DIR)/console_poll.so
CLEANFILES += $(CONSOLE_POLL_DIR)/console_poll.so
TESTS += %D%/guest/console_poll.test
EXTRA_DIST += %D%/guest/console_poll.test $(CONSOLE_POLL_DIR)/console_poll.c
# END console poll

# BEGIN epoll, eventfd, timerfd (epoll10)
EPOLL_TEST_DIR = %D%/guest/epoll
$(EPOLL_TEST_DIR)/epoll.so: $(EPOLL_TEST_DIR)/epoll.c
	$(AM_V_GEN)$(MKDIR_P) $(EPOLL_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(EPOLL_TEST_DIR)/epoll.c
check_DATA += $(EPOLL_TEST_DIR)/epoll.so
CLEANFILES += $(EPOLL_TEST_DIR)/epoll.so
TESTS += %D%/guest/epoll.test
EXTRA_DIST += %D%/guest/epoll.test $(EPOLL_TEST_DIR)/epoll.c
# END epoll, eventfd, timerfd

# BEGIN memory mappings (issue 6)
# mmap and its relatives from a program built like any application.
MMAN_TEST_DIR = %D%/guest/mman
$(MMAN_TEST_DIR)/mman.so: $(MMAN_TEST_DIR)/mman.c
	$(AM_V_GEN)$(MKDIR_P) $(MMAN_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(MMAN_TEST_DIR)/mman.c
check_DATA += $(MMAN_TEST_DIR)/mman.so
CLEANFILES += $(MMAN_TEST_DIR)/mman.so
TESTS += %D%/guest/mman.test
EXTRA_DIST += %D%/guest/mman.test $(MMAN_TEST_DIR)/mman.c
# END memory mappings

# BEGIN program buffers not yet there, for copies under a spinlock
UACCESS_TEST_DIR = %D%/guest/uaccess
$(UACCESS_TEST_DIR)/uaccess_app.so: $(UACCESS_TEST_DIR)/uaccess_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(UACCESS_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(UACCESS_TEST_DIR)/uaccess_app.c -lpthread
check_DATA += $(UACCESS_TEST_DIR)/uaccess_app.so
CLEANFILES += $(UACCESS_TEST_DIR)/uaccess_app.so
TESTS += %D%/guest/uaccess.test
EXTRA_DIST += %D%/guest/uaccess.test $(UACCESS_TEST_DIR)/uaccess_app.c
# END program buffers

# BEGIN filesystems (issue 6)
# The file calls' test program, built as an application with the host's
# compiler and glibc headers; tests/guest/fs.test packs it in an initrd.
FS_TEST_DIR = %D%/guest/fs
$(FS_TEST_DIR)/fs_calls.so: $(FS_TEST_DIR)/fs_calls.c %D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(FS_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(FS_TEST_DIR)/fs_calls.c
# A filesystem type in a loadable module, built against kernel/include
# as libosv-zfs.so will be; fs_calls.so dlopen()s it.
$(FS_TEST_DIR)/libmodfs.so: $(FS_TEST_DIR)/modfs.c kernel/include/vfs.h
	$(AM_V_GEN)$(MKDIR_P) $(FS_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -I$(srcdir)/kernel/include -I$(srcdir)/include -shared -fPIC -o $@ \
		$(srcdir)/$(FS_TEST_DIR)/modfs.c
check_DATA += $(FS_TEST_DIR)/fs_calls.so $(FS_TEST_DIR)/libmodfs.so
CLEANFILES += $(FS_TEST_DIR)/fs_calls.so $(FS_TEST_DIR)/libmodfs.so
TESTS += %D%/guest/fs.test
EXTRA_DIST += %D%/guest/fs.test $(FS_TEST_DIR)/fs_calls.c \
	$(FS_TEST_DIR)/modfs.c
# END filesystems

# BEGIN boot mounts (boottime)
TESTS += %D%/guest/boot_mounts.test
EXTRA_DIST += %D%/guest/boot_mounts.test
# END boot mounts

# BEGIN stdio streams (issue 5)
# stdio and the _chk entry points as a fortified application uses them;
# built with the host's compiler and glibc headers, packed in an initrd by
# tests/guest/stdio.test.
STDIO_TEST_DIR = %D%/guest/stdio
$(STDIO_TEST_DIR)/stdio_app.so: $(STDIO_TEST_DIR)/stdio_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(STDIO_TEST_DIR) && $(CC) -O2 \
		-D_FORTIFY_SOURCE=2 -Wall -Wextra -Werror \
		-fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(STDIO_TEST_DIR)/stdio_app.c
check_DATA += $(STDIO_TEST_DIR)/stdio_app.so
CLEANFILES += $(STDIO_TEST_DIR)/stdio_app.so
TESTS += %D%/guest/stdio.test
EXTRA_DIST += %D%/guest/stdio.test $(STDIO_TEST_DIR)/stdio_app.c
# END stdio streams
# BEGIN wide-character stdio
# Wide streams, swprintf/swscanf and the wide _chk entry points as a
# fortified application uses them; tests/guest/wstdio.test.
WSTDIO_TEST_DIR = %D%/guest/wstdio
$(WSTDIO_TEST_DIR)/wstdio_app.so: $(WSTDIO_TEST_DIR)/wstdio_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(WSTDIO_TEST_DIR) && $(CC) -O2 \
		-D_FORTIFY_SOURCE=2 -Wall -Wextra -Werror \
		-fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(WSTDIO_TEST_DIR)/wstdio_app.c
check_DATA += $(WSTDIO_TEST_DIR)/wstdio_app.so
CLEANFILES += $(WSTDIO_TEST_DIR)/wstdio_app.so
TESTS += %D%/guest/wstdio.test
EXTRA_DIST += %D%/guest/wstdio.test $(WSTDIO_TEST_DIR)/wstdio_app.c \
	%D%/guest/app_check.h
# END wide-character stdio
# BEGIN POSIX timers
TIMERS_TEST_DIR = %D%/guest/timers
$(TIMERS_TEST_DIR)/timers_app.so: $(TIMERS_TEST_DIR)/timers_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(TIMERS_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(TIMERS_TEST_DIR)/timers_app.c
check_DATA += $(TIMERS_TEST_DIR)/timers_app.so
CLEANFILES += $(TIMERS_TEST_DIR)/timers_app.so
TESTS += %D%/guest/timers.test
EXTRA_DIST += %D%/guest/timers.test $(TIMERS_TEST_DIR)/timers_app.c
# END POSIX timers
# BEGIN time-zone files (TZif) in the kernel's libc, against the host's
TZFILE_TEST_DIR = %D%/guest/tzfile
$(TZFILE_TEST_DIR)/tz_app.so: $(TZFILE_TEST_DIR)/tz_app.c
	$(AM_V_GEN)$(MKDIR_P) $(TZFILE_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -shared -fPIC -o $@ $(srcdir)/$(TZFILE_TEST_DIR)/tz_app.c
$(TZFILE_TEST_DIR)/tz_app_host: $(TZFILE_TEST_DIR)/tz_app.c
	$(AM_V_GEN)$(MKDIR_P) $(TZFILE_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -o $@ $(srcdir)/$(TZFILE_TEST_DIR)/tz_app.c
check_DATA += $(TZFILE_TEST_DIR)/tz_app.so $(TZFILE_TEST_DIR)/tz_app_host
CLEANFILES += $(TZFILE_TEST_DIR)/tz_app.so $(TZFILE_TEST_DIR)/tz_app_host
TESTS += %D%/guest/tzfile.test
EXTRA_DIST += %D%/guest/tzfile.test $(TZFILE_TEST_DIR)/tz_app.c
# END time-zone files
# BEGIN setting the realtime clock under waits on it
CLOCKSET_TEST_DIR = %D%/guest/clockset
$(CLOCKSET_TEST_DIR)/clockset_app.so: $(CLOCKSET_TEST_DIR)/clockset_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(CLOCKSET_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(CLOCKSET_TEST_DIR)/clockset_app.c
check_DATA += $(CLOCKSET_TEST_DIR)/clockset_app.so
CLEANFILES += $(CLOCKSET_TEST_DIR)/clockset_app.so
TESTS += %D%/guest/clockset.test
EXTRA_DIST += %D%/guest/clockset.test $(CLOCKSET_TEST_DIR)/clockset_app.c
# END setting the realtime clock
# BEGIN host directories shared over virtio-9p
P9FS_TEST_DIR = %D%/guest/p9fs
$(P9FS_TEST_DIR)/p9fs_app.so: $(P9FS_TEST_DIR)/p9fs_app.c %D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(P9FS_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -shared -fPIC -o $@ $(srcdir)/$(P9FS_TEST_DIR)/p9fs_app.c
check_DATA += $(P9FS_TEST_DIR)/p9fs_app.so
CLEANFILES += $(P9FS_TEST_DIR)/p9fs_app.so
TESTS += %D%/guest/p9fs.test
EXTRA_DIST += %D%/guest/p9fs.test $(P9FS_TEST_DIR)/p9fs_app.c
# END host directories shared over virtio-9p
# BEGIN the program's environment (--env)
ENV_TEST_DIR = %D%/guest/env
ENV_TEST_CC = $(MKDIR_P) $(ENV_TEST_DIR) && $(CC) -O2 -Wall -Wextra -Werror \
	-fno-omit-frame-pointer
$(ENV_TEST_DIR)/env_app.so: $(ENV_TEST_DIR)/env_app.c %D%/guest/app_check.h
	$(AM_V_GEN)$(ENV_TEST_CC) -shared -fPIC -o $@ \
		$(srcdir)/$(ENV_TEST_DIR)/env_app.c
$(ENV_TEST_DIR)/env_pie: $(ENV_TEST_DIR)/env_app.c %D%/guest/app_check.h
	$(AM_V_GEN)$(ENV_TEST_CC) -fPIE -pie -DENV_APP_PIE -o $@ \
		$(srcdir)/$(ENV_TEST_DIR)/env_app.c
check_DATA += $(ENV_TEST_DIR)/env_app.so $(ENV_TEST_DIR)/env_pie
CLEANFILES += $(ENV_TEST_DIR)/env_app.so $(ENV_TEST_DIR)/env_pie
TESTS += %D%/guest/env.test
EXTRA_DIST += %D%/guest/env.test $(ENV_TEST_DIR)/env_app.c
# END the program's environment
# BEGIN the program's standard input (--stdin)
STDIN_TEST_DIR = %D%/guest/stdin
$(STDIN_TEST_DIR)/stdin_app.so: $(STDIN_TEST_DIR)/stdin_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(STDIN_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(STDIN_TEST_DIR)/stdin_app.c
check_DATA += $(STDIN_TEST_DIR)/stdin_app.so
CLEANFILES += $(STDIN_TEST_DIR)/stdin_app.so
TESTS += %D%/guest/stdin.test
EXTRA_DIST += %D%/guest/stdin.test $(STDIN_TEST_DIR)/stdin_app.c
# END the program's standard input
# BEGIN alternate signal stacks sized by AT_MINSIGSTKSZ
ALTSTACK_TEST_DIR = %D%/guest/altstack
$(ALTSTACK_TEST_DIR)/altstack_app: $(ALTSTACK_TEST_DIR)/altstack_app.c
	$(AM_V_GEN)$(MKDIR_P) $(ALTSTACK_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -fPIE -pie -o $@ \
		$(srcdir)/$(ALTSTACK_TEST_DIR)/altstack_app.c
check_DATA += $(ALTSTACK_TEST_DIR)/altstack_app
CLEANFILES += $(ALTSTACK_TEST_DIR)/altstack_app
TESTS += %D%/guest/altstack.test
EXTRA_DIST += %D%/guest/altstack.test $(ALTSTACK_TEST_DIR)/altstack_app.c
# END alternate signal stacks
# BEGIN signal delivery: alternate stacks per thread, ucontext
SIGSTACK_TEST_DIR = %D%/guest/sigstack
$(SIGSTACK_TEST_DIR)/sigstack_app: $(SIGSTACK_TEST_DIR)/sigstack_app.c \
		%D%/guest/guarded_stack.h
	$(AM_V_GEN)$(MKDIR_P) $(SIGSTACK_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -fPIE -pie -o $@ \
		$(srcdir)/$(SIGSTACK_TEST_DIR)/sigstack_app.c -lpthread
check_DATA += $(SIGSTACK_TEST_DIR)/sigstack_app
CLEANFILES += $(SIGSTACK_TEST_DIR)/sigstack_app
TESTS += %D%/guest/sigstack.test
EXTRA_DIST += %D%/guest/sigstack.test $(SIGSTACK_TEST_DIR)/sigstack_app.c \
	%D%/guest/guarded_stack.h
# END signal delivery
# BEGIN signal delivery at an interrupt, room on the alternate stack
SIGASYNC_TEST_DIR = %D%/guest/sigasync
$(SIGASYNC_TEST_DIR)/sigasync_app: $(SIGASYNC_TEST_DIR)/sigasync_app.c \
		%D%/guest/guarded_stack.h
	$(AM_V_GEN)$(MKDIR_P) $(SIGASYNC_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -fPIE -pie -o $@ \
		$(srcdir)/$(SIGASYNC_TEST_DIR)/sigasync_app.c -lpthread
check_DATA += $(SIGASYNC_TEST_DIR)/sigasync_app
CLEANFILES += $(SIGASYNC_TEST_DIR)/sigasync_app
TESTS += %D%/guest/sigasync.test
EXTRA_DIST += %D%/guest/sigasync.test $(SIGASYNC_TEST_DIR)/sigasync_app.c
# END signal delivery at an interrupt

# BEGIN the libc's variables in a program (COPY relocations)
PROGVARS_TEST_DIR = %D%/guest/progvars
PROGVARS_TEST_CC = $(MKDIR_P) $(PROGVARS_TEST_DIR) && $(CC) -O2 -Wall \
	-Wextra -Werror -fno-omit-frame-pointer
$(PROGVARS_TEST_DIR)/progvars_app.so: $(PROGVARS_TEST_DIR)/progvars_app.c
	$(AM_V_GEN)$(PROGVARS_TEST_CC) -shared -fPIC -o $@ \
		$(srcdir)/$(PROGVARS_TEST_DIR)/progvars_app.c -lm
$(PROGVARS_TEST_DIR)/progvars_pie: $(PROGVARS_TEST_DIR)/progvars_app.c
	$(AM_V_GEN)$(PROGVARS_TEST_CC) -fPIE -pie -o $@ \
		$(srcdir)/$(PROGVARS_TEST_DIR)/progvars_app.c -lm
# ISO C, so that <time.h> leaves timezone and daylight to the program.
$(PROGVARS_TEST_DIR)/progvars_own: $(PROGVARS_TEST_DIR)/progvars_own.c
	$(AM_V_GEN)$(PROGVARS_TEST_CC) -std=c11 -fPIE -pie -o $@ \
		$(srcdir)/$(PROGVARS_TEST_DIR)/progvars_own.c
$(PROGVARS_TEST_DIR)/progvars_files: $(PROGVARS_TEST_DIR)/progvars_files.c
	$(AM_V_GEN)$(PROGVARS_TEST_CC) -fPIE -pie -o $@ \
		$(srcdir)/$(PROGVARS_TEST_DIR)/progvars_files.c
$(PROGVARS_TEST_DIR)/progvars_debug: $(PROGVARS_TEST_DIR)/progvars_debug.c
	$(AM_V_GEN)$(PROGVARS_TEST_CC) -fPIE -pie -o $@ \
		$(srcdir)/$(PROGVARS_TEST_DIR)/progvars_debug.c
check_DATA += $(PROGVARS_TEST_DIR)/progvars_app.so \
	$(PROGVARS_TEST_DIR)/progvars_pie $(PROGVARS_TEST_DIR)/progvars_own \
	$(PROGVARS_TEST_DIR)/progvars_debug $(PROGVARS_TEST_DIR)/progvars_files
CLEANFILES += $(PROGVARS_TEST_DIR)/progvars_app.so \
	$(PROGVARS_TEST_DIR)/progvars_pie $(PROGVARS_TEST_DIR)/progvars_own \
	$(PROGVARS_TEST_DIR)/progvars_debug $(PROGVARS_TEST_DIR)/progvars_files
TESTS += %D%/guest/progvars.test
EXTRA_DIST += %D%/guest/progvars.test $(PROGVARS_TEST_DIR)/progvars_app.c \
	$(PROGVARS_TEST_DIR)/progvars_own.c $(PROGVARS_TEST_DIR)/progvars_debug.c \
	$(PROGVARS_TEST_DIR)/progvars_files.c
# END the libc's variables in a program
# BEGIN the auxiliary vector
# tests/guest/auxv.test: getauxval, the process stack's vector and
# /proc/self/auxv agree, in a PIE, a non-PIE executable and a shared
# object.
AUXV_TEST_DIR = %D%/guest/auxv
AUXV_TEST_CC = $(MKDIR_P) $(AUXV_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
	-Werror -I$(srcdir)/%D%/guest
AUXV_TEST_SRC = $(AUXV_TEST_DIR)/auxv_app.c %D%/guest/app_check.h
$(AUXV_TEST_DIR)/auxv_pie: $(AUXV_TEST_SRC)
	$(AM_V_GEN)$(AUXV_TEST_CC) -DAUXV_EXECUTABLE -fPIE -pie -o $@ \
		$(srcdir)/$(AUXV_TEST_DIR)/auxv_app.c
$(AUXV_TEST_DIR)/auxv_exec: $(AUXV_TEST_SRC)
	$(AM_V_GEN)$(AUXV_TEST_CC) -DAUXV_EXECUTABLE -fno-pie -no-pie -o $@ \
		$(srcdir)/$(AUXV_TEST_DIR)/auxv_app.c
$(AUXV_TEST_DIR)/auxv_app.so: $(AUXV_TEST_SRC)
	$(AM_V_GEN)$(AUXV_TEST_CC) -shared -fPIC -o $@ \
		$(srcdir)/$(AUXV_TEST_DIR)/auxv_app.c
AUXV_TEST_APPS = $(AUXV_TEST_DIR)/auxv_pie $(AUXV_TEST_DIR)/auxv_exec \
	$(AUXV_TEST_DIR)/auxv_app.so
check_DATA += $(AUXV_TEST_APPS)
CLEANFILES += $(AUXV_TEST_APPS)
TESTS += %D%/guest/auxv.test
EXTRA_DIST += %D%/guest/auxv.test $(AUXV_TEST_DIR)/auxv_app.c
# END the auxiliary vector
# BEGIN programs linked at a fixed address (ET_EXEC)
ETEXEC_TEST_DIR = %D%/guest/etexec
ETEXEC_TEST_CC = $(MKDIR_P) $(ETEXEC_TEST_DIR) && $(CC) -O2 -Wall \
	-Wextra -Werror -fno-omit-frame-pointer -fno-pie -no-pie
$(ETEXEC_TEST_DIR)/etexec_app: $(ETEXEC_TEST_DIR)/etexec_app.c
	$(AM_V_GEN)$(ETEXEC_TEST_CC) -o $@ \
		$(srcdir)/$(ETEXEC_TEST_DIR)/etexec_app.c
$(ETEXEC_TEST_DIR)/progvars_exec: $(PROGVARS_TEST_DIR)/progvars_app.c
	$(AM_V_GEN)$(ETEXEC_TEST_CC) -o $@ \
		$(srcdir)/$(PROGVARS_TEST_DIR)/progvars_app.c -lm
$(ETEXEC_TEST_DIR)/etexec_in_kernel: $(ETEXEC_TEST_DIR)/etexec_fail.c
	$(AM_V_GEN)$(ETEXEC_TEST_CC) -Wl,-Ttext-segment=0x100000 -o $@ \
		$(srcdir)/$(ETEXEC_TEST_DIR)/etexec_fail.c
$(ETEXEC_TEST_DIR)/etexec_above_ram: $(ETEXEC_TEST_DIR)/etexec_fail.c
	$(AM_V_GEN)$(ETEXEC_TEST_CC) -Wl,-Ttext-segment=0x40000000 -o $@ \
		$(srcdir)/$(ETEXEC_TEST_DIR)/etexec_fail.c
$(ETEXEC_TEST_DIR)/etexec_past_ram: $(ETEXEC_TEST_DIR)/etexec_fail.c
	$(AM_V_GEN)$(ETEXEC_TEST_CC) -Wl,-Ttext-segment=0x3800000 -o $@ \
		$(srcdir)/$(ETEXEC_TEST_DIR)/etexec_fail.c
$(ETEXEC_TEST_DIR)/etexec_textrel: $(ETEXEC_TEST_DIR)/etexec_textrel.c
	$(AM_V_GEN)$(ETEXEC_TEST_CC) -mcmodel=large -Wl,-z,nocopyreloc \
		-Wl,-z,notext -o $@ \
		$(srcdir)/$(ETEXEC_TEST_DIR)/etexec_textrel.c
$(ETEXEC_TEST_DIR)/etexec_gap: $(ETEXEC_TEST_DIR)/etexec_gap.c
	$(AM_V_GEN)$(ETEXEC_TEST_CC) -Wl,-z,max-page-size=0x200000 \
		-Wl,-z,noseparate-code -o $@ \
		$(srcdir)/$(ETEXEC_TEST_DIR)/etexec_gap.c
ETEXEC_TEST_APPS = $(ETEXEC_TEST_DIR)/etexec_app \
	$(ETEXEC_TEST_DIR)/etexec_gap \
	$(ETEXEC_TEST_DIR)/progvars_exec $(ETEXEC_TEST_DIR)/etexec_in_kernel \
	$(ETEXEC_TEST_DIR)/etexec_above_ram $(ETEXEC_TEST_DIR)/etexec_past_ram \
	$(ETEXEC_TEST_DIR)/etexec_textrel
check_DATA += $(ETEXEC_TEST_APPS)
CLEANFILES += $(ETEXEC_TEST_APPS)
TESTS += %D%/guest/etexec.test
EXTRA_DIST += %D%/guest/etexec.test $(ETEXEC_TEST_DIR)/etexec_app.c \
	$(ETEXEC_TEST_DIR)/etexec_fail.c $(ETEXEC_TEST_DIR)/etexec_textrel.c \
	$(ETEXEC_TEST_DIR)/etexec_gap.c $(ETEXEC_TEST_DIR)/relr_text.py
TESTS += %D%/guest/python.test
EXTRA_DIST += %D%/guest/python.test %D%/guest/python/script.py
TESTS += %D%/guest/python_app.test %D%/guest/python_net.test \
	%D%/guest/python_mods.test
EXTRA_DIST += %D%/guest/python_app.test %D%/guest/python_net.test \
	%D%/guest/python_mods.test %D%/guest/python/mods.py \
	%D%/guest/python/image.sh %D%/guest/python/pyapp/__init__.py \
	%D%/guest/python/pyapp/__main__.py \
	%D%/guest/python/httpd.py %D%/guest/python/http_client.py
# END programs linked at a fixed address
# BEGIN the signal masks of ppoll, pselect, epoll_pwait and sigsuspend
SIGMASK_TEST_DIR = %D%/guest/sigmask
$(SIGMASK_TEST_DIR)/sigmask_app.so: $(SIGMASK_TEST_DIR)/sigmask_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(SIGMASK_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(SIGMASK_TEST_DIR)/sigmask_app.c
check_DATA += $(SIGMASK_TEST_DIR)/sigmask_app.so
CLEANFILES += $(SIGMASK_TEST_DIR)/sigmask_app.so
TESTS += %D%/guest/sigmask.test
EXTRA_DIST += %D%/guest/sigmask.test $(SIGMASK_TEST_DIR)/sigmask_app.c
# END the signal masks
# BEGIN abilast: thread affinity, fallocate, ctermid, shadow, dev_t
ABILAST_TEST_DIR = %D%/guest/abilast
$(ABILAST_TEST_DIR)/abilast_app.so: $(ABILAST_TEST_DIR)/abilast_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(ABILAST_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(ABILAST_TEST_DIR)/abilast_app.c
check_DATA += $(ABILAST_TEST_DIR)/abilast_app.so
CLEANFILES += $(ABILAST_TEST_DIR)/abilast_app.so
TESTS += %D%/guest/abilast.test
EXTRA_DIST += %D%/guest/abilast.test $(ABILAST_TEST_DIR)/abilast_app.c
# END abilast
# BEGIN abirest: capabilities, aio, contexts, fts, utmp, the resolver
ABIREST_TEST_DIR = %D%/guest/abirest
$(ABIREST_TEST_DIR)/abirest_app.so: $(ABIREST_TEST_DIR)/abirest_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(ABIREST_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(ABIREST_TEST_DIR)/abirest_app.c
check_DATA += $(ABIREST_TEST_DIR)/abirest_app.so
CLEANFILES += $(ABIREST_TEST_DIR)/abirest_app.so
TESTS += %D%/guest/abirest.test
EXTRA_DIST += %D%/guest/abirest.test $(ABIREST_TEST_DIR)/abirest_app.c
# END abirest
# BEGIN abinames: SysV message queues, memalign, scandirat, ptys, argp,
# gshadow and the rest of what Debian's libraries still missed
ABINAMES_TEST_DIR = %D%/guest/abinames
$(ABINAMES_TEST_DIR)/abinames_app.so: $(ABINAMES_TEST_DIR)/abinames_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(ABINAMES_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(ABINAMES_TEST_DIR)/abinames_app.c
check_DATA += $(ABINAMES_TEST_DIR)/abinames_app.so
CLEANFILES += $(ABINAMES_TEST_DIR)/abinames_app.so
TESTS += %D%/guest/abinames.test
EXTRA_DIST += %D%/guest/abinames.test $(ABINAMES_TEST_DIR)/abinames_app.c
# END abinames
# BEGIN advisory locks: fcntl's, OFD, flock, lockf
LOCKS_TEST_DIR = %D%/guest/locks
$(LOCKS_TEST_DIR)/locks_app.so: $(LOCKS_TEST_DIR)/locks_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(LOCKS_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(LOCKS_TEST_DIR)/locks_app.c
check_DATA += $(LOCKS_TEST_DIR)/locks_app.so
CLEANFILES += $(LOCKS_TEST_DIR)/locks_app.so
TESTS += %D%/guest/locks.test
EXTRA_DIST += %D%/guest/locks.test $(LOCKS_TEST_DIR)/locks_app.c
# END advisory locks

# BEGIN named pipes: mkfifo, mknod, the opens of a FIFO
FIFO_TEST_DIR = %D%/guest/fifo
$(FIFO_TEST_DIR)/fifo_app.so: $(FIFO_TEST_DIR)/fifo_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(FIFO_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(FIFO_TEST_DIR)/fifo_app.c
check_DATA += $(FIFO_TEST_DIR)/fifo_app.so
CLEANFILES += $(FIFO_TEST_DIR)/fifo_app.so
TESTS += %D%/guest/fifo.test
EXTRA_DIST += %D%/guest/fifo.test $(FIFO_TEST_DIR)/fifo_app.c
# END named pipes

# BEGIN per-thread signal masks
SIGTHREAD_TEST_DIR = %D%/guest/sigthread
$(SIGTHREAD_TEST_DIR)/sigthread_app.so: $(SIGTHREAD_TEST_DIR)/sigthread_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(SIGTHREAD_TEST_DIR) && $(CC) -O2 -Wall \
		-Wextra -Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(SIGTHREAD_TEST_DIR)/sigthread_app.c
check_DATA += $(SIGTHREAD_TEST_DIR)/sigthread_app.so
CLEANFILES += $(SIGTHREAD_TEST_DIR)/sigthread_app.so
TESTS += %D%/guest/sigthread.test
EXTRA_DIST += %D%/guest/sigthread.test \
	$(SIGTHREAD_TEST_DIR)/sigthread_app.c
# END per-thread signal masks

# BEGIN netdb
NETDB_TEST_DIR = %D%/guest/netdb
$(NETDB_TEST_DIR)/netdb_app.so: $(NETDB_TEST_DIR)/netdb_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(NETDB_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(NETDB_TEST_DIR)/netdb_app.c
check_DATA += $(NETDB_TEST_DIR)/netdb_app.so
CLEANFILES += $(NETDB_TEST_DIR)/netdb_app.so
TESTS += %D%/guest/netdb.test
EXTRA_DIST += %D%/guest/netdb.test $(NETDB_TEST_DIR)/netdb_app.c \
	$(NETDB_TEST_DIR)/hosts
# END netdb
# BEGIN dnsname: getaddrinfo and the gethostby* ask DNS
DNSNAME_TEST_DIR = %D%/guest/dnsname
$(DNSNAME_TEST_DIR)/dnsname_app.so: $(DNSNAME_TEST_DIR)/dnsname_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(DNSNAME_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(DNSNAME_TEST_DIR)/dnsname_app.c
check_DATA += $(DNSNAME_TEST_DIR)/dnsname_app.so
CLEANFILES += $(DNSNAME_TEST_DIR)/dnsname_app.so
TESTS += %D%/guest/dnsname.test
EXTRA_DIST += %D%/guest/dnsname.test $(DNSNAME_TEST_DIR)/dnsname_app.c
# END dnsname

# BEGIN inotify (inotify13)
INOTIFY_TEST_DIR = %D%/guest/inotify
$(INOTIFY_TEST_DIR)/inotify_app.so: $(INOTIFY_TEST_DIR)/inotify_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(INOTIFY_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(INOTIFY_TEST_DIR)/inotify_app.c
check_DATA += $(INOTIFY_TEST_DIR)/inotify_app.so
CLEANFILES += $(INOTIFY_TEST_DIR)/inotify_app.so
TESTS += %D%/guest/inotify.test
EXTRA_DIST += %D%/guest/inotify.test $(INOTIFY_TEST_DIR)/inotify_app.c
TESTS += %D%/guest/inotify_zfs.test
EXTRA_DIST += %D%/guest/inotify_zfs.test
# END inotify

# BEGIN UDP sockets (ipstack)
UDPSOCK_TEST_DIR = %D%/guest/udpsock
$(UDPSOCK_TEST_DIR)/udpsock_app.so: $(UDPSOCK_TEST_DIR)/udpsock_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(UDPSOCK_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(UDPSOCK_TEST_DIR)/udpsock_app.c -lpthread
check_DATA += $(UDPSOCK_TEST_DIR)/udpsock_app.so
CLEANFILES += $(UDPSOCK_TEST_DIR)/udpsock_app.so
TESTS += %D%/guest/udpsock.test
EXTRA_DIST += %D%/guest/udpsock.test $(UDPSOCK_TEST_DIR)/udpsock_app.c
# END UDP sockets

# BEGIN IPv4 on QEMU's user network (ipstack)
IPNET_TEST_DIR = %D%/guest/ipnet
$(IPNET_TEST_DIR)/ipnet_app.so: $(IPNET_TEST_DIR)/ipnet_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(IPNET_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(IPNET_TEST_DIR)/ipnet_app.c
check_DATA += $(IPNET_TEST_DIR)/ipnet_app.so
CLEANFILES += $(IPNET_TEST_DIR)/ipnet_app.so
TESTS += %D%/guest/ipnet.test
EXTRA_DIST += %D%/guest/ipnet.test $(IPNET_TEST_DIR)/ipnet_app.c
# END IPv4 on QEMU's user network

# BEGIN TCP sockets (tcpsock)
TCPSOCK_TEST_DIR = %D%/guest/tcpsock
$(TCPSOCK_TEST_DIR)/tcpsock_app.so: $(TCPSOCK_TEST_DIR)/tcpsock_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(TCPSOCK_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(TCPSOCK_TEST_DIR)/tcpsock_app.c -lpthread
check_DATA += $(TCPSOCK_TEST_DIR)/tcpsock_app.so
CLEANFILES += $(TCPSOCK_TEST_DIR)/tcpsock_app.so
TESTS += %D%/guest/tcpsock.test
EXTRA_DIST += %D%/guest/tcpsock.test $(TCPSOCK_TEST_DIR)/tcpsock_app.c
# END TCP sockets (tcpsock)

# BEGIN TCP over QEMU's user network (tcpsock)
TCPNET_TEST_DIR = %D%/guest/tcpnet
$(TCPNET_TEST_DIR)/tcpnet_app.so: $(TCPNET_TEST_DIR)/tcpnet_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(TCPNET_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(TCPNET_TEST_DIR)/tcpnet_app.c
check_DATA += $(TCPNET_TEST_DIR)/tcpnet_app.so
CLEANFILES += $(TCPNET_TEST_DIR)/tcpnet_app.so
TESTS += %D%/guest/tcpnet.test
EXTRA_DIST += %D%/guest/tcpnet.test $(TCPNET_TEST_DIR)/tcpnet_app.c \
	$(TCPNET_TEST_DIR)/tcpnet_host.pl %D%/guest/qmp.pl
# END TCP over QEMU's user network (tcpsock)

# BEGIN the network's power-off drain (txdrain)
NETDRAIN_TEST_DIR = %D%/guest/netdrain
$(NETDRAIN_TEST_DIR)/netdrain_app.so: $(NETDRAIN_TEST_DIR)/netdrain_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(NETDRAIN_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(NETDRAIN_TEST_DIR)/netdrain_app.c
check_DATA += $(NETDRAIN_TEST_DIR)/netdrain_app.so
CLEANFILES += $(NETDRAIN_TEST_DIR)/netdrain_app.so
TESTS += %D%/guest/netdrain.test
EXTRA_DIST += %D%/guest/netdrain.test $(NETDRAIN_TEST_DIR)/netdrain_app.c \
	$(NETDRAIN_TEST_DIR)/netdrain_host.pl
# END the network's power-off drain (txdrain)

# BEGIN AF_UNIX sockets (netunix)
UNIXSOCK_TEST_DIR = %D%/guest/unixsock
$(UNIXSOCK_TEST_DIR)/unixsock_app.so: $(UNIXSOCK_TEST_DIR)/unixsock_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(UNIXSOCK_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(UNIXSOCK_TEST_DIR)/unixsock_app.c
check_DATA += $(UNIXSOCK_TEST_DIR)/unixsock_app.so
CLEANFILES += $(UNIXSOCK_TEST_DIR)/unixsock_app.so
TESTS += %D%/guest/unixsock.test
EXTRA_DIST += %D%/guest/unixsock.test $(UNIXSOCK_TEST_DIR)/unixsock_app.c
TESTS += %D%/guest/unixsock_mnl.test
EXTRA_DIST += %D%/guest/unixsock_mnl.test $(UNIXSOCK_TEST_DIR)/mnl_app.c
# END AF_UNIX sockets

# BEGIN virtio-net and packet sockets (vnet)
VNET_TEST_DIR = %D%/guest/vnet
$(VNET_TEST_DIR)/vnet_app.so: $(VNET_TEST_DIR)/vnet_app.c %D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(VNET_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(VNET_TEST_DIR)/vnet_app.c
check_DATA += $(VNET_TEST_DIR)/vnet_app.so
CLEANFILES += $(VNET_TEST_DIR)/vnet_app.so
TESTS += %D%/guest/vnet.test
EXTRA_DIST += %D%/guest/vnet.test $(VNET_TEST_DIR)/vnet_app.c
# END virtio-net and packet sockets

# The e1000 driver, with the programs of ipnet, tcpnet and vnet.
TESTS += %D%/guest/e1000.test
EXTRA_DIST += %D%/guest/e1000.test

# BEGIN abimisc: users, groups, host names, prctl...
ABIMISC_TEST_DIR = %D%/guest/abimisc
$(ABIMISC_TEST_DIR)/abimisc_app.so: $(ABIMISC_TEST_DIR)/abimisc_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(ABIMISC_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(ABIMISC_TEST_DIR)/abimisc_app.c
check_DATA += $(ABIMISC_TEST_DIR)/abimisc_app.so
CLEANFILES += $(ABIMISC_TEST_DIR)/abimisc_app.so
TESTS += %D%/guest/abimisc.test
EXTRA_DIST += %D%/guest/abimisc.test $(ABIMISC_TEST_DIR)/abimisc_app.c
# END abimisc

# BEGIN abimore: shared memory, splice, mntent
ABIMORE_TEST_DIR = %D%/guest/abimore
$(ABIMORE_TEST_DIR)/abimore_app.so: $(ABIMORE_TEST_DIR)/abimore_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(ABIMORE_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(ABIMORE_TEST_DIR)/abimore_app.c
check_DATA += $(ABIMORE_TEST_DIR)/abimore_app.so
CLEANFILES += $(ABIMORE_TEST_DIR)/abimore_app.so
TESTS += %D%/guest/abimore.test
EXTRA_DIST += %D%/guest/abimore.test $(ABIMORE_TEST_DIR)/abimore_app.c
# END abimore
# BEGIN the alarm clocks and TFD_IOC_SET_TICKS
ALARMCLOCK_TEST_DIR = %D%/guest/alarmclock
$(ALARMCLOCK_TEST_DIR)/alarmclock_app.so: \
		$(ALARMCLOCK_TEST_DIR)/alarmclock_app.c %D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(ALARMCLOCK_TEST_DIR) && $(CC) -O2 -Wall \
		-Wextra -Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(ALARMCLOCK_TEST_DIR)/alarmclock_app.c
check_DATA += $(ALARMCLOCK_TEST_DIR)/alarmclock_app.so
CLEANFILES += $(ALARMCLOCK_TEST_DIR)/alarmclock_app.so
TESTS += %D%/guest/alarmclock.test
EXTRA_DIST += %D%/guest/alarmclock.test \
	$(ALARMCLOCK_TEST_DIR)/alarmclock_app.c
# END the alarm clocks
# BEGIN arc4random
RANDOM_TEST_DIR = %D%/guest/random
$(RANDOM_TEST_DIR)/random_app.so: $(RANDOM_TEST_DIR)/random_app.c \
		%D%/guest/app_check.h
	$(AM_V_GEN)$(MKDIR_P) $(RANDOM_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC -o $@ \
		$(srcdir)/$(RANDOM_TEST_DIR)/random_app.c
check_DATA += $(RANDOM_TEST_DIR)/random_app.so
CLEANFILES += $(RANDOM_TEST_DIR)/random_app.so
TESTS += %D%/guest/random.test
EXTRA_DIST += %D%/guest/random.test $(RANDOM_TEST_DIR)/random_app.c
# END arc4random
# BEGIN configure matrix (issue 8)
# Configures and builds kernels of other configurations in a temporary
# directory and boots them (tests/matrix/configure.test).
TESTS += %D%/matrix/configure.test
EXTRA_DIST += %D%/matrix/configure.test
AM_TESTS_ENVIRONMENT += MAKE='$(MAKE)' CC='$(CC)'; export MAKE CC;
# END configure matrix
# BEGIN drivers: PCI interrupts (MSI, INTx) on QEMU's edu device
# A program that calls a driver is built only with that driver; its
# test then skips and says which (tests/guest/lib.sh's require_drivers).
if DRIVER_PCI
tests_guest_libguestapps_a_SOURCES += %D%/guest/pci_irq.c
GUEST_KERNELS += %D%/guest/pci_irq.elf
endif
TESTS += %D%/guest/pci_irq.test
EXTRA_DIST += %D%/guest/pci_irq.test
# END drivers
# BEGIN libm and misc (issue 5)
# An application (the host's compiler, glibc's headers, -lm) that checks
# the kernel's libm against values glibc computed at build time, and
# sysconf, uname, ids, limits, signals and the ENOSYS process calls.
LIBC_TEST_DIR = %D%/guest/libc
$(LIBC_TEST_DIR)/libm_expect$(EXEEXT): $(LIBC_TEST_DIR)/libm_expect.c \
		$(LIBC_TEST_DIR)/libm_cases.h
	$(AM_V_GEN)$(MKDIR_P) $(LIBC_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -o $@ $(srcdir)/$(LIBC_TEST_DIR)/libm_expect.c -lm
$(LIBC_TEST_DIR)/libm_expected.h: $(LIBC_TEST_DIR)/libm_expect$(EXEEXT)
	$(AM_V_GEN)$(LIBC_TEST_DIR)/libm_expect$(EXEEXT) >$@.tmp && \
		mv $@.tmp $@
$(LIBC_TEST_DIR)/misc.so: $(LIBC_TEST_DIR)/misc.c \
		$(LIBC_TEST_DIR)/libm_cases.h $(LIBC_TEST_DIR)/libm_expected.h
	$(AM_V_GEN)$(CC) -O2 -Wall -Wextra -Werror -fno-omit-frame-pointer \
		-shared -fPIC -I$(LIBC_TEST_DIR) \
		-o $@ $(srcdir)/$(LIBC_TEST_DIR)/misc.c -lm
# The same program as a glibc PIE, entered at _start (crt1 calls
# __libc_start_main) with libc.so.6 and libm.so.6 as DT_NEEDED.
$(LIBC_TEST_DIR)/misc_pie: $(LIBC_TEST_DIR)/misc.c \
		$(LIBC_TEST_DIR)/libm_cases.h $(LIBC_TEST_DIR)/libm_expected.h
	$(AM_V_GEN)$(CC) -O2 -Wall -Wextra -Werror -fno-omit-frame-pointer \
		-fPIE -pie -I$(LIBC_TEST_DIR) \
		-o $@ $(srcdir)/$(LIBC_TEST_DIR)/misc.c -lm
# CPU faults as signals.
$(LIBC_TEST_DIR)/faults.so: $(LIBC_TEST_DIR)/faults.c
	$(AM_V_GEN)$(MKDIR_P) $(LIBC_TEST_DIR) && $(CC) -O2 -Wall -Wextra \
		-Werror -fno-omit-frame-pointer -shared -fPIC \
		-o $@ $(srcdir)/$(LIBC_TEST_DIR)/faults.c
check_DATA += $(LIBC_TEST_DIR)/misc.so $(LIBC_TEST_DIR)/misc_pie \
	$(LIBC_TEST_DIR)/faults.so
CLEANFILES += $(LIBC_TEST_DIR)/misc.so $(LIBC_TEST_DIR)/misc_pie \
	$(LIBC_TEST_DIR)/faults.so \
	$(LIBC_TEST_DIR)/libm_expected.h \
	$(LIBC_TEST_DIR)/libm_expect$(EXEEXT)
TESTS += %D%/guest/libc.test
EXTRA_DIST += %D%/guest/libc.test $(LIBC_TEST_DIR)/misc.c \
	$(LIBC_TEST_DIR)/libm_cases.h $(LIBC_TEST_DIR)/libm_expect.c \
	$(LIBC_TEST_DIR)/faults.c
# END libm and misc

# BEGIN Debian's libz (issue 5)
# The test unpacks zlib1g's .deb (./setup caches it: tests/debs.sh) and
# builds its program against it; nothing of Debian's is committed.
TESTS += %D%/guest/libz.test
EXTRA_DIST += %D%/guest/libz.test %D%/guest/libz/zlib_app.c \
	%D%/guest/word_text.h
# END Debian's libz

# BEGIN C++ with Debian's libstdc++ (session 12)
# The test copies the host's libstdc++.so.6 and libgcc_s.so.1 (Debian's
# packages) into its initrd and builds its program with g++.
TESTS += %D%/guest/cxx.test
EXTRA_DIST += %D%/guest/cxx.test %D%/guest/cxx/cxx_app.cc \
	%D%/guest/cxx/cxx_plugin.cc
# END C++ with Debian's libstdc++

# BEGIN Debian's libsqlite3 (session 12)
# The test unpacks libsqlite3-0's and libsqlite3-dev's .debs (./setup
# caches them: tests/debs.sh) and builds its program against them;
# nothing of Debian's is committed.
TESTS += %D%/guest/sqlite.test
EXTRA_DIST += %D%/guest/sqlite.test %D%/guest/sqlite/sqlite_app.c
# END Debian's libsqlite3

# BEGIN more of Debian's libraries (session 17)
# The tests unpack libssl3's, liblzma5's, libzstd1's, libexpat1's and
# libpcre2-8-0's .debs (./setup caches them: tests/debs.sh) and build
# their programs with the installed -dev packages' headers; nothing of
# Debian's is committed.
TESTS += %D%/guest/crypto.test %D%/guest/compress.test %D%/guest/parse.test
EXTRA_DIST += %D%/guest/crypto.test %D%/guest/compress.test \
	%D%/guest/parse.test %D%/guest/reallibs/crypto_app.c \
	%D%/guest/reallibs/compress_app.c %D%/guest/reallibs/parse_app.c
# END more of Debian's libraries

# BEGIN Debian's programs: PIE executables run unmodified (session 18)
# The test unpacks perl-base's, sqlite3's, jq's, mawk's, bc's, sed's,
# grep's, diffutils', gawk's and their libraries' .debs (./setup caches them: tests/debs.sh) and runs each
# program on a script of tests/guest/debprogs/, in the guest and on the
# host; nothing of Debian's is committed.
TESTS += %D%/guest/debprogs.test
EXTRA_DIST += %D%/guest/debprogs.test %D%/guest/debprogs/progs.pl \
	%D%/guest/debprogs/progs.sql %D%/guest/debprogs/progs.jq \
	%D%/guest/debprogs/progs.json %D%/guest/debprogs/progs.awk \
	%D%/guest/debprogs/progs.bc %D%/guest/debprogs/data.txt \
	%D%/guest/debprogs/paras.txt %D%/guest/debprogs/progs.sed \
	%D%/guest/debprogs/text.txt %D%/guest/debprogs/text2.txt \
	%D%/guest/debprogs/progs.gawk %D%/guest/debprogs/gawklib.awk \
	%D%/guest/deblib.sh
# Debian's coreutils and gzip reading their input from --stdin=PATH.
TESTS += %D%/guest/debstdin.test
EXTRA_DIST += %D%/guest/debstdin.test
# Debian's coreutils, gzip and cmp, a boot a command, compared with the
# same binaries on the host.
TESTS += %D%/guest/debcoreutils.test
EXTRA_DIST += %D%/guest/debcoreutils.test \
	%D%/guest/debcoreutils/table.txt %D%/guest/debcoreutils/dates.txt \
	%D%/guest/debcoreutils/left.txt %D%/guest/debcoreutils/right.txt
# END Debian's programs

# BEGIN Debian's libquadmath: printf's %Q through register_printf_*
TESTS += %D%/guest/quadmath.test
EXTRA_DIST += %D%/guest/quadmath.test %D%/guest/quadmath/quad_app.c
# END Debian's libquadmath

# BEGIN Debian's libgfortran: REAL(16) through libquadmath
TESTS += %D%/guest/fortran.test
EXTRA_DIST += %D%/guest/fortran.test %D%/guest/fortran/real16.f90
# END Debian's libgfortran

# BEGIN boottime: the clock's first readings at boot (issue 2)
TESTS += %D%/guest/clock_early.test
EXTRA_DIST += %D%/guest/clock_early.test
# END boottime
# BEGIN export list (issue 9)
# hello's own kernel from osv-symbols, in a temporary build directory.
TESTS += %D%/matrix/exports.test
EXTRA_DIST += %D%/matrix/exports.test
# END export list
# BEGIN xen (issue 12)
# The xen drivers on plain QEMU, and under QEMU's Xen emulation where it
# can start (skipped with the reason elsewhere).
TESTS += %D%/guest/xen.test
EXTRA_DIST += %D%/guest/xen.test
# END xen

# BEGIN zfs module (issue 11)
# tests/guest/zfs.test: pools built by osv-mkzfs mounted as the root and
# with --mount, read through the VFS by rofs_app.so (the tree walk) and
# zfs_app.so (mmap, statvfs, EROFS); a corrupted block; and a kernel
# without the module refusing --rootfs=zfs.
tests/guest/zfs/zfs_app.so: tests/guest/zfs/zfs_app.c tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -I$(srcdir)/tests/host -shared -fPIC -o $@ \
		$(srcdir)/tests/guest/zfs/zfs_app.c
check_DATA += tests/guest/zfs/zfs_app.so
CLEANFILES += tests/guest/zfs/zfs_app.so
TESTS += tests/guest/zfs.test
EXTRA_DIST += tests/guest/zfs.test tests/guest/zfs/zfs_app.c
AM_TESTS_ENVIRONMENT += OSV_ZFS='$(OSV_ZFS)'; export OSV_ZFS;
# END zfs module
# BEGIN root found by its label (issue 11)
TESTS += tests/guest/zfs_probe.test
EXTRA_DIST += tests/guest/zfs_probe.test
# END root found by its label

# BEGIN zfs writes (issue 11)
# tests/guest/zfs_write.test: zfs_wapp.c built for the guest and for the
# host, making the same tree from the same seed on both sides.
tests/guest/zfs/zfs_wapp.so: tests/guest/zfs/zfs_wapp.c tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -I$(srcdir)/tests/host -shared -fPIC -o $@ \
		$(srcdir)/tests/guest/zfs/zfs_wapp.c
tests/guest/zfs/zfs_wapp: tests/guest/zfs/zfs_wapp.c tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -I$(srcdir)/tests/host -o $@ \
		$(srcdir)/tests/guest/zfs/zfs_wapp.c
check_DATA += tests/guest/zfs/zfs_wapp.so tests/guest/zfs/zfs_wapp
CLEANFILES += tests/guest/zfs/zfs_wapp.so tests/guest/zfs/zfs_wapp
TESTS += tests/guest/zfs_write.test
EXTRA_DIST += tests/guest/zfs_write.test tests/guest/zfs/zfs_wapp.c
# END zfs writes
# BEGIN zfs shared mappings (zfsmmap)
# tests/guest/zfs_mmap.test: zfs_mmap.c built for the guest and for the
# host, whose run is the oracle.
tests/guest/zfs/zfs_mmap.so: tests/guest/zfs/zfs_mmap.c
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -shared -fPIC -o $@ $(srcdir)/tests/guest/zfs/zfs_mmap.c
tests/guest/zfs/zfs_mmap: tests/guest/zfs/zfs_mmap.c
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -o $@ $(srcdir)/tests/guest/zfs/zfs_mmap.c
check_DATA += tests/guest/zfs/zfs_mmap.so tests/guest/zfs/zfs_mmap
CLEANFILES += tests/guest/zfs/zfs_mmap.so tests/guest/zfs/zfs_mmap
TESTS += tests/guest/zfs_mmap.test
EXTRA_DIST += tests/guest/zfs_mmap.test tests/guest/zfs/zfs_mmap.c
# END zfs shared mappings
# BEGIN zfs crash consistency (issue 11)
# tests/guest/zfs_crash.test: QEMU killed at random moments while
# zfs_crash.so writes and fsyncs; zdb -bcc and the reported records.
tests/guest/zfs/zfs_crash.so: tests/guest/zfs/zfs_crash.c tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -I$(srcdir)/tests/host -shared -fPIC -o $@ \
		$(srcdir)/tests/guest/zfs/zfs_crash.c
check_DATA += tests/guest/zfs/zfs_crash.so
CLEANFILES += tests/guest/zfs/zfs_crash.so
TESTS += tests/guest/zfs_crash.test
EXTRA_DIST += tests/guest/zfs_crash.test tests/guest/zfs/zfs_crash.c
# END zfs crash consistency
# BEGIN zfs memory (issue 11)
# tests/guest/zfs_mem.test: random 4 KiB writes over a growing file on
# a small machine; the data, zdb -bcc, a reboot.
tests/guest/zfs/zfs_mem.so: tests/guest/zfs/zfs_mem.c tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -I$(srcdir)/tests/host -shared -fPIC -o $@ \
		$(srcdir)/tests/guest/zfs/zfs_mem.c
tests/guest/zfs/zfs_mem: tests/guest/zfs/zfs_mem.c tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/zfs && $(CC) -O2 -Wall -Wextra \
		-Werror -I$(srcdir)/tests/host -o $@ \
		$(srcdir)/tests/guest/zfs/zfs_mem.c
check_DATA += tests/guest/zfs/zfs_mem.so tests/guest/zfs/zfs_mem
CLEANFILES += tests/guest/zfs/zfs_mem.so tests/guest/zfs/zfs_mem
TESTS += tests/guest/zfs_mem.test
EXTRA_DIST += tests/guest/zfs_mem.test tests/guest/zfs/zfs_mem.c
# END zfs memory
# BEGIN libm.so.6 (issue 8)
# The libm is libm.so.6, apart from the kernel: a program linked with
# glibc's -lm gets it packed by osv-run (and fails clearly without it),
# one that calls only libc.so.6's math names needs none, dlopen finds
# it, and a program linked against the SDK's own libm runs too.
LIBM_TEST_DIR = %D%/guest/libm
LIBM_TEST_CFLAGS = -O2 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-shared -fPIC
$(LIBM_TEST_DIR)/libm_use.so: $(LIBM_TEST_DIR)/libm_use.c
	$(AM_V_GEN)$(MKDIR_P) $(LIBM_TEST_DIR) && $(CC) $(LIBM_TEST_CFLAGS) \
		-DUSE_LIBM -o $@ $(srcdir)/$(LIBM_TEST_DIR)/libm_use.c -lm
$(LIBM_TEST_DIR)/libc_math.so: $(LIBM_TEST_DIR)/libm_use.c
	$(AM_V_GEN)$(MKDIR_P) $(LIBM_TEST_DIR) && $(CC) $(LIBM_TEST_CFLAGS) \
		-o $@ $(srcdir)/$(LIBM_TEST_DIR)/libm_use.c
$(LIBM_TEST_DIR)/libm_sdk.so: $(LIBM_TEST_DIR)/libm_use.c sdk/libosv.so \
		$(LIBM_SO)
	$(AM_V_GEN)$(MKDIR_P) $(LIBM_TEST_DIR) && $(CC) $(LIBM_TEST_CFLAGS) \
		-DUSE_LIBM -o $@ $(srcdir)/$(LIBM_TEST_DIR)/libm_use.c \
		-nodefaultlibs -Lsdk -losv -Llibc/math -l:libm.so.6 -lgcc \
		-Wl,--no-undefined
LIBM_TEST_APPS = $(LIBM_TEST_DIR)/libm_use.so $(LIBM_TEST_DIR)/libc_math.so \
	$(LIBM_TEST_DIR)/libm_sdk.so
check_DATA += $(LIBM_TEST_APPS) $(LIBM_SO)
CLEANFILES += $(LIBM_TEST_APPS)
TESTS += %D%/guest/libm.test
EXTRA_DIST += %D%/guest/libm.test $(LIBM_TEST_DIR)/libm_use.c
# END libm.so.6
# BEGIN disk buses
# tests/guest/disk_bus.test: osv-run --image/--disk IMAGE,if=BUS, a
# program run from a rofs image on each bus and writing a disk.
tests/guest/disk_bus/disk_bus_app.so: tests/guest/disk_bus/disk_bus_app.c
	$(AM_V_GEN)$(MKDIR_P) tests/guest/disk_bus && $(CC) -O2 -Wall \
		-Wextra -Werror -shared -fPIC -o $@ \
		$(srcdir)/tests/guest/disk_bus/disk_bus_app.c
check_DATA += tests/guest/disk_bus/disk_bus_app.so
CLEANFILES += tests/guest/disk_bus/disk_bus_app.so
TESTS += tests/guest/disk_bus.test
EXTRA_DIST += tests/guest/disk_bus.test tests/guest/disk_bus/disk_bus_app.c
# END disk buses
# BEGIN libm.so.6 beside an image
# A -lm program in a rofs or ZFS image without libm.so.6 gets the one
# osv-run packs in the initrd beside the image.
TESTS += %D%/guest/libm_image.test
EXTRA_DIST += %D%/guest/libm_image.test
# END libm.so.6 beside an image
# BEGIN initrd release
# The initrd's pages go back to the page allocator as the ramfs root's
# files stop borrowing them (removed, truncated).
tests/guest/initrd/initrd_release.so: tests/guest/initrd/initrd_release.c \
		tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/initrd && $(CC) -O2 -Wall \
		-Wextra -Werror -I$(srcdir)/tests/host -shared -fPIC -o $@ \
		$(srcdir)/tests/guest/initrd/initrd_release.c
check_DATA += tests/guest/initrd/initrd_release.so
CLEANFILES += tests/guest/initrd/initrd_release.so
TESTS += tests/guest/initrd_release.test
EXTRA_DIST += tests/guest/initrd_release.test \
	tests/guest/initrd/initrd_release.c
# END initrd release

# BEGIN device window
# The platform devices' window is not readable memory; read-only
# mmio_map() there (tests/guest/device_window.test).
if DRIVER_PLATFORM
tests_guest_libguestapps_a_SOURCES += %D%/guest/device_window.c
GUEST_KERNELS += %D%/guest/device_window.elf
endif
TESTS += %D%/guest/device_window.test
EXTRA_DIST += %D%/guest/device_window.test
# END device window

# BEGIN the default boot's tree (issue 2)
tests_guest_libguestapps_a_SOURCES += %D%/guest/boot_tree.c
GUEST_KERNELS += %D%/guest/boot_tree.elf
TESTS += %D%/guest/boot_tree.test
EXTRA_DIST += %D%/guest/boot_tree.test
# END the default boot's tree

# BEGIN ACPI and the interrupt describer (acpi9)
tests_guest_libguestapps_a_SOURCES += %D%/guest/describer.c
GUEST_KERNELS += %D%/guest/describer.elf
TESTS += %D%/guest/describer.test
EXTRA_DIST += %D%/guest/describer.test
# the RSDP search when the loader gives none
if DRIVER_ACPI
tests_guest_libguestapps_a_SOURCES += %D%/guest/rsdp_search.c
GUEST_KERNELS += %D%/guest/rsdp_search.elf
endif
TESTS += %D%/guest/rsdp_search.test
EXTRA_DIST += %D%/guest/rsdp_search.test
# END ACPI and the interrupt describer (acpi9)
# BEGIN mounts racing and repeated
tests_guest_libguestapps_a_SOURCES += %D%/guest/mount_race.c
GUEST_KERNELS += %D%/guest/mount_race.elf
TESTS += %D%/guest/mount_race.test
EXTRA_DIST += %D%/guest/mount_race.test
# END mounts racing and repeated

# BEGIN TCP engine (tcpcore)
# kernel/net/tcp_*.c on the host: two engines over a simulated network
# (loss, duplication, reordering, delay, bandwidth) on a simulated clock;
# TCP_MALLOC and TCP_FREE make allocations fail on demand and count them.
TCP_CORE_SOURCES = kernel/net/tcp_core.h kernel/net/tcp_impl.h \
	kernel/net/tcp_checksum.c kernel/net/tcp_icmp.c \
	kernel/net/tcp_input.c kernel/net/tcp_listen.c kernel/net/tcp_opts.c \
	kernel/net/tcp_output.c kernel/net/tcp_ring.c \
	kernel/net/tcp_table.c kernel/net/tcp_timer.c kernel/net/tcp_user.c \
	kernel/net/inet_cksum.h kernel/net/inet_cksum.c
check_PROGRAMS += tests/host/test_tcp
TESTS += tests/host/test_tcp
tests_host_test_tcp_CPPFLAGS = -I$(srcdir)/kernel/net -I$(srcdir)/tests/host \
	-DTCP_MALLOC=test_malloc -DTCP_FREE=test_free
tests_host_test_tcp_SOURCES = tests/host/test_tcp.c tests/host/tcp_sim.c \
	tests/host/tcp_sim.h tests/host/tap.h $(TCP_CORE_SOURCES)
# END TCP engine (tcpcore)
