/*
 * Writable MAP_SHARED mappings of files on ZFS, for
 * tests/guest/zfs_mmap.test.  Built for the guest (zfs_mmap.so) and for
 * the host (zfs_mmap): the host's run on a Linux filesystem is the
 * oracle for what "shared" prints and for the file it leaves.
 *   shared PATH   maps a new file shared and writable and prints what
 *                 stores, msync, read(), write(), ftruncate, fsync and
 *                 a second mapping show ("shared ..." lines); its last
 *                 store reaches the file through munmap alone
 *   leave PATH    stores to a mapped file and returns, the mapping left
 *                 in place: the poweroff's sync writes the stores back
 *   show PATH     prints the file's size and the bytes the stores of
 *                 "shared" left ("show ..." lines)
 *   enospc PATH   a sparse 96 MiB file mapped, every page stored to
 *                 with bytes that do not compress, on a 64 MiB pool:
 *                 msync and fsync fail with ENOSPC ("enospc ..." lines)
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PG 4096L

static int fail(const char *what, const char *path)
{
	printf("error: %s %s: %s\n", what, path, strerror(errno));
	return 1;
}

static sigjmp_buf bus_jump;

static void on_bus(int sig)
{
	siglongjmp(bus_jump, sig);
}

/* The byte at p, or -1 when reading it raises SIGBUS. */
static int peek(const volatile char *p)
{
	if (sigsetjmp(bus_jump, 1))
		return -1;
	return (unsigned char)*p;
}

/* Stores c at p: 0, or -1 when that raises SIGBUS. */
static int poke(volatile char *p, char c)
{
	if (sigsetjmp(bus_jump, 1))
		return -1;
	*p = c;
	return 0;
}

/* The byte at off read with pread(), or -1 at the end. */
static int byte_at(int fd, off_t off)
{
	unsigned char c;
	return pread(fd, &c, 1, off) == 1 ? c : -1;
}

static long file_size(int fd)
{
	struct stat st;
	return fstat(fd, &st) ? -1 : (long)st.st_size;
}

/* The calls' results, printed as 0 or the errno's name. */
static const char *result(int r)
{
	return r == 0 ? "0" : strerror(errno);
}

static int shared(const char *path)
{
	static char fill[3 * PG + 100];
	memset(fill, 'a', sizeof(fill));
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0 || write(fd, fill, sizeof(fill)) != (long)sizeof(fill))
		return fail("write", path);
	char *m = mmap(NULL, 5 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return fail("mmap", path);
	signal(SIGBUS, on_bus);
	m[0] = 'M';
	m[PG + 5] = 'N';
	m[3 * PG + 99] = 'E'; /* the file's last byte */
	m[3 * PG + 100] = 'Z'; /* past the end, in its last page */
	printf("shared past the end: %d %d\n", peek(m + 4 * PG),
	       poke(m + 4 * PG, 'x'));
	printf("shared msync: %s\n", result(msync(m, 5 * PG, MS_SYNC)));
	printf("shared read after msync: %c %c %c %d size %ld\n",
	       byte_at(fd, 0), byte_at(fd, PG + 5), byte_at(fd, 3 * PG + 99),
	       byte_at(fd, 3 * PG + 100), file_size(fd));
	m[10] = 'q';
	printf("shared read without msync: %c\n", byte_at(fd, 10));
	char *r = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	if (r == MAP_FAILED)
		return fail("mmap", path);
	printf("shared second mapping: %c %c %c\n", r[0], r[10], r[PG + 5]);
	if (pwrite(fd, "WW", 2, PG + 100) != 2)
		return fail("pwrite", path);
	printf("shared mapping after pwrite: %c%c %c %c\n", m[PG + 100],
	       m[PG + 101], m[PG + 5], r[PG + 101]);
	m[2 * PG] = 's';
	if (pwrite(fd, "w", 1, 2 * PG + 1) != 1)
		return fail("pwrite", path);
	printf("shared store then pwrite: %c%c\n", byte_at(fd, 2 * PG),
	       byte_at(fd, 2 * PG + 1));
	m[2 * PG + 10] = 'u';
	m[2 * PG + 60] = 'v';
	m[3 * PG + 5] = 'y';
	if (ftruncate(fd, 2 * PG + 50))
		return fail("ftruncate", path);
	printf("shared truncated: %c %d %d %d\n", m[2 * PG + 10],
	       peek(m + 2 * PG + 60), peek(m + 3 * PG), poke(m + 3 * PG, 'x'));
	if (ftruncate(fd, 3 * PG + 100))
		return fail("ftruncate", path);
	printf("shared grown: %d %d %d\n", peek(m + 2 * PG + 60),
	       peek(m + 3 * PG + 5), byte_at(fd, 2 * PG + 60));
	m[20] = 'f';
	printf("shared fsync: %s\n", result(fsync(fd)));
	m[30] = 'A';
	printf("shared msync async: %s\n", result(msync(m, PG, MS_ASYNC)));
	m[3 * PG + 50] = 'L';
	m[40] = 'U'; /* only munmap writes these back */
	signal(SIGBUS, SIG_DFL);
	if (munmap(r, 2 * PG) || munmap(m, 5 * PG))
		return fail("munmap", path);
	printf("shared after munmap: %c %c\n", byte_at(fd, 40),
	       byte_at(fd, 3 * PG + 50));
	return close(fd) ? fail("close", path) : 0;
}

static int leave(const char *path)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0 || ftruncate(fd, 2 * PG))
		return fail("create", path);
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return fail("mmap", path);
	memcpy(m + 100, "left mapped", 11);
	memcpy(m + PG + 7, "and here", 8);
	printf("leave stored\n");
	return 0;
}

static int show(const char *path)
{
	static const long at[] = {0,	  5,	  10,		  20,
				  30,	  40,	  PG + 5,	  PG + 100,
				  PG + 101, 2 * PG, 2 * PG + 1,	  2 * PG + 10,
				  2 * PG + 60, 3 * PG + 5, 3 * PG + 50, 3 * PG + 99};
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("open", path);
	printf("show size %ld:", file_size(fd));
	for (size_t i = 0; i < sizeof(at) / sizeof(*at); i++)
		printf(" %d", byte_at(fd, at[i]));
	printf("\n");
	close(fd);
	return 0;
}

static int enospc(const char *path)
{
	const long len = 96L << 20;
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0 || ftruncate(fd, len))
		return fail("create", path);
	uint64_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return fail("mmap", path);
	uint64_t x = 88172645463325252ULL; /* xorshift: no compression */
	for (long i = 0; i < len / 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		m[i] = x;
	}
	int e = msync(m, len, MS_SYNC) ? errno : 0;
	printf("enospc msync: %s\n", e ? strerror(e) : "0");
	e = fsync(fd) ? errno : 0;
	printf("enospc fsync: %s\n", e ? strerror(e) : "0");
	munmap(m, len);
	close(fd);
	if (unlink(path))
		return fail("unlink", path);
	sync();
	printf("enospc removed\n");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "shared"))
		return shared(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "leave"))
		return leave(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "show"))
		return show(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "enospc"))
		return enospc(argv[2]);
	fprintf(stderr, "usage: zfs_mmap shared PATH | leave PATH | show PATH "
			"| enospc PATH\n");
	return 2;
}
