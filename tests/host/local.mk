# Host unit tests: kernel and libc sources built for the host and checked
# against glibc and invariants.  Each program prints TAP.
HOST_TEST_CPPFLAGS = -I$(srcdir)/kernel/include -I$(srcdir)/include \
	-I$(srcdir)/tests/host

check_PROGRAMS += %D%/test_cmdline %D%/test_pvh
TESTS += %D%/test_cmdline %D%/test_pvh
tests_host_test_cmdline_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_cmdline_SOURCES = %D%/test_cmdline.c %D%/tap.h \
	kernel/cmdline.c
tests_host_test_pvh_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_pvh_SOURCES = %D%/test_pvh.c %D%/tap.h kernel/pvh.c

# The Internet checksum of the IPv4 stack (kernel/net/inet_cksum.c)
check_PROGRAMS += %D%/test_inet_cksum
TESTS += %D%/test_inet_cksum
tests_host_test_inet_cksum_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_inet_cksum_SOURCES = %D%/test_inet_cksum.c %D%/tap.h \
	kernel/net/inet_cksum.h kernel/net/inet_cksum.c

# BEGIN power hooks
check_PROGRAMS += %D%/test_power_hooks
TESTS += %D%/test_power_hooks
tests_host_test_power_hooks_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_power_hooks_SOURCES = %D%/test_power_hooks.c %D%/tap.h \
	kernel/power_hooks.c

# The power-off's order and claim (kernel/power.c), the kernel stubbed.
check_PROGRAMS += %D%/test_power
TESTS += %D%/test_power
tests_host_test_power_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_power_SOURCES = %D%/test_power.c %D%/tap.h kernel/power.c
# END power hooks

# The printf core against the host's glibc snprintf.
check_PROGRAMS += %D%/test_printf
TESTS += %D%/test_printf
tests_host_test_printf_CPPFLAGS = -I$(srcdir)/libc/stdio
tests_host_test_printf_SOURCES = %D%/test_printf.c $(LIBC_STDIO_CORE)
tests_host_test_printf_LDADD = -lm

# The page allocator and the heap: invariants, exhaustion, coalescing.
check_PROGRAMS += %D%/test_mm
TESTS += %D%/test_mm
tests_host_test_mm_CPPFLAGS = -I$(srcdir)/kernel/include
tests_host_test_mm_SOURCES = %D%/test_mm.c kernel/mm/page_alloc.c \
	kernel/mm/heap.c kernel/include/mm.h

# The boot filesystem on archives made by the host's GNU cpio (which must
# be installed), then every truncation and corruption of a small one.
check_PROGRAMS += %D%/test_bootfs
TESTS += %D%/test_bootfs
tests_host_test_bootfs_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_bootfs_SOURCES = %D%/test_bootfs.c %D%/tap.h \
	kernel/fs/bootfs.c kernel/fs/cpio_newc.c kernel/fs/cpio_newc.h kernel/include/hexdigit.h \
	kernel/include/bootfs.h kernel/mm/page_alloc.c kernel/mm/heap.c \
	kernel/include/mm.h
# BEGIN bootfs out of memory: its allocations through the test's wrappers
tests_host_test_bootfs_LDFLAGS = -Wl,--wrap=heap_alloc \
	-Wl,--wrap=heap_calloc
# END bootfs out of memory

# The libc's freestanding members, built for the host with their public
# names renamed to osv_<name> (libc_rename.h), so that the tests can call
# them beside glibc's and compare.  Same headers as the kernel build.
check_LIBRARIES += %D%/libosvc_host.a
tests_host_libosvc_host_a_CPPFLAGS = -I$(srcdir)/libc/internal \
	-I$(srcdir)/libc/include -include $(srcdir)/%D%/libc_rename.h
tests_host_libosvc_host_a_CFLAGS = -std=gnu11 -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) -fno-common -fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror
tests_host_libosvc_host_a_SOURCES = $(LIBC_HOSTED) %D%/h_errno_host.c
EXTRA_DIST += %D%/libc_rename.h %D%/libc_exports.test docs/libc.md
LIBC_TEST_SOURCES = %D%/difftest.h %D%/osv_libc.h
# Every public symbol of those members renamed and documented.
TESTS += %D%/libc_exports.test

# string.h, strings.h: mem*/str* against glibc, messages, tokenizers.
check_PROGRAMS += %D%/test_string
TESTS += %D%/test_string
tests_host_test_string_SOURCES = %D%/test_string.c $(LIBC_TEST_SOURCES)
tests_host_test_string_LDADD = %D%/libosvc_host.a

# tsearch, tfind, tdelete, twalk, tdestroy against glibc's.
check_PROGRAMS += %D%/test_tsearch
TESTS += %D%/test_tsearch
tests_host_test_tsearch_SOURCES = %D%/test_tsearch.c $(LIBC_TEST_SOURCES)
tests_host_test_tsearch_LDADD = %D%/libosvc_host.a -lm

# glob against glibc's on a directory tree of the test.
check_PROGRAMS += %D%/test_glob
TESTS += %D%/test_glob
tests_host_test_glob_SOURCES = %D%/test_glob.c $(LIBC_TEST_SOURCES)
tests_host_test_glob_LDADD = %D%/libosvc_host.a

