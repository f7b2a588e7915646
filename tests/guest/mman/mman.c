/*
 * Memory mappings as a program built against glibc's headers sees them:
 * mmap and its relatives with Linux's semantics and errno values, pages
 * allocated on first touch and given back by munmap, areas split by
 * partial munmap and mprotect, and threads mapping concurrently.  Prints
 * "PASS name" or "FAIL name" per check and returns the number of
 * failures (tests/guest/mman.test).
 *
 * With an argument it instead makes one access that must be fatal:
 * "readonly-write" (a write to a page mprotect made read-only), "guard"
 * (a read of a PROT_NONE page), "unmapped" (a read after munmap).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif

#define PAGE 4096UL
#define MIB (1024UL * 1024)

static int failures;

static void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	failures += !ok;
}

static char *map(size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags | MAP_PRIVATE | MAP_ANONYMOUS, -1,
		    0);
}

static long free_ram(void)
{
	struct sysinfo si;
	if (sysinfo(&si) != 0)
		return -1;
	return (long)(si.freeram * si.mem_unit);
}

/* mmap() fails with errno e. */
static int map_fails(void *addr, size_t len, int prot, int flags, int fd,
		     long off, int e)
{
	errno = 0;
	void *p = mmap(addr, len, prot, flags, fd, off);
	return p == MAP_FAILED && errno == e;
}

static int fails(int r, int e)
{
	int ok = r == -1 && errno == e;
	errno = 0;
	return ok;
}

/* How many of the n pages at p mincore() says are resident; -1: error. */
static long resident(void *p, size_t n)
{
	static unsigned char vec[16384];
	if (n > sizeof(vec) || mincore(p, n * PAGE, vec) != 0)
		return -1;
	long count = 0;
	for (size_t i = 0; i < n; i++)
		count += vec[i] & 1;
	return count;
}

static void check_basic(void)
{
	char *p = map(3 * PAGE, PROT_READ | PROT_WRITE, 0);
	int zero = p != MAP_FAILED;
	for (size_t i = 0; zero && i < 3 * PAGE; i++)
		zero &= p[i] == 0;
	check("anonymous-map", p != MAP_FAILED && ((uintptr_t)p & 4095) == 0);
	check("anonymous-zeroed", zero);
	if (p != MAP_FAILED) {
		memset(p, 0x5a, 3 * PAGE);
		check("anonymous-write",
		      p[0] == 0x5a && p[3 * PAGE - 1] == 0x5a);
		check("munmap", munmap(p, 3 * PAGE) == 0);
	}
	char *q = map(100, PROT_READ | PROT_WRITE, 0); /* rounded up */
	check("length-rounded",
	      q != MAP_FAILED && (q[4095] = 1) && resident(q, 1) == 1);
	munmap(q, 100);
}

static long elapsed_us(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* For the notes: what a page fault costs, beside touching mapped pages. */
static void report_fault_cost(void)
{
	const size_t len = 16 * MIB;
	char *p = map(len, PROT_READ | PROT_WRITE, 0);
	if (p == MAP_FAILED)
		return;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < len; i += PAGE)
		p[i] = 1;
	long faults = elapsed_us(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < len; i += PAGE)
		p[i] = 2;
	long touches = elapsed_us(&t0);
	printf("demand paging: %lu first touches in %ld us, again in %ld us\n",
	       len / PAGE, faults, touches);
	munmap(p, len);
}

