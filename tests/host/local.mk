# Host unit tests: kernel and libc sources built for the host and checked
# against glibc and invariants.  Each program prints TAP.
HOST_TEST_CPPFLAGS = -I$(srcdir)/kernel/include -I$(srcdir)/tests/host

check_PROGRAMS += %D%/test_cmdline %D%/test_pvh
TESTS += %D%/test_cmdline %D%/test_pvh
tests_host_test_cmdline_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_cmdline_SOURCES = %D%/test_cmdline.c %D%/tap.h \
	kernel/cmdline.c
tests_host_test_pvh_CPPFLAGS = $(HOST_TEST_CPPFLAGS)
tests_host_test_pvh_SOURCES = %D%/test_pvh.c %D%/tap.h kernel/pvh.c

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
	kernel/fs/bootfs.c kernel/fs/cpio_newc.c kernel/fs/cpio_newc.h \
	kernel/include/bootfs.h kernel/mm/page_alloc.c kernel/mm/heap.c \
	kernel/include/mm.h

# ACPI tables and the AML walker: hand-made tables, damaged ones, every
# truncation of the AML, and the host's own tables when readable.
check_PROGRAMS += %D%/test_acpi
TESTS += %D%/test_acpi
tests_host_test_acpi_CPPFLAGS = -I$(srcdir)/drivers/include -I$(srcdir)/%D%
tests_host_test_acpi_SOURCES = %D%/test_acpi.c %D%/tap.h \
	drivers/acpi/acpi_tables.c drivers/acpi/acpi_aml.c \
	drivers/include/acpi.h

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
	kernel/include/mm.h

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
tests_host_test_zfs_pool_SOURCES = %D%/test_zfs_pool.c %D%/tap.h
tests_host_test_zfs_pool_LDADD = zfs/libzfscore.a
