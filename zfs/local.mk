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
	%D%/zpl_read.c
# BEGIN zfs write engine
%C%_libzfscore_a_SOURCES += %D%/alloc.c %D%/txg.c %D%/zpl_write.c
# END zfs write engine

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