/* 64 MiB mapped, four pages touched: RAM goes down by those pages only. */
static void check_demand_paging(void)
{
	const size_t len = 64 * MIB;
	long before = free_ram();
	char *p = map(len, PROT_READ | PROT_WRITE, 0);
	long mapped = free_ram();
	if (p == MAP_FAILED) {
		check("demand-map", 0);
		return;
	}
	size_t touch[] = {0, 1 * MIB + 5, 33 * MIB, len - 1};
	for (int i = 0; i < 4; i++)
		p[touch[i]] = (char)(i + 1);
	long touched = free_ram();
	long pages = resident(p, len / PAGE);
	int kept = 1;
	for (int i = 0; i < 4; i++)
		kept &= p[touch[i]] == (char)(i + 1);
	printf("demand paging: mmap took %ld KiB, 4 touches %ld KiB, "
	       "%ld pages resident\n",
	       (before - mapped) / 1024, (mapped - touched) / 1024, pages);
	/* bookkeeping and page tables: a few pages at most */
	check("demand-map-allocates-nothing",
	      before - mapped <= 2 * (long)PAGE);
	check("demand-touch-allocates-touched",
	      mapped - touched >= 4 * (long)PAGE &&
		  mapped - touched <= 12 * (long)PAGE && kept);
	check("demand-mincore", pages == 4);
	check("demand-munmap", munmap(p, len) == 0);
	long after = free_ram();
	printf("demand paging: after munmap %ld KiB below the start\n",
	       (before - after) / 1024);
	/* the page tables stay for later mappings */
	check("demand-pages-freed", before - after <= 8 * (long)PAGE);
	report_fault_cost();
}

static void check_dontneed(void)
{
	char *p = map(2 * PAGE, PROT_READ | PROT_WRITE, 0);
	if (p == MAP_FAILED) {
		check("madvise-dontneed", 0);
		return;
	}
	memset(p, 7, 2 * PAGE);
	check("madvise-dontneed", madvise(p, PAGE, MADV_DONTNEED) == 0 &&
				      resident(p, 2) == 1 && p[0] == 0 &&
				      p[PAGE] == 7);
	check("madvise-normal", madvise(p, 2 * PAGE, MADV_NORMAL) == 0);
	check("madvise-willneed",
	      madvise(p, 2 * PAGE, MADV_DONTNEED) == 0 &&
		  madvise(p, 2 * PAGE, MADV_WILLNEED) == 0 &&
		  resident(p, 2) == 2);
	check("madvise-einval", fails(madvise(p, PAGE, 12345), EINVAL) &&
				    fails(madvise(p + 1, PAGE, 0), EINVAL));
	munmap(p, 2 * PAGE);
	check("madvise-enomem", fails(madvise(p, PAGE, MADV_NORMAL), ENOMEM));
	check("posix-madvise", posix_madvise(p, PAGE, 99) == EINVAL);
}

/* Five pages, the middle one unmapped: the rest keep their data. */
static void check_partial_munmap(void)
{
	char *p = map(5 * PAGE, PROT_READ | PROT_WRITE, 0);
	if (p == MAP_FAILED) {
		check("partial-munmap", 0);
		return;
	}
	for (int i = 0; i < 5; i++)
		p[i * PAGE] = (char)('a' + i);
	int ok = munmap(p + 2 * PAGE, PAGE) == 0;
	check("partial-munmap", ok && p[0] == 'a' && p[PAGE] == 'b' &&
				    p[3 * PAGE] == 'd' && p[4 * PAGE] == 'e');
	unsigned char v;
	check("partial-munmap-hole",
	      fails(mincore(p + 2 * PAGE, PAGE, &v), ENOMEM));
	check("munmap-hole-again", munmap(p + 2 * PAGE, PAGE) == 0);
	check("munmap-einval", fails(munmap(p + 1, PAGE), EINVAL) &&
				   fails(munmap(p, 0), EINVAL));
	check("munmap-across-hole",
	      munmap(p, 5 * PAGE) == 0 && fails(mincore(p, PAGE, &v), ENOMEM) &&
		  fails(mincore(p + 4 * PAGE, PAGE, &v), ENOMEM));
}

