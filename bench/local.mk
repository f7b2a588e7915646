# Benchmarks: run by hand, never by `make check`.
EXTRA_DIST += %D%/boot-time %D%/mm_bench.c
EXTRA_DIST += %D%/threads %D%/threads.c
# BEGIN libc bench
EXTRA_DIST += %D%/libc %D%/libc.c
# END libc bench