# sendfile against glibc's (Linux's): files, pipes, offsets, errors.
check_PROGRAMS += %D%/test_sendfile
TESTS += %D%/test_sendfile
tests_host_test_sendfile_SOURCES = %D%/test_sendfile.c $(LIBC_TEST_SOURCES)
tests_host_test_sendfile_LDADD = %D%/libosvc_host.a

# mntent against glibc's: tables, escapes, small buffers, addmntent.
check_PROGRAMS += %D%/test_mntent
TESTS += %D%/test_mntent
tests_host_test_mntent_SOURCES = %D%/test_mntent.c $(LIBC_TEST_SOURCES)
tests_host_test_mntent_LDADD = %D%/libosvc_host.a

# ctype.h: the tables and functions, every c in -128..255, two locales.
check_PROGRAMS += %D%/test_ctype
TESTS += %D%/test_ctype
tests_host_test_ctype_SOURCES = %D%/test_ctype.c $(LIBC_TEST_SOURCES)
tests_host_test_ctype_LDADD = %D%/libosvc_host.a

# stdlib.h: strtol family, qsort, bsearch, rand/random/drand48, environ.
check_PROGRAMS += %D%/test_stdlib
TESTS += %D%/test_stdlib
tests_host_test_stdlib_SOURCES = %D%/test_stdlib.c $(LIBC_TEST_SOURCES)
tests_host_test_stdlib_LDADD = %D%/libosvc_host.a -lm

# ZFS on-disk layers (zfs/): known vectors, round trips, corrupt input,
# pools built in memory; zfs_mkzfs.test checks osv-mkzfs images with
# OpenZFS's zdb and reads them back with osv-zfs; zfs_fuse.test reads a
# pool zfs-fuse wrote.
ZFS_TESTS = %D%/test_zfs_nvlist %D%/test_zfs_checksum \
	%D%/test_zfs_compress %D%/test_zfs_blkptr %D%/test_zfs_zap \
	%D%/test_zfs_pool
check_PROGRAMS += $(ZFS_TESTS)
TESTS += $(ZFS_TESTS) %D%/zfs_mkzfs.test %D%/zfs_fuse.test
EXTRA_DIST += %D%/zfs_mkzfs.test %D%/zfs_fuse.test %D%/zfs_fuse_image.sh \
	%D%/zfs_fuse_pool.img.xz %D%/zfs_fuse_pool.manifest
ZFS_TEST_CPPFLAGS = -I$(srcdir)/zfs -I$(srcdir)/tests/host
tests_host_test_zfs_nvlist_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_nvlist_SOURCES = %D%/test_zfs_nvlist.c %D%/tap.h
tests_host_test_zfs_nvlist_LDADD = zfs/libzfscore.a
tests_host_test_zfs_checksum_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_checksum_SOURCES = %D%/test_zfs_checksum.c %D%/tap.h
tests_host_test_zfs_checksum_LDADD = zfs/libzfscore.a
tests_host_test_zfs_compress_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_compress_SOURCES = %D%/test_zfs_compress.c %D%/tap.h
tests_host_test_zfs_compress_LDADD = zfs/libzfscore.a
tests_host_test_zfs_blkptr_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_blkptr_SOURCES = %D%/test_zfs_blkptr.c %D%/tap.h
tests_host_test_zfs_blkptr_LDADD = zfs/libzfscore.a
tests_host_test_zfs_zap_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_zap_SOURCES = %D%/test_zfs_zap.c %D%/tap.h
tests_host_test_zfs_zap_LDADD = zfs/libzfscore.a
tests_host_test_zfs_pool_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_pool_SOURCES = %D%/test_zfs_pool.c %D%/tap.h \
	%D%/zfs_memdev.h
tests_host_test_zfs_pool_LDADD = zfs/libzfscore.a
# BEGIN zfs tree test
# zfs_tree.test: thousands of generated files, zdb -bcc/-ddddd, and the
# tree copied back out by osv-zfs get compared byte for byte.
TESTS += %D%/zfs_tree.test
EXTRA_DIST += %D%/zfs_tree.test
# zfs_bigdir.test: a directory of 200,000 entries (more than 2^10 ZAP
# leaves), written by zfs_bigdir through the library.
check_PROGRAMS += %D%/zfs_bigdir
tests_host_zfs_bigdir_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_zfs_bigdir_SOURCES = %D%/zfs_bigdir.c
tests_host_zfs_bigdir_LDADD = zfs/libzfscore.a
TESTS += %D%/zfs_bigdir.test
EXTRA_DIST += %D%/zfs_bigdir.test
# END zfs tree test
# BEGIN zfs oracles
# zfs_fuse_live.test: zfs-fuse (setup caches its .deb, tests/debs.sh; run in a private
# mount namespace) writes a pool, osv-zfs reads every file back.
TESTS += %D%/zfs_fuse_live.test
EXTRA_DIST += %D%/zfs_fuse_live.test
# zfs_zdb_copy.test: zdb -r (OpenZFS >= 2.2.2, from bookworm-backports)
# copies files out of osv-mkzfs pools, compared byte for byte.
TESTS += %D%/zfs_zdb_copy.test
EXTRA_DIST += %D%/zfs_zdb_copy.test
# END zfs oracles