static void check_fixed(void)
{
	char *p = map(4 * PAGE, PROT_READ | PROT_WRITE, 0);
	if (p == MAP_FAILED) {
		check("map-fixed", 0);
		return;
	}
	memset(p, 1, 4 * PAGE);
	char *q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
		       MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check("map-fixed",
	      q == p + PAGE && q[0] == 0 && p[0] == 1 && p[2 * PAGE] == 1);
	check("map-fixed-noreplace-eexist",
	      map_fails(p + 2 * PAGE, PAGE, PROT_READ,
			MAP_FIXED_NOREPLACE | MAP_PRIVATE | MAP_ANONYMOUS, -1,
			0, EEXIST));
	munmap(p, 4 * PAGE);
	q = mmap(p + PAGE, PAGE, PROT_READ,
		 MAP_FIXED_NOREPLACE | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check("map-fixed-noreplace", q == p + PAGE);
	munmap(q, PAGE);
	q = mmap(p + 3 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		 0);
	check("map-hint", q == p + 3 * PAGE);
	munmap(q, PAGE);
}

static void check_errors(void)
{
	int rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;
	check("mmap-zero-length", map_fails(NULL, 0, rw, anon, -1, 0, EINVAL));
	check("mmap-no-type",
	      map_fails(NULL, PAGE, rw, MAP_ANONYMOUS, -1, 0, EINVAL));
	check("mmap-offset", map_fails(NULL, PAGE, rw, anon, -1, 100, EINVAL));
	check("mmap-fixed-unaligned",
	      map_fails((void *)0x7000000001, PAGE, rw, anon | MAP_FIXED, -1, 0,
			EINVAL));
	check("mmap-bad-prot",
	      map_fails(NULL, PAGE, 0x80, anon, -1, 0, EINVAL));
	check("mmap-bad-fd",
	      map_fails(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0, EBADF));
	check("mmap-validate",
	      map_fails(NULL, PAGE, rw,
			MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x200000, -1, 0,
			EOPNOTSUPP));
	check("mmap-overflow",
	      map_fails(NULL, SIZE_MAX - 10, rw, anon, -1, 0, ENOMEM));
	size_t huge = 1UL << 40; /* 1 TiB: more than all RAM */
	check("mmap-overcommit",
	      map_fails(NULL, huge, rw, anon, -1, 0, ENOMEM));
	char *p = mmap(NULL, huge, rw, anon | MAP_NORESERVE, -1, 0);
	check("mmap-noreserve",
	      p != MAP_FAILED && (p[huge - 1] = 1) && munmap(p, huge) == 0);
	p = mmap(NULL, PAGE, rw, anon | MAP_STACK | MAP_GROWSDOWN, -1, 0);
	check("mmap-stack-flags", p != MAP_FAILED && (p[0] = 1));
	munmap(p, PAGE);
	p = mmap(NULL, PAGE, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	check("mmap-shared-anonymous", p != MAP_FAILED && p[1] == 0);
	munmap(p, PAGE);
}

static void check_mprotect(void)
{
	char *p = map(3 * PAGE, PROT_READ | PROT_WRITE, 0);
	if (p == MAP_FAILED) {
		check("mprotect", 0);
		return;
	}
	memset(p, 3, 3 * PAGE);
	int ok = mprotect(p + PAGE, PAGE, PROT_READ) == 0 && p[PAGE] == 3;
	ok &= mprotect(p + PAGE, PAGE, PROT_NONE) == 0;
	ok &= mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0;
	p[PAGE + 1] = 4;
	check("mprotect", ok && p[PAGE] == 3 && p[PAGE + 1] == 4 && p[0] == 3 &&
			      p[2 * PAGE] == 3);
	char *q = map(PAGE, PROT_NONE, 0);
	check("mprotect-none-to-rw",
	      q != MAP_FAILED &&
		  mprotect(q, PAGE, PROT_READ | PROT_WRITE) == 0 && q[5] == 0 &&
		  (q[5] = 6) == 6);
	munmap(q, PAGE);
	check("mprotect-einval",
	      fails(mprotect(p + 1, PAGE, PROT_READ), EINVAL) &&
		  fails(mprotect(p, PAGE, 0x80), EINVAL));
	munmap(p + 2 * PAGE, PAGE);
	check("mprotect-enomem",
	      fails(mprotect(p, 3 * PAGE, PROT_READ), ENOMEM));
	munmap(p, 3 * PAGE);
}

static void check_msync_mincore(void)
{
	char *p = map(4 * PAGE, PROT_READ | PROT_WRITE, MAP_POPULATE);
	check("map-populate", p != MAP_FAILED && resident(p, 4) == 4);
	check("msync", msync(p, 4 * PAGE, MS_SYNC) == 0 &&
			   msync(p, PAGE, MS_ASYNC) == 0);
	check("msync-einval",
	      fails(msync(p, PAGE, MS_SYNC | MS_ASYNC), EINVAL) &&
		  fails(msync(p + 1, PAGE, MS_SYNC), EINVAL));
	munmap(p, 4 * PAGE);
	check("msync-enomem", fails(msync(p, PAGE, MS_SYNC), ENOMEM));
	static char buffer[3 * 4096];
	void *heap = malloc(100000);
	check("mlock",
	      mlock(buffer, sizeof(buffer)) == 0 && mlock(heap, 100000) == 0 &&
		  munlock(heap, 100000) == 0 && fails(mlock(p, PAGE), ENOMEM));
	free(heap);
}

static void check_mremap(void)
{
	/* room to grow: nothing after it */
	char *p = map(2 * PAGE, PROT_READ | PROT_WRITE, 0);
	char *blocker = p == MAP_FAILED ? MAP_FAILED : map(PAGE, PROT_READ, 0);
	if (p == MAP_FAILED || blocker == MAP_FAILED) {
		check("mremap-shrink", 0);
		return;
	}
	p[0] = 'x';
	p[PAGE] = 'y';
	check("mremap-shrink", mremap(p, 2 * PAGE, PAGE, 0) == p &&
				   p[0] == 'x' && fails(munmap(p, 0), EINVAL));
	/* p + PAGE is free again; the blocker sits after it */
	char *g = mremap(p, PAGE, 2 * PAGE, 0);
	check("mremap-grow-in-place", g == p && p[0] == 'x' && p[PAGE] == 0);
	int ok = blocker == p + 2 * PAGE;
	char *m = mremap(p, 2 * PAGE, 8 * PAGE, 0);
	check("mremap-no-room", !ok || (m == MAP_FAILED && errno == ENOMEM));
	m = mremap(p, 2 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
	unsigned char v;
	check("mremap-move",
	      m != MAP_FAILED && m[0] == 'x' && (m[7 * PAGE] = 1) &&
		  (ok ? fails(mincore(p, PAGE, &v), ENOMEM) : 1));
	check("mremap-efault",
	      mremap(p + 100 * PAGE, PAGE, 2 * PAGE, 0) == MAP_FAILED &&
		  errno == EFAULT);
	check("mremap-einval",
	      mremap(m, PAGE, 2 * PAGE, 0x40) == MAP_FAILED && errno == EINVAL);
	munmap(m, 8 * PAGE);
	munmap(blocker, PAGE);
}

/* Threads map, fill, check and unmap at once: page tables stay sane. */
#define WORKERS 4
#define ROUNDS 150

static void *mapper(void *arg)
{
	long id = (long)arg, bad = 0;
	for (int r = 0; r < ROUNDS; r++) {
		size_t pages = 1 + (size_t)(r + id) % 7;
		char *p = map(pages * PAGE, PROT_READ | PROT_WRITE, 0);
		if (p == MAP_FAILED) {
			bad++;
			continue;
		}
		for (size_t i = 0; i < pages; i++)
			p[i * PAGE + (size_t)id] = (char)(id + r);
		if (r % 5 == 0)
			sched_yield();
		for (size_t i = 0; i < pages; i++)
			bad += p[i * PAGE + (size_t)id] != (char)(id + r);
		bad += munmap(p, pages * PAGE) != 0;
	}
	return (void *)bad;
}

/*
 * Threads touch the same fresh pages at once, each its own bytes: no
 * write may be lost to a second page mapped over the first.
 */
#define SHARED_PAGES 256

static char *shared_area;

static void *toucher(void *arg)
{
	long id = (long)arg;
	for (size_t i = 0; i < SHARED_PAGES; i++) {
		shared_area[i * PAGE + (size_t)id] = (char)(id + 1);
		if (i % 32 == 0)
			sched_yield();
	}
	return NULL;
}

static void check_concurrent_faults(void)
{
	shared_area = map(SHARED_PAGES * PAGE, PROT_READ | PROT_WRITE, 0);
	if (shared_area == MAP_FAILED) {
		check("threads-fault-same-pages", 0);
		return;
	}
	pthread_t t[WORKERS];
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, toucher, (void *)i);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	int lost = 0;
	for (size_t i = 0; i < SHARED_PAGES; i++)
		for (long id = 0; id < WORKERS; id++)
			lost += shared_area[i * PAGE + (size_t)id] != id + 1;
	check("threads-fault-same-pages",
	      lost == 0 && resident(shared_area, SHARED_PAGES) == SHARED_PAGES);
	munmap(shared_area, SHARED_PAGES * PAGE);
}

static void check_threads(void)
{
	pthread_t t[WORKERS];
	long before = free_ram(), bad = 0;
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, mapper, (void *)i);
	for (int i = 0; i < WORKERS; i++) {
		void *r;
		pthread_join(t[i], &r);
		bad += (long)r;
	}
	long after = free_ram();
	check("threads-map-concurrently", bad == 0);
	check("threads-pages-returned", before - after <= 16 * (long)PAGE);
}

/* malloc's large blocks are mappings: RAM only for what is touched. */
static void check_malloc_large(void)
{
	long before = free_ram();
	char *p = malloc(64 * MIB);
	long taken = free_ram();
	if (!p) {
		check("malloc-large-on-demand", 0);
		return;
	}
	p[0] = 1;
	p[64 * MIB - 1] = 2;
	check("malloc-large-on-demand", before - taken <= 4 * (long)PAGE &&
					    malloc_usable_size(p) >= 64 * MIB);
	char *q = realloc(p, 128 * MIB);
	check("realloc-large-keeps",
	      q && q[0] == 1 && q[64 * MIB - 1] == 2 && (q[128 * MIB - 1] = 3));
	char *small = realloc(q, 100);
	check("realloc-large-to-small", small && small[0] == 1);
	char *big = realloc(small, 1 * MIB);
	check("realloc-small-to-large", big && big[0] == 1);
	free(big);
	int *z = calloc(1024 * 1024, sizeof(int));
	int zero = z != NULL;
	for (size_t i = 0; z && i < 1024 * 1024; i += 1000)
		zero &= z[i] == 0;
	free(z);
	long after = free_ram();
	check("calloc-large-zeroed", zero);
	check("malloc-large-freed", before - after <= 8 * (long)PAGE);

	/*
	 * As glibc's, the threshold rises to a freed mapped block's size:
	 * then a block of 4 MiB comes from the heap, which mincore() does
	 * not know (ENOMEM), where a mapping's pages it does.
	 */
	unsigned char v;
	char *m = malloc(8 * MIB);
	uintptr_t page_of_m = (uintptr_t)m & ~(PAGE - 1);
	int was_mapped = m && mincore((void *)page_of_m, PAGE, &v) == 0;
	free(m);
	char *h = malloc(4 * MIB);
	uintptr_t page_of_h = (uintptr_t)h & ~(PAGE - 1);
	check("malloc-threshold-rises",
	      was_mapped && h &&
		  fails(mincore((void *)page_of_h, PAGE, &v), ENOMEM));
	free(h);
}

/*
 * A file of the ramfs /tmp mapped: its bytes at the offset asked, zeros
 * past its end, private writes that never reach it, and the mapping
 * outliving close() and unlink().
 */
#define FILE_BYTES (3 * PAGE + 100)

static unsigned char file_byte(size_t i)
{
	return (unsigned char)(i * 7 + i / PAGE);
}

static int make_file(const char *path)
{
	static unsigned char data[FILE_BYTES];
	for (size_t i = 0; i < FILE_BYTES; i++)
		data[i] = file_byte(i);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, FILE_BYTES) != FILE_BYTES)
		return -1;
	return fd;
}

