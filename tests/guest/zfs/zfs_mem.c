/*
 * The load of tests/guest/zfs_mem.test: what a database does while it
 * builds an index, on a small machine.  Built for the guest and for
 * the host, which runs the same steps over a plain file to know what
 * the guest's file must hold.
 *
 *   zfs_mem write PATH SEED OPS SYNC
 *
 * first frees a 1 MiB block and fragments the heap (fragment()), then
 * creates PATH and does OPS writes of one 4 KiB page each: one in
 * three appends a page, the others overwrite a page of the file at a
 * seeded place; every SYNC writes (0: never) and at the end, fsync.
 * A copy of the last 512 pages written is kept meanwhile, the oldest
 * freed as each new one comes.  Then it reads the file back and prints
 * "file PATH PAGES SHA256".
 *
 *   zfs_mem sum PATH
 *
 * prints the same line for what PATH holds.  A failed call prints
 * "error: CALL PATH: REASON" and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "rofs_sha256.h"

#define PAGE 4096
#define CACHED 512 /* pages the program keeps, as a database's cache */

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int fail(const char *what, const char *path)
{
	printf("error: %s %s: %s\n", what, path, strerror(errno));
	return 1;
}

static int sum(const char *path)
{
	static unsigned char page[PAGE];
	struct sha256 c;
	char hex[65];
	long pages = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("open", path);
	sha256_init(&c);
	while ((n = read(fd, page, PAGE)) > 0) {
		sha256_update(&c, page, (size_t)n);
		pages++;
	}
	if (n < 0)
		return fail("read", path);
	close(fd);
	sha256_hex(&c, hex);
	printf("file %s %ld %s\n", path, pages, hex);
	return 0;
}

/*
 * A heap with a history, as a program that has run for a while has:
 * most of the free RAM once held small objects, of which one in 64
 * stays.  Free memory is as large as before, but little of it is in
 * runs of more than a few pages.  On the host: nothing.
 */
static void **fragment(void)
{
	struct sysinfo si;
	if (sysinfo(&si) || si.totalram * si.mem_unit > (1ull << 30))
		return NULL;
	size_t n = (size_t)(si.freeram * si.mem_unit / 10 * 8 / 2000);
	/* one kept in 64 (indexes 0, 64 ...), then the NULL that ends them */
	void **keep = calloc((n + 63) / 64 + 1, sizeof(*keep));
	void **all = calloc(n, sizeof(*all));
	if (!keep || !all) {
		free(all);
		return keep;
	}
	for (size_t i = 0; i < n && (all[i] = malloc(2000)); i++)
		memset(all[i], 1, 2000);
	for (size_t i = 0; i < n && all[i]; i++) {
		if (i % 64)
			free(all[i]);
		else
			keep[i / 64] = all[i];
	}
	free(all);
	return keep;
}

static int write_load(const char *path, uint64_t seed, long ops, long sync)
{
	static unsigned char page[PAGE];
	long pages = 0;
	rng = seed;
	/* As SQLite's sorter: a large buffer freed raises the size from
	 * which malloc maps (glibc's dynamic mmap threshold), so blocks
	 * of the sizes ZFS holds come from the heap from then on. */
	unsigned char *volatile big = malloc(1 << 20);
	if (!big)
		return fail("malloc", path);
	free(big);
	void **kept = fragment();
	static unsigned char *cache[CACHED];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fail("open", path);
	for (long i = 0; i < ops; i++) {
		uint64_t r = next();
		long at =
		    pages == 0 || r % 3 == 0 ? pages++ : (long)(r / 3 % pages);
		for (size_t j = 0; j < PAGE; j += 8) {
			uint64_t v = next();
			memcpy(page + j, &v, 8);
		}
		if (pwrite(fd, page, PAGE, (off_t)at * PAGE) != PAGE)
			return fail("pwrite", path);
		/* a copy kept, the oldest one given back: the heap churns
		 * between the file system's allocations */
		free(cache[i % CACHED]);
		if (!(cache[i % CACHED] = malloc(PAGE)))
			return fail("malloc", path);
		memcpy(cache[i % CACHED], page, PAGE);
		if (sync && (i + 1) % sync == 0 && fsync(fd))
			return fail("fsync", path);
	}
	if (fsync(fd))
		return fail("fsync", path);
	if (close(fd))
		return fail("close", path);
	for (int i = 0; i < CACHED; i++)
		free(cache[i]);
	for (size_t i = 0; kept && kept[i]; i++)
		free(kept[i]);
	free(kept);
	return sum(path);
}

int main(int argc, char **argv)
{
	int rc = 64;
	if (argc == 6 && !strcmp(argv[1], "write"))
		rc = write_load(argv[2], strtoull(argv[3], NULL, 10),
				strtol(argv[4], NULL, 10),
				strtol(argv[5], NULL, 10));
	else if (argc == 3 && !strcmp(argv[1], "sum"))
		rc = sum(argv[2]);
	else
		fprintf(stderr, "usage: zfs_mem write PATH SEED OPS SYNC | "
				"zfs_mem sum PATH\n");
	fflush(stdout);
	return rc;
}