# strtod, strtof, strtold: bit for bit against glibc, hard cases included.
check_PROGRAMS += %D%/test_strtod
TESTS += %D%/test_strtod
tests_host_test_strtod_SOURCES = %D%/test_strtod.c $(LIBC_TEST_SOURCES)
tests_host_test_strtod_LDADD = %D%/libosvc_host.a -lm

# The scanf core: sscanf and friends against glibc on generated formats.
check_PROGRAMS += %D%/test_scanf
TESTS += %D%/test_scanf
tests_host_test_scanf_SOURCES = %D%/test_scanf.c $(LIBC_TEST_SOURCES)
tests_host_test_scanf_LDADD = %D%/libosvc_host.a -lm

# ACPI tables and the AML walker: hand-made tables, damaged ones, every
# truncation of the AML, and the host's own tables when readable.
check_PROGRAMS += %D%/test_acpi
TESTS += %D%/test_acpi
tests_host_test_acpi_CPPFLAGS = -I$(srcdir)/drivers/include -I$(srcdir)/%D%
tests_host_test_acpi_SOURCES = %D%/test_acpi.c %D%/tap.h \
	drivers/acpi/acpi_tables.c drivers/acpi/acpi_aml.c \
	drivers/include/acpi.h

# The virtio transports' configuration accesses, each of its field's
# width, against a log of them (mmio_log/platform.h stands for the
# kernel's accessors).
check_PROGRAMS += %D%/test_virtio_field
TESTS += %D%/test_virtio_field
tests_host_test_virtio_field_CPPFLAGS = -I$(srcdir)/%D%/mmio_log \
	-I$(srcdir)/%D% -I$(srcdir)/drivers/include \
	-I$(srcdir)/kernel/include -I$(srcdir)/include
# The transports' sources are built whole (virtio_transport_*.c): the
# linker drops what of them the test does not reach, and with it their
# calls into the kernel.
tests_host_test_virtio_field_CFLAGS = -ffunction-sections -fdata-sections
tests_host_test_virtio_field_LDFLAGS = -Wl,--gc-sections
tests_host_test_virtio_field_SOURCES = %D%/test_virtio_field.c %D%/tap.h \
	drivers/virtio/virtio_field.c drivers/include/virtio_field.h \
	%D%/mmio_log/platform.h %D%/virtio_transports.h \
	%D%/virtio_transport_pci.c %D%/virtio_transport_mmio.c

# SCSI disk commands and discovery against a simulated logical unit.
check_PROGRAMS += %D%/test_scsi_disk
TESTS += %D%/test_scsi_disk
tests_host_test_scsi_disk_CPPFLAGS = -I$(srcdir)/%D%/klog_stdio \
	-I$(srcdir)/drivers/include
tests_host_test_scsi_disk_SOURCES = %D%/test_scsi_disk.c %D%/tap.h \
	drivers/scsi/scsi_disk.c drivers/include/scsi_disk.h \
	%D%/klog_stdio/klog.h

# The block device tests' pattern, made and checked on the host side
# (tests/guest/virtio_blk.test); a helper, not a test.
check_PROGRAMS += %D%/blk_pattern
tests_host_blk_pattern_CPPFLAGS = -I$(srcdir)/tests/guest
tests_host_blk_pattern_SOURCES = %D%/blk_pattern.c tests/guest/blk_pattern.h

# The virtio core and split virtqueues against a fake transport and
# device: negotiation, misbehaving devices, indirect and chained
# requests, notification suppression.
check_PROGRAMS += %D%/test_virtio
TESTS += %D%/test_virtio
tests_host_test_virtio_CPPFLAGS = -I$(srcdir)/drivers/include \
	-I$(srcdir)/kernel/include -I$(srcdir)/%D%
tests_host_test_virtio_SOURCES = %D%/test_virtio.c %D%/tap.h \
	drivers/virtio/virtio.c drivers/virtio/virtqueue.c \
	drivers/include/virtio.h kernel/mm/page_alloc.c kernel/mm/heap.c \
	kernel/include/mm.h kernel/arch/x86_64/hypervisor.c

# BEGIN entropy sources (issue 7)
# kernel/entropy.c: registered sources first, then RDSEED, then RDRAND,
# then the kernel's generator; kernel/chacha20.c against RFC 8439.  The
# stub spinlock.h first (one thread).
check_PROGRAMS += %D%/test_entropy
TESTS += %D%/test_entropy
tests_host_test_entropy_CPPFLAGS = -I$(srcdir)/%D%/stub \
	-I$(srcdir)/kernel/include -I$(srcdir)/%D%
tests_host_test_entropy_SOURCES = %D%/test_entropy.c %D%/tap.h \
	%D%/entropy_test.h kernel/entropy.c kernel/include/entropy.h \
	kernel/include/arch.h kernel/chacha20.c kernel/include/chacha20.h \
	%D%/stub/spinlock.h