static int same_as_file(const unsigned char *p, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != (off + i < FILE_BYTES ? file_byte(off + i) : 0))
			return 0;
	return 1;
}

static void check_file_mapping(void)
{
	const char *path = "/tmp/mapped";
	int fd = make_file(path);
	if (fd < 0) {
		check("file-map", 0);
		return;
	}
	unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	check("file-map", p != MAP_FAILED && same_as_file(p, 0, 4 * PAGE));
	munmap(p, 4 * PAGE);
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 2 * PAGE);
	check("file-map-offset",
	      p != MAP_FAILED && same_as_file(p, 2 * PAGE, 2 * PAGE));
	munmap(p, 2 * PAGE);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unsigned char first = 0;
	int ok = p != MAP_FAILED;
	if (ok) {
		p[0] ^= 0xff;
		ok = pread(fd, &first, 1, 0) == 1 && first == file_byte(0) &&
		     p[0] == (file_byte(0) ^ 0xff);
	}
	check("file-map-private-write", ok);
	munmap(p, PAGE);

	int ro = open(path, O_RDONLY);
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, ro, 0);
	check("file-map-shared-read",
	      p != MAP_FAILED && same_as_file(p, 0, 2 * PAGE));
	check("file-mprotect-eacces",
	      fails(mprotect(p, PAGE, PROT_READ | PROT_WRITE), EACCES));
	munmap(p, 2 * PAGE);
	check("file-map-shared-readonly-fd",
	      map_fails(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0,
			EACCES));
	int wo = open(path, O_WRONLY);
	check("file-map-writeonly-fd",
	      map_fails(NULL, PAGE, PROT_READ, MAP_PRIVATE, wo, 0, EACCES));
	int dir = open("/tmp", O_RDONLY);
	check("file-map-directory",
	      map_fails(NULL, PAGE, PROT_READ, MAP_PRIVATE, dir, 0, ENODEV));
	check("file-map-closed-fd",
	      map_fails(NULL, PAGE, PROT_READ, MAP_PRIVATE, 999, 0, EBADF));
	close(wo);
	close(dir);
	close(ro);

	p = mmap(NULL, 4 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	unlink(path);
	check("file-map-outlives-file",
	      p != MAP_FAILED && same_as_file(p, 0, 4 * PAGE));
	munmap(p, 4 * PAGE);
}

