# Benchmarks: run by hand, never by `make check`.
EXTRA_DIST += %D%/boot-time %D%/mm_bench.c %D%/abi-coverage
EXTRA_DIST += %D%/threads %D%/threads_app.c
EXTRA_DIST += %D%/net-tcp
# BEGIN size matrix (issue 8)
EXTRA_DIST += %D%/size-matrix docs/sizes.md
# END size matrix

# BEGIN drivers: bench/blk, virtio-blk throughput (its kernel is built on
# demand: make bench/blk.elf)
EXTRA_LIBRARIES = bench/libbench_blk.a
bench_libbench_blk_a_CPPFLAGS = $(KERNEL_CPPFLAGS)
bench_libbench_blk_a_CFLAGS = $(KERNEL_BASE_CFLAGS)
bench_libbench_blk_a_SOURCES = %D%/blk_kernel.c
bench/blk.elf: bench/libbench_blk_a-blk_kernel.$(OBJEXT) $(KERNEL_LINK_DEPS)
	$(AM_V_GEN)$(LINK_KERNEL) $@ $(KERNEL_LDS) \
		bench/libbench_blk_a-blk_kernel.$(OBJEXT) $(KERNEL_LINK_INPUTS)
CLEANFILES += bench/blk.elf
EXTRA_DIST += %D%/blk
# END drivers
# BEGIN libc bench
EXTRA_DIST += %D%/libc %D%/libc_app.c
# END libc bench
# BEGIN zfs module (issue 11)
EXTRA_DIST += %D%/zfs %D%/zfs_app.c
# END zfs module