# The generator alone (a CPU without RDSEED or RDRAND: nocpu/arch.h
# first): its keys erased, its bytes its own.
check_PROGRAMS += %D%/test_entropy_generator
TESTS += %D%/test_entropy_generator
tests_host_test_entropy_generator_CPPFLAGS = -I$(srcdir)/%D%/nocpu \
	-I$(srcdir)/%D%/stub -I$(srcdir)/kernel/include -I$(srcdir)/%D%
tests_host_test_entropy_generator_SOURCES = \
	%D%/test_entropy_generator.c %D%/tap.h %D%/entropy_test.h \
	%D%/nocpu/arch.h kernel/entropy.c kernel/include/entropy.h \
	kernel/chacha20.c kernel/include/chacha20.h %D%/stub/spinlock.h
# Bound at load: lazy binding saves the vector registers on the stack,
# and a key that the host's memcpy left in one would show up there.
tests_host_test_entropy_generator_LDFLAGS = -Wl,-z,now
# END entropy sources

# BEGIN interrupts, time and threads (issue 4)
# The timer queue's pairing heap against a brute-force model.
check_PROGRAMS += %D%/test_timer_heap
TESTS += %D%/test_timer_heap
tests_host_test_timer_heap_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_timer_heap_SOURCES = %D%/test_timer_heap.c %D%/tap.h \
	kernel/time/timer_heap.c kernel/include/timer.h

# RTC decoding, pvclock arithmetic, muldiv64 and the RTC refinement rule.
check_PROGRAMS += %D%/test_clock_math
TESTS += %D%/test_clock_math
tests_host_test_clock_math_CPPFLAGS = $(HOST_TEST_CPPFLAGS) \
	-I$(srcdir)/kernel/time -I$(srcdir)/drivers/include
tests_host_test_clock_math_SOURCES = %D%/test_clock_math.c %D%/tap.h \
	kernel/time/rtc_decode.c drivers/clock/pvclock.c kernel/time/refine.c \
	kernel/time/time_impl.h drivers/include/pvclock.h

# The PIT calibration of the TSC against a simulated PIT and TSC, with a
# host stall before each of its port accesses and TSC reads in turn.  The
# simulated arch.h first, then test_uart's driver.h (one driver's init):
# pit.c would find the kernel's.
check_PROGRAMS += %D%/test_tsc_calibration
TESTS += %D%/test_tsc_calibration
tests_host_test_tsc_calibration_CPPFLAGS = -I$(srcdir)/%D%/pit_sim \
	-I$(srcdir)/%D%/uart_sim $(HOST_TEST_CPPFLAGS)
tests_host_test_tsc_calibration_SOURCES = %D%/test_tsc_calibration.c \
	%D%/tap.h %D%/pit_sim/arch.h drivers/clock/pit.c

# BEGIN clock (issue 8)
# The HPET's arithmetic: the period a capabilities register states (the
# specification's bounds), the counter's rate, the TSC's rate.
check_PROGRAMS += %D%/test_hpet_rate
TESTS += %D%/test_hpet_rate
tests_host_test_hpet_rate_CPPFLAGS = $(HOST_TEST_CPPFLAGS) \
	-I$(srcdir)/drivers/include
tests_host_test_hpet_rate_SOURCES = %D%/test_hpet_rate.c %D%/tap.h \
	drivers/clock/hpet_rate.c drivers/include/hpet.h
# The HPET driver against a simulated timer block: the rate from a
# working one, a 32-bit counter's wrap, and what is not a working HPET
# said and left alone.  The simulated arch.h (the PIT test's TSC) and
# test_uart's driver.h first: hpet.c would find the kernel's.
check_PROGRAMS += %D%/test_hpet
TESTS += %D%/test_hpet
tests_host_test_hpet_CPPFLAGS = -I$(srcdir)/%D%/pit_sim \
	-I$(srcdir)/%D%/uart_sim $(HOST_TEST_CPPFLAGS) \
	-I$(srcdir)/drivers/include
tests_host_test_hpet_SOURCES = %D%/test_hpet.c %D%/tap.h \
	drivers/clock/hpet.c drivers/clock/hpet_rate.c drivers/include/hpet.h
# END clock
# END interrupts, time and threads

# BEGIN serial console output (console11)
# The 16550 driver's output against a simulated UART with and without a
# working FIFO.  The simulated arch.h and driver.h first, and the stub
# spinlock: the driver would find the kernel's.
check_PROGRAMS += %D%/test_uart
TESTS += %D%/test_uart
tests_host_test_uart_CPPFLAGS = -I$(srcdir)/%D%/uart_sim -I$(srcdir)/%D%/stub \
	$(HOST_TEST_CPPFLAGS)
tests_host_test_uart_CFLAGS = -std=gnu11 -Wall -Wextra -Werror
tests_host_test_uart_SOURCES = %D%/test_uart.c %D%/tap.h %D%/fault_page.h \
	%D%/uart_sim/arch.h %D%/uart_sim/driver.h %D%/stub/spinlock.h \
	drivers/serial/uart16550.c

# The e1000 driver's receive and transmit rings against descriptors the
# test writes as the device would (its source included: test_e1000.c
# says why).  Built only with the driver.
if DRIVER_E1000
check_PROGRAMS += %D%/test_e1000
TESTS += %D%/test_e1000
endif
tests_host_test_e1000_CPPFLAGS = -I$(srcdir)/%D%/e1000_sim \
	-I$(srcdir)/%D%/stub $(HOST_TEST_CPPFLAGS) -I$(srcdir)/drivers/include
