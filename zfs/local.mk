# ZFS on-disk code (see zfs/zfs.h): libzfscore.a built for the host, and
# the image builder osv-mkzfs on top of it.

ZFS_HOST_CFLAGS = -std=gnu11 -Wall -Wextra -Werror

noinst_LIBRARIES += %D%/libzfscore.a
%C%_libzfscore_a_CFLAGS = $(ZFS_HOST_CFLAGS)
%C%_libzfscore_a_SOURCES = \
	%D%/zfs.h \
	%D%/zfs_phys.h \
	%D%/blkptr.c \
	%D%/checksum.c \
	%D%/dmu_read.c \
	%D%/dsl.c \
	%D%/label.c \
	%D%/lz4.c \
	%D%/lzjb.c \
	%D%/nvlist.c \
	%D%/objset.c \
	%D%/sha256.c \
	%D%/spacemap.c \
	%D%/zap.c \
	%D%/zpl.c \
	%D%/zpl_read.c \
	%D%/zpl_sa.c
# BEGIN zfs write engine
%C%_libzfscore_a_SOURCES += %D%/alloc.c %D%/txg.c %D%/zpl_write.c
# END zfs write engine
# BEGIN space map condensing
%C%_libzfscore_a_SOURCES += %D%/spacemap_condense.c
# END space map condensing

bin_PROGRAMS = %D%/osv-mkzfs %D%/osv-zfs
%C%_osv_mkzfs_CFLAGS = $(ZFS_HOST_CFLAGS)
%C%_osv_mkzfs_SOURCES = %D%/mkzfs.c %D%/hostbio.c %D%/hostbio.h
%C%_osv_mkzfs_LDADD = %D%/libzfscore.a
%C%_osv_zfs_CFLAGS = $(ZFS_HOST_CFLAGS)
%C%_osv_zfs_SOURCES = %D%/zfstool.c %D%/zfs_apply.c %D%/hostbio.c
%C%_osv_zfs_LDADD = %D%/libzfscore.a

# Fuzz targets (libFuzzer, built by zfs/fuzz/build.sh, not by make) with
# their corpus, and the benchmark.
EXTRA_DIST += %D%/fuzz/build.sh %D%/fuzz/fuzz_label.c %D%/fuzz/fuzz_nvlist.c \
	%D%/fuzz/fuzz_zap.c %D%/fuzz/corpus %D%/README.md bench/mkzfs

# BEGIN zfs module (issue 11)
# libosv-zfs.so: the same core, built freestanding and position
# independent against the kernel's libc headers, with the module's VFS
# glue (zfs/module/), linked against the SDK's link stub only (so a
# kernel function without OSV_MODULE_API is a link error); installed to
# $(libdir)/osv beside kernel.elf.  The kernel loads it with its own
# dynamic linker when a zfs mount is asked for (kernel/fs/fs_module.c).
ZFS_MODULE_SOURCES = \
	%D%/blkptr.c %D%/checksum.c %D%/dmu_read.c %D%/dsl.c %D%/label.c \
	%D%/lz4.c %D%/lzjb.c %D%/nvlist.c %D%/objset.c %D%/sha256.c \
	%D%/spacemap.c %D%/zap.c %D%/zpl.c %D%/zpl_read.c %D%/zpl_sa.c \
	%D%/alloc.c %D%/txg.c %D%/zpl_write.c %D%/module/zfs_txg.c \
	%D%/module/zfs_blkdev.c %D%/module/zfs_cache.c \
	%D%/module/zfs_cache.h %D%/module/zfs_module.h \
	%D%/module/zfs_mount.c %D%/module/zfs_vnops.c
# BEGIN space map condensing
ZFS_MODULE_SOURCES += %D%/spacemap_condense.c
# END space map condensing
EXTRA_DIST += %D%/module/README.md
if ZFS
osvlib_LTLIBRARIES = %D%/libosv-zfs.la
%C%_libosv_zfs_la_SOURCES = $(ZFS_MODULE_SOURCES)
# OSV_KERNEL_CODE: the module's snprintf calls are the kernel's, which
# never run a program's printf handlers (libc/include/stdio.h).
%C%_libosv_zfs_la_CPPFLAGS = -I$(top_builddir) -I$(srcdir)/kernel/include \
	-I$(srcdir)/include -I$(srcdir)/libc/include -I$(srcdir)/%D% \
	-DOSV_KERNEL_CODE
%C%_libosv_zfs_la_CFLAGS = -std=gnu11 -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) -mno-red-zone -mgeneral-regs-only \
	-fno-omit-frame-pointer -fno-stack-protector -fvisibility=hidden \
	-Wall -Wextra -Werror
%C%_libosv_zfs_la_LDFLAGS = -module -avoid-version -shared -no-undefined \
	-Wc,-nostdlib -Wl,--no-undefined -Wl,-z,defs
%C%_libosv_zfs_la_LIBADD = -L$(top_builddir)/sdk -losv
EXTRA_%C%_libosv_zfs_la_DEPENDENCIES = sdk/libosv.so
endif

# END zfs module
