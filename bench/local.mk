# Benchmarks: run by hand, never by `make check`.
EXTRA_DIST += %D%/boot-time %D%/mm_bench.c
EXTRA_DIST += %D%/threads %D%/threads.c
# BEGIN size matrix (issue 8)
EXTRA_DIST += %D%/size-matrix docs/sizes.md
# END size matrix