tests_host_test_e1000_CFLAGS = -std=gnu11 -Wall -Wextra -Werror
tests_host_test_e1000_SOURCES = %D%/test_e1000.c %D%/tap.h \
	%D%/e1000_sim/driver.h %D%/stub/spinlock.h

# The NVMe shutdown wait's bound: RTD3E, a typical latency, against
# CAP.TO, and a minute at most.
check_PROGRAMS += %D%/test_nvme_shutdown
TESTS += %D%/test_nvme_shutdown
tests_host_test_nvme_shutdown_CFLAGS = -std=gnu11 -Wall -Wextra -Werror
tests_host_test_nvme_shutdown_SOURCES = %D%/test_nvme_shutdown.c %D%/tap.h \
	drivers/nvme/nvme_shutdown.h

# virtio-console's transmit buffer, owned by the device until it gives
# it back, over a simulated queue.
check_PROGRAMS += %D%/test_virtio_console
TESTS += %D%/test_virtio_console
tests_host_test_virtio_console_CPPFLAGS = \
	-I$(srcdir)/%D%/virtio_console_sim -I$(srcdir)/%D%/stub \
	-I$(srcdir)/drivers/include $(HOST_TEST_CPPFLAGS)
tests_host_test_virtio_console_CFLAGS = -std=gnu11 -Wall -Wextra -Werror
tests_host_test_virtio_console_SOURCES = %D%/test_virtio_console.c \
	%D%/tap.h %D%/fault_page.h %D%/virtio_console_sim/driver.h \
	%D%/stub/spinlock.h drivers/virtio/virtio_console.c
# END serial console output

# locale.h, langinfo.h, the multibyte and wide-character functions, in C
# and C.UTF-8.
check_PROGRAMS += %D%/test_locale
TESTS += %D%/test_locale
tests_host_test_locale_SOURCES = %D%/test_locale.c $(LIBC_TEST_SOURCES)
tests_host_test_locale_LDADD = %D%/libosvc_host.a

# time.h: gmtime, timegm, localtime and mktime under POSIX TZ strings,
# asctime, ctime, difftime, strftime.
check_PROGRAMS += %D%/test_time
TESTS += %D%/test_time
tests_host_test_time_SOURCES = %D%/test_time.c %D%/tm_diff.h \
	$(LIBC_TEST_SOURCES)
tests_host_test_time_LDADD = %D%/libosvc_host.a
# Time-zone files (TZif) against glibc over the host's zoneinfo.
check_PROGRAMS += %D%/test_tzfile
TESTS += %D%/test_tzfile
tests_host_test_tzfile_SOURCES = %D%/test_tzfile.c %D%/tm_diff.h \
	$(LIBC_TEST_SOURCES)
tests_host_test_tzfile_LDADD = %D%/libosvc_host.a
# The zone file's buffer between unreadable pages (see the test).
tests_host_test_tzfile_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=free

# getopt, getopt_long, getopt_long_only: traces compared with glibc's.
check_PROGRAMS += %D%/test_getopt
TESTS += %D%/test_getopt
tests_host_test_getopt_SOURCES = %D%/test_getopt.c $(LIBC_TEST_SOURCES)
tests_host_test_getopt_LDADD = %D%/libosvc_host.a

# setjmp and longjmp (assembly), run under their osv_ names.
check_PROGRAMS += %D%/test_setjmp
TESTS += %D%/test_setjmp
tests_host_test_setjmp_SOURCES = %D%/test_setjmp.c $(LIBC_TEST_SOURCES)
tests_host_test_setjmp_LDADD = %D%/libosvc_host.a

# getcontext, setcontext, swapcontext, makecontext against glibc's.
check_PROGRAMS += %D%/test_ucontext
TESTS += %D%/test_ucontext
tests_host_test_ucontext_SOURCES = %D%/test_ucontext.c $(LIBC_TEST_SOURCES)
tests_host_test_ucontext_LDADD = %D%/libosvc_host.a -lm

# fts against glibc's.
check_PROGRAMS += %D%/test_fts
TESTS += %D%/test_fts
tests_host_test_fts_SOURCES = %D%/test_fts.c $(LIBC_TEST_SOURCES)
tests_host_test_fts_LDADD = %D%/libosvc_host.a

# The DNS resolver against glibc's (libresolv for ns_initparse ...).
check_PROGRAMS += %D%/test_resolv
TESTS += %D%/test_resolv
tests_host_test_resolv_SOURCES = %D%/test_resolv.c $(LIBC_TEST_SOURCES)
tests_host_test_resolv_LDADD = %D%/libosvc_host.a -lresolv -lpthread

# The login records against glibc's.
check_PROGRAMS += %D%/test_utmp
TESTS += %D%/test_utmp
tests_host_test_utmp_SOURCES = %D%/test_utmp.c $(LIBC_TEST_SOURCES)
tests_host_test_utmp_LDADD = %D%/libosvc_host.a

