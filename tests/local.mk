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
EXTRA_DIST += $(GUEST_TESTS) %D%/guest/lib.sh %D%/installcheck.sh