/*
 * Writable MAP_SHARED on ramfs: a mapping is the file's own pages, so
 * stores through it are seen by read() and by other mappings, write()
 * is seen through it, the file lives while mapped, and an access past
 * the end of a shrunk file gets SIGBUS (si_code BUS_ADRERR), as on Linux.
 */
static sigjmp_buf bus_env;
static volatile int bus_code;
static void *volatile bus_addr;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	bus_code = si->si_code;
	bus_addr = si->si_addr;
	siglongjmp(bus_env, 1);
}

/* Reads *p; 1 when that raised SIGBUS at p. */
static int bus_error_at(volatile unsigned char *p)
{
	bus_code = 0;
	bus_addr = NULL;
	if (sigsetjmp(bus_env, 1) == 0) {
		(void)*p;
		return 0;
	}
	return bus_code == BUS_ADRERR && bus_addr == (void *)p;
}

/* The mapping shows the same bytes as read() of the file. */
static int mapping_matches_file(int fd, const unsigned char *p, size_t len)
{
	static unsigned char buf[4 * PAGE];
	return len <= sizeof(buf) && pread(fd, buf, len, 0) == (ssize_t)len &&
	       memcmp(buf, p, len) == 0;
}

static void check_shared_file_mapping(void)
{
	struct sigaction sa = {.sa_sigaction = on_bus, .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	const char *path = "/tmp/shared";
	int fd = make_file(path);
	int rw = PROT_READ | PROT_WRITE;
	unsigned char *p = mmap(NULL, 4 * PAGE, rw, MAP_SHARED, fd, 0);
	check("shared-file-map",
	      p != MAP_FAILED && fd >= 0 && same_as_file(p, 0, 4 * PAGE));
	if (p == MAP_FAILED)
		return;
	unsigned char b = 0;
	p[5] = 0xab;
	p[3 * PAGE + 99] = 0xcd; /* the file's last byte */
	check("shared-file-store-read",
	      pread(fd, &b, 1, 5) == 1 && b == 0xab &&
		  pread(fd, &b, 1, 3 * PAGE + 99) == 1 && b == 0xcd);
	unsigned char *q = mmap(NULL, 2 * PAGE, rw, MAP_SHARED, fd, PAGE);
	int ok = q != MAP_FAILED;
	if (ok) {
		q[1] = 0x11;
		ok = p[PAGE + 1] == 0x11;
		p[PAGE + 2] = 0x22;
		ok = ok && q[2] == 0x22;
	}
	check("shared-file-two-mappings", ok);
	check("shared-file-write-seen",
	      pwrite(fd, "xyz", 3, 2 * PAGE + 7) == 3 &&
		  memcmp(p + 2 * PAGE + 7, "xyz", 3) == 0 && q != MAP_FAILED &&
		  memcmp(q + PAGE + 7, "xyz", 3) == 0);
	check("shared-file-msync", msync(p, 4 * PAGE, MS_SYNC) == 0 &&
				       msync(p, PAGE, MS_ASYNC) == 0 &&
				       mapping_matches_file(fd, p, FILE_BYTES));

	/* shrink: the tail of the last page reads 0, the next page is gone */
	check("shared-file-truncate",
	      ftruncate(fd, PAGE + 100) == 0 && p[PAGE + 1] == 0x11 &&
		  p[PAGE + 100] == 0 && p[2 * PAGE - 1] == 0);
	check("shared-file-past-eof-sigbus", bus_error_at(p + 2 * PAGE) &&
						 q != MAP_FAILED &&
						 bus_error_at(q + PAGE + 5));
	p[PAGE + 200] = 7; /* past the end, in its last page: not the file's */
	check("shared-file-grow",
	      ftruncate(fd, 4 * PAGE) == 0 && p[PAGE + 200] == 0 &&
		  p[2 * PAGE + 7] == 0 && p[3 * PAGE] == 0 &&
		  mapping_matches_file(fd, p, 4 * PAGE));

	/* the file outlives its name and descriptor while mapped */
	close(fd);
	unlink(path);
	p[3] = 0x33;
	check("shared-file-outlives-unlink",
	      p[3] == 0x33 && q != MAP_FAILED && q[1] == 0x11);
	munmap(p, 4 * PAGE);
	ok = q != MAP_FAILED && q[2] == 0x22;
	munmap(q, 2 * PAGE);
	check("shared-file-munmap-order", ok);

	/* a file of the boot archive: its bytes, then its own pages */
	fd = open("/data", O_RDWR);
	struct stat st;
	ok = fd >= 0 && fstat(fd, &st) == 0 && st.st_size > (off_t)PAGE;
	p = ok ? mmap(NULL, 2 * PAGE, rw, MAP_SHARED, fd, 0) : MAP_FAILED;
	size_t size = ok ? (size_t)st.st_size : 0;
	ok = p != MAP_FAILED && mapping_matches_file(fd, p, size);
	if (ok) {
		p[PAGE + 1] ^= 0xff;
		ok = mapping_matches_file(fd, p, size);
		p[PAGE + 1] ^= 0xff;
		munmap(p, 2 * PAGE);
	}
	check("shared-file-boot-archive", ok);
	close(fd);

	/* private mappings get SIGBUS past the end too */
	fd = make_file(path);
	p = mmap(NULL, 6 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	check("private-file-past-eof-sigbus",
	      p != MAP_FAILED && p[3 * PAGE + 99] == file_byte(3 * PAGE + 99) &&
		  bus_error_at(p + 4 * PAGE));
	munmap(p, 6 * PAGE);
	close(fd);
	unlink(path);
}

static int fatal_access(const char *what)
{
	char *p = map(2 * PAGE, PROT_READ | PROT_WRITE, 0);
	if (p == MAP_FAILED)
		return 2;
	p[PAGE] = 1;
	printf("mapping at %p\n", (void *)p);
	if (strcmp(what, "readonly-write") == 0) {
		mprotect(p + PAGE, PAGE, PROT_READ);
		printf("read back %d; writing\n", p[PAGE]);
		*(volatile char *)(p + PAGE) = 2;
	} else if (strcmp(what, "guard") == 0) {
		mprotect(p, PAGE, PROT_NONE);
		*(volatile char *)p;
	} else if (strcmp(what, "unmapped") == 0) {
		munmap(p, 2 * PAGE);
		*(volatile char *)(p + PAGE);
	}
	printf("survived %s\n", what);
	return 3;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return fatal_access(argv[1]);
	check_demand_paging();
	check_basic();
	check_dontneed();
	check_partial_munmap();
	check_fixed();
	check_errors();
	check_mprotect();
	check_msync_mincore();
	check_mremap();
	check_threads();
	check_concurrent_faults();
	check_malloc_large();
	check_file_mapping();
	check_shared_file_mapping();
	printf("mman: %d failures\n", failures);
	return failures;
}