# parse_printf_format against glibc's.
check_PROGRAMS += %D%/test_printf_format
TESTS += %D%/test_printf_format
tests_host_test_printf_format_SOURCES = %D%/test_printf_format.c \
	$(LIBC_TEST_SOURCES)
tests_host_test_printf_format_LDADD = %D%/libosvc_host.a -lpthread -lm

# register_printf_* against glibc's: handlers, modifiers, types.
check_PROGRAMS += %D%/test_printf_register
TESTS += %D%/test_printf_register
tests_host_test_printf_register_CFLAGS = $(AM_CFLAGS) -Wno-format
tests_host_test_printf_register_SOURCES = %D%/test_printf_register.c \
	$(LIBC_TEST_SOURCES)
tests_host_test_printf_register_LDADD = %D%/libosvc_host.a -lpthread -lm

# The networks database, the hosts walk, Ethernet addresses.
check_PROGRAMS += %D%/test_networks
TESTS += %D%/test_networks
tests_host_test_networks_SOURCES = %D%/test_networks.c $(LIBC_TEST_SOURCES)
tests_host_test_networks_LDADD = %D%/libosvc_host.a -lpthread -lm

# The libc's types, layouts and constants against glibc's headers: one
# table built from abi_types.def with each set of headers.
check_LIBRARIES += %D%/libabi_osv.a
tests_host_libabi_osv_a_CPPFLAGS = -I$(srcdir)/%D% -I$(srcdir)/libc/include
tests_host_libabi_osv_a_CFLAGS = -std=gnu11 -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) -Wall -Wextra -Werror
tests_host_libabi_osv_a_SOURCES = %D%/abi_osv.c %D%/abi_table.h \
	%D%/abi_types.def
check_PROGRAMS += %D%/test_libc_abi
TESTS += %D%/test_libc_abi
tests_host_test_libc_abi_SOURCES = %D%/test_libc_abi.c %D%/abi_table.h \
	%D%/abi_types.def $(LIBC_TEST_SOURCES)
tests_host_test_libc_abi_LDADD = %D%/libabi_osv.a

# BEGIN filesystems (issue 6)
# The VFS and ramfs against Linux: the same random file calls on both
# must give the same results and errno (one thread: locks stubbed).
check_PROGRAMS += %D%/test_vfs
TESTS += %D%/test_vfs
# image.h's bounds: the program's (GNU ld's symbols; the heap is mmap()ed)
tests_host_test_vfs_CPPFLAGS = -D_GNU_SOURCE -I$(srcdir)/%D%/stub \
	-D__image_start=__executable_start -D__image_end=end \
	-I$(srcdir)/kernel/fs \
	$(HOST_TEST_CPPFLAGS)
tests_host_test_vfs_SOURCES = %D%/test_vfs.c %D%/tap.h %D%/stub/spinlock.h \
	%D%/stub/uaccess.h \
	kernel/fs/fd.c kernel/fs/file.c kernel/fs/fs_attr.c \
	kernel/fs/fs_cwd.c kernel/fs/fs_names.c kernel/fs/fs_open.c \
	kernel/fs/fs_rw.c kernel/fs/namei.c kernel/fs/ramfs.c \
	kernel/fs/ramfs_pages.c \
	kernel/fs/vfs.c kernel/fs/vnode_file.c kernel/fs/vnode_pages.c \
	kernel/fs/vm_file.c kernel/mm/page_alloc.c kernel/mm/heap.c
# END filesystems

# BEGIN stdio streams (issue 5)
# Streams against glibc: memory, host files, cookies, buffering, locking.
tests_host_libosvc_host_a_SOURCES += $(LIBC_STDIO) $(LIBC_STDIO_CORE)
check_PROGRAMS += %D%/test_stdio
TESTS += %D%/test_stdio
tests_host_test_stdio_SOURCES = %D%/test_stdio.c $(LIBC_TEST_SOURCES)
tests_host_test_stdio_LDADD = %D%/libosvc_host.a -lpthread -lm
# The _FORTIFY_SOURCE entry points and __assert_fail against glibc's.
check_PROGRAMS += %D%/test_fortify
TESTS += %D%/test_fortify
tests_host_test_fortify_SOURCES = %D%/test_fortify.c $(LIBC_TEST_SOURCES)
# glibc's _chk functions are called, not folded by the compiler.
tests_host_test_fortify_CFLAGS = $(AM_CFLAGS) -fno-builtin
tests_host_test_fortify_LDADD = %D%/libosvc_host.a -lpthread -lm
# END stdio streams
# BEGIN wide-character stdio
# fwide, fputwc ... fwprintf, fwscanf, swprintf, swscanf against glibc.
check_PROGRAMS += %D%/test_wstdio
TESTS += %D%/test_wstdio
tests_host_test_wstdio_SOURCES = %D%/test_wstdio.c $(LIBC_TEST_SOURCES)
tests_host_test_wstdio_LDADD = %D%/libosvc_host.a -lpthread -lm
# END wide-character stdio
# BEGIN export table (issue 8)
TESTS += %D%/gen_exports.test
EXTRA_DIST += %D%/gen_exports.test
# END export table
# BEGIN the SDK's tools on bad input
# osv-symbols on objects osv cannot run, osv-link-kernel without the ZFS
# module's needs, osv-run --cut's cache key (tests/host/sdk_tools.test).
TESTS += %D%/sdk_tools.test
EXTRA_DIST += %D%/sdk_tools.test
# END the SDK's tools on bad input
# BEGIN kernel symbol table (ksyms)
TESTS += %D%/gen_ksyms.test
EXTRA_DIST += %D%/gen_ksyms.test
# END kernel symbol table
# BEGIN fixed vectors bound once (irq10)
TESTS += %D%/irq_fixed_twice.test
EXTRA_DIST += %D%/irq_fixed_twice.test
AM_TESTS_ENVIRONMENT += NM='$(NM)' READELF='$(READELF)'; export NM READELF;
# END fixed vectors bound once
# BEGIN libm (musl-dev's math members)
# The libm object with every global name renamed to osv_<name>, linked
# beside glibc's libm and compared with it over each function's domain.
tests/host/libm_host.o: $(MUSL_LIBM_OBJ)
	$(AM_V_GEN)$(NM) -g --defined-only $(MUSL_LIBM_OBJ) | \
		$(AWK) '{ print $$3, "osv_" $$3 }' >$@.syms && \
		$(OBJCOPY) --redefine-syms=$@.syms $(MUSL_LIBM_OBJ) $@ && \
		rm -f $@.syms
CLEANFILES += tests/host/libm_host.o
check_PROGRAMS += %D%/test_libm
TESTS += %D%/test_libm
tests_host_test_libm_SOURCES = %D%/test_libm.c %D%/libm_exceptions.h \
	$(LIBC_TEST_SOURCES)
tests_host_test_libm_LDADD = %D%/libm_host.o %D%/libosvc_host.a -lm
# The libm's own C members (libm.so.6), for the host too.
tests_host_libosvc_host_a_SOURCES += $(LIBM_HOSTED)
# libm.so.6 exports the libm, the kernel only glibc's libc.so.6 math
# names, both keep musl's helpers local, and no -mgeneral-regs-only code
# calls the libm.
TESTS += %D%/libm_kernel.test
EXTRA_DIST += %D%/libm_kernel.test
# END libm
# BEGIN strptime
check_PROGRAMS += %D%/test_strptime
TESTS += %D%/test_strptime
tests_host_test_strptime_SOURCES = %D%/test_strptime.c $(LIBC_TEST_SOURCES)
tests_host_test_strptime_LDADD = %D%/libosvc_host.a
check_PROGRAMS += %D%/test_libgen
TESTS += %D%/test_libgen
tests_host_test_libgen_SOURCES = %D%/test_libgen.c $(LIBC_TEST_SOURCES)
tests_host_test_libgen_LDADD = %D%/libosvc_host.a
check_PROGRAMS += %D%/test_fnmatch
TESTS += %D%/test_fnmatch
tests_host_test_fnmatch_SOURCES = %D%/test_fnmatch.c $(LIBC_TEST_SOURCES)
tests_host_test_fnmatch_LDADD = %D%/libosvc_host.a
# END strptime
# BEGIN long double Bessel functions
check_PROGRAMS += %D%/test_bessel_l
TESTS += %D%/test_bessel_l
tests_host_test_bessel_l_SOURCES = %D%/test_bessel_l.c $(LIBC_TEST_SOURCES)
tests_host_test_bessel_l_LDADD = %D%/libosvc_host.a %D%/libm_host.o -lm
# END long double Bessel functions

# BEGIN wctype, locale objects, _l functions, wcsto*
check_PROGRAMS += %D%/test_wctype
TESTS += %D%/test_wctype
tests_host_test_wctype_SOURCES = %D%/test_wctype.c $(LIBC_TEST_SOURCES)
tests_host_test_wctype_LDADD = %D%/libosvc_host.a -lm -lpthread
# END wctype

# BEGIN iconv
check_PROGRAMS += %D%/test_iconv
TESTS += %D%/test_iconv
tests_host_test_iconv_SOURCES = %D%/test_iconv.c $(LIBC_TEST_SOURCES)
tests_host_test_iconv_LDADD = %D%/libosvc_host.a
# END iconv
# BEGIN xen (issue 12)
# The Xen drivers, built unchanged for the host against a simulated
# hypervisor, XenStore server, block and console backends
# (tests/host/xen/): events, grants, XenStore, xenbus, blkfront, console,
# shutdown.
XEN_DRIVER_SOURCES = drivers/xen/xen.c drivers/xen/evtchn.c \
	drivers/xen/gnttab.c drivers/xen/xenstore.c drivers/xen/xenbus.c \
	drivers/xen/xen_console.c drivers/xen/blkfront.c \
	drivers/xen/xen_power.c drivers/xen/xen_hv.h drivers/include/xen.h \
	drivers/include/xen_abi.h
check_PROGRAMS += %D%/xen/test_xen
TESTS += %D%/xen/test_xen
# The stub spinlock first: blkdev.h's thread.h would find the kernel's.
tests_host_xen_test_xen_CPPFLAGS = -include $(srcdir)/%D%/stub/spinlock.h \
	-I$(srcdir)/%D%/stub \
	-I$(srcdir)/drivers/include -I$(srcdir)/drivers/xen \
	-I$(srcdir)/kernel/include -I$(srcdir)/include -I$(srcdir)/%D% \
	-I$(srcdir)/%D%/xen
tests_host_xen_test_xen_CFLAGS = -std=gnu11 -Wall -Wextra -Werror
tests_host_xen_test_xen_SOURCES = %D%/xen/test_xen.c %D%/xen/xen_sim.c \
	%D%/fault_page.h \
	%D%/xen/store.c %D%/xen/blkback.c %D%/xen/xen_sim.h %D%/tap.h \
	$(XEN_DRIVER_SOURCES) kernel/mm/page_alloc.c kernel/mm/heap.c \
	kernel/include/mm.h
# END xen

# BEGIN zfs module (issue 11)
# The module's block cache (zfs/module/zfs_cache.c), on the host.
check_PROGRAMS += %D%/test_zfs_cache
TESTS += %D%/test_zfs_cache
tests_host_test_zfs_cache_CPPFLAGS = $(ZFS_TEST_CPPFLAGS) -I$(srcdir)/zfs/module
tests_host_test_zfs_cache_CFLAGS = $(ZFS_HOST_CFLAGS)
tests_host_test_zfs_cache_SOURCES = %D%/test_zfs_cache.c %D%/tap.h \
	zfs/module/zfs_cache.c zfs/module/zfs_cache.h
# END zfs module
# BEGIN zfs write engine
# zfs_write.test: osv-zfs apply changes osv-mkzfs pools in many txgs;
# zdb -bcc finds them clean, osv-zfs get and zdb -r match a model tree.
TESTS += %D%/zfs_write.test
EXTRA_DIST += %D%/zfs_write.test
# test_zfs_write: the engine's interface in memory (errors, flushes).
check_PROGRAMS += %D%/test_zfs_write
TESTS += %D%/test_zfs_write
tests_host_test_zfs_write_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_write_SOURCES = %D%/test_zfs_write.c %D%/tap.h \
	%D%/zfs_memdev.h
tests_host_test_zfs_write_LDADD = zfs/libzfscore.a
# test_zfs_nomem: commits whose allocations fail from the Kth on.
check_PROGRAMS += %D%/test_zfs_nomem
TESTS += %D%/test_zfs_nomem
tests_host_test_zfs_nomem_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_nomem_SOURCES = %D%/test_zfs_nomem.c %D%/tap.h \
	%D%/zfs_memdev.h
tests_host_test_zfs_nomem_LDFLAGS = \
	-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
tests_host_test_zfs_nomem_LDADD = zfs/libzfscore.a
# zfs_space: a pool's space accounting against its blocks.
check_PROGRAMS += %D%/zfs_space
tests_host_zfs_space_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_zfs_space_SOURCES = %D%/zfs_space.c zfs/hostbio.c
tests_host_zfs_space_LDADD = zfs/libzfscore.a
# zfs_write_crash.test: the writer killed at random moments; zdb -bcc
# clean and every reported commit there.
TESTS += %D%/zfs_write_crash.test
EXTRA_DIST += %D%/zfs_write_crash.test
# END zfs write engine
# BEGIN space map condensing
# test_zfs_condense: maps condensed in memory, power cuts in the
# condensing commit; zfs_condense.test: the same with zdb as the judge.
check_PROGRAMS += %D%/test_zfs_condense
TESTS += %D%/test_zfs_condense %D%/zfs_condense.test
EXTRA_DIST += %D%/zfs_condense.test
tests_host_test_zfs_condense_CPPFLAGS = $(ZFS_TEST_CPPFLAGS)
tests_host_test_zfs_condense_SOURCES = %D%/test_zfs_condense.c %D%/tap.h \
	%D%/zfs_memdev.h
tests_host_test_zfs_condense_LDADD = zfs/libzfscore.a
# END space map condensing

# BEGIN regular expressions: regcomp/regexec against glibc's
check_PROGRAMS += %D%/test_regex
TESTS += %D%/test_regex
tests_host_test_regex_SOURCES = %D%/test_regex.c $(LIBC_TEST_SOURCES)
tests_host_test_regex_LDADD = %D%/libosvc_host.a
# END regular expressions

# BEGIN netdb
# libc/net/ against glibc: inet_*, getaddrinfo and getnameinfo on
# numeric forms, the host's services and protocols, the messages.
check_PROGRAMS += %D%/test_netdb
TESTS += %D%/test_netdb
tests_host_test_netdb_SOURCES = %D%/test_netdb.c $(LIBC_TEST_SOURCES)
tests_host_test_netdb_LDADD = %D%/libosvc_host.a
# END netdb

# BEGIN abinames: hsearch_r, inet_nsap_*, ftw/nftw, getprotoent_r and
# getservent_r, __gmtime_r against glibc's
check_PROGRAMS += %D%/test_abinames
TESTS += %D%/test_abinames
tests_host_test_abinames_SOURCES = %D%/test_abinames.c $(LIBC_TEST_SOURCES)
tests_host_test_abinames_LDADD = %D%/libosvc_host.a
# END abinames
