/*
 * Writes to a ZFS mount (tests/guest/zfs_write.test), and the same on
 * the host: built twice from this file, as an application for the
 * guest (zfs_wapp.so) and as a host program (zfs_wapp), so that the
 * host can make the tree the guest should have made and compare.
 * Everything written is a function of the seed.
 *
 *   gen DIR SEED OPS   a generated tree under DIR (which must exist):
 *                      files of many sizes written in pieces, overwrites
 *                      in the middle, appends, truncations both ways,
 *                      renames (over existing names too), unlinks, a
 *                      file unlinked while open, mkdir, rmdir, directory
 *                      renames, symlinks, hard links, chmod, utimens;
 *                      then the manifest (as walk, with each file's
 *                      links and mtime) and "gen done"
 *   walk DIR           the manifest: "D path mode", "F path mode size
 *                      sha256", "L path target", sorted by path
 *   big PATH           a file grown past 1 GiB, sparse: a few pieces
 *                      written at far offsets; "big SIZE SHA256"
 *   fsyncs DIR N       files DIR/sN (N of them, or forever when 0),
 *                      each written then fsync'ed (fdatasync'ed for odd
 *                      I), then "fsync I done"
 *                      (the host may kill the machine at any time)
 *   check DIR N        the files fsyncs made: "check I ok" for each of
 *                      sI, I < N, that has its contents
 *   fill DIR           writes DIR/fill until ENOSPC, fsyncs; removes
 *                      it, syncs, writes again: "fill ENOSPC BYTES",
 *                      "refill BYTES" (the freed space came back)
 *   statvfs DIR        syncs, then "statvfs free BLOCKS size BLOCKS
 *                      bsize B"; then
 *                      writes 8 MiB of random data, fsyncs, prints
 *                      "statvfs file BLOCKS" (its st_blocks) and again;
 *                      then removes it, syncs three times and again
 *   threads DIR N      N threads at once, each in its own DIR/tN:
 *                      files written, overwritten in the middle, renamed
 *                      and removed, no fsync (the txg thread and the
 *                      dirty limit commit meanwhile); "threads done"
 *   umount DIR         writes DIR/unmounted (no fsync), unmounts DIR:
 *                      "umount ok", then waits to be killed
 *   mapped PATH        a file mapped MAP_SHARED, read-only, sees what
 *                      pwrite, an O_APPEND write and ftruncate do to it
 *                      (a page past the end is SIGBUS): "mapped ..."
 *                      lines
 */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "rofs_sha256.h"

#define MAXP 4096
#define MAXN 2048

static _Thread_local uint64_t rng; /* each thread its own stream */

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? next() % n : 0;
}

static int fail(const char *what, const char *path)
{
	printf("error: %s %s: %s\n", what, path, strerror(errno));
	return 1;
}

/* Deterministic bytes: random, or text LZ4 shrinks (and embeds). */
static void fill_bytes(unsigned char *b, size_t n, uint64_t key)
{
	uint64_t save = rng;
	rng = key;
	if (key & 1) {
		for (size_t i = 0; i < n; i++)
			b[i] = (unsigned char)next();
	} else {
		static const char line[] = "zfs written from osv, line again\n";
		for (size_t i = 0; i < n; i++)
			b[i] = (unsigned char)
			    line[(i + key % 7) % (sizeof(line) - 1)];
	}
	rng = save;
}

/* Writes len bytes of key's stream at off, in pieces of random sizes. */
static int put(int fd, uint64_t off, size_t len, uint64_t key)
{
	static _Thread_local unsigned char *buf;
	const size_t size = 1 << 20;
	if (!buf && !(buf = malloc(size)))
		return -1;
	while (len) {
		size_t n = 1 + below(len < size ? len : size);
		fill_bytes(buf, n, key++);
		if (pwrite(fd, buf, n, (off_t)off) != (ssize_t)n)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

static char *files[MAXN], *dirs[MAXN];
static size_t nfiles, ndirs;

static void forget(char **v, size_t *n, size_t i)
{
	free(v[i]);
	v[i] = v[--*n];
}

static void add(char **v, size_t *n, const char *p)
{
	if (*n < MAXN)
		v[(*n)++] = strdup(p);
}

static size_t find(char **v, size_t n, const char *p)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], p) == 0)
			return i;
	return n;
}

static uint64_t pick_size(void)
{
	static const uint64_t edge[] = {0,	1,	112,	113,
					511,	4095,	4096,	131071,
					131072, 131073, 262144, 1 << 20};
	uint64_t r = below(10);
	if (r < 4)
		return edge[below(sizeof(edge) / sizeof(edge[0]))];
	if (r < 9)
		return below(40000);
	return below(3 << 20);
}

static void new_name(char *p, const char *dir, const char *prefix)
{
	snprintf(p, MAXP, "%s/%s%llu", dir, prefix,
		 (unsigned long long)below(1000000));
}

/* One operation; returns nonzero on an unexpected error. */
static int op(const char *top)
{
	char p[MAXP], q[MAXP + 16];
	const char *dir = dirs[below(ndirs)];
	const char *f = nfiles ? files[below(nfiles)] : NULL;
	int fd, kind = (int)below(20);
	if (!f && kind > 3 && kind < 16)
		kind = 0;
	switch (kind) {
	case 0:
	case 1:
	case 2:
	case 3: /* a new file */
		new_name(p, dir, "f");
		if (find(files, nfiles, p) < nfiles)
			return 0;
		fd = open(p, O_CREAT | O_EXCL | O_WRONLY, 0644);
		if (fd < 0)
			return fail("create", p);
		if (put(fd, 0, pick_size(), next()) || close(fd))
			return fail("write", p);
		add(files, &nfiles, p);
		return 0;
	case 4:
	case 5:
	case 6: { /* an overwrite, maybe past the end */
		struct stat st;
		if (stat(f, &st))
			return fail("stat", f);
		uint64_t off = below((uint64_t)st.st_size + 200000);
		fd = open(f, O_WRONLY);
		if (fd < 0 || put(fd, off, 1 + below(300000), next()) ||
		    close(fd))
			return fail("overwrite", f);
		return 0;
	}
	case 7: /* append */
		fd = open(f, O_WRONLY | O_APPEND);
		if (fd < 0)
			return fail("open", f);
		fill_bytes((unsigned char *)p, 1000, next());
		if (write(fd, p, 1 + below(1000)) < 0 || close(fd))
			return fail("append", f);
		return 0;
	case 8: { /* truncate, either way */
		struct stat st;
		if (stat(f, &st) ||
		    truncate(f, (off_t)below((uint64_t)st.st_size * 2 + 5000)))
			return fail("truncate", f);
		return 0;
	}
	case 9:
	case 10: { /* rename, sometimes over another file */
		size_t other = below(nfiles);
		if (below(3) == 0 && strcmp(files[other], f))
			snprintf(q, MAXP, "%s", files[other]);
		else
			new_name(q, dir, "r");
		snprintf(p, MAXP, "%s", f);
		struct stat a, b;
		if (find(dirs, ndirs, q) < ndirs ||
		    (!stat(p, &a) && !stat(q, &b) && a.st_ino == b.st_ino))
			return 0; /* two names of one file: POSIX does nothing
				   */
		if (rename(p, q))
			return fail("rename", p);
		size_t i = find(files, nfiles, q);
		if (i < nfiles)
			forget(files, &nfiles, i);
		i = find(files, nfiles, p);
		free(files[i]);
		files[i] = strdup(q);
		return 0;
	}
	case 11: /* unlink */
		if (unlink(f))
			return fail("unlink", f);
		forget(files, &nfiles, find(files, nfiles, f));
		return 0;
	case 12: /* a hard link */
		new_name(p, dir, "h");
		if (find(files, nfiles, p) < nfiles)
			return 0;
		if (link(f, p))
			return fail("link", p);
		add(files, &nfiles, p);
		return 0;
	case 13: /* a symlink, relative or absolute, long sometimes */
		new_name(p, dir, "s");
		if (below(4) == 0) {
			memset(q, 'x', 1000);
			snprintf(q + 1000, 100, "/end%llu",
				 (unsigned long long)below(100));
		} else {
			snprintf(q, MAXP, "%s", f + strlen(top));
		}
		if (symlink(q, p) && errno != EEXIST)
			return fail("symlink", p);
		return 0;
	case 14: /* chmod */
		if (chmod(f, (mode_t)(0400 | below(0777))))
			return fail("chmod", f);
		return 0;
	case 15: { /* utimens: any times */
		struct timespec t[2] = {
		    {(time_t)below(2000000000), (long)below(1000000000)},
		    {(time_t)below(2000000000), (long)below(1000000000)}};
		if (utimensat(AT_FDCWD, f, t, 0))
			return fail("utimens", f);
		return 0;
	}
	case 16: /* a directory */
		new_name(p, dir, "d");
		if (ndirs >= 40 || find(dirs, ndirs, p) < ndirs)
			return 0;
		if (mkdir(p, 0755))
			return fail("mkdir", p);
		add(dirs, &ndirs, p);
		return 0;
	case 17: /* a directory made, filled, emptied, renamed, removed */
		new_name(p, dir, "t");
		snprintf(q, sizeof(q), "%s/x", p);
		if (mkdir(p, 0700))
			return fail("mkdir", p);
		fd = open(q, O_CREAT | O_WRONLY, 0600);
		if (fd < 0 || put(fd, 0, 5000, next()) || close(fd) ||
		    rmdir(p) == 0 || errno != ENOTEMPTY || unlink(q))
			return fail("fill", q);
		snprintf(q, MAXP, "%s/u%llu", top,
			 (unsigned long long)below(1000000));
		if (rename(p, q) || rmdir(q))
			return fail("rmdir", q);
		return 0;
	case 18: { /* a file unlinked while open, used, then closed */
		char buf[4096], back[4096];
		new_name(p, dir, "o");
		fd = open(p, O_CREAT | O_EXCL | O_RDWR, 0600);
		if (fd < 0 || unlink(p))
			return fail("open-unlink", p);
		fill_bytes((unsigned char *)buf, sizeof(buf), next());
		for (int i = 0; i < 64; i++)
			if (pwrite(fd, buf, sizeof(buf), i * 8192) != 4096)
				return fail("write-unlinked", p);
		if (pread(fd, back, sizeof(back), 63 * 8192) != 4096 ||
		    memcmp(buf, back, sizeof(buf)) || access(p, F_OK) == 0)
			return fail("read-unlinked", p);
		return close(fd) ? fail("close", p) : 0;
	}
	default: /* fsync now and then: a txg in the middle */
		fd = open(f, O_RDONLY);
		if (fd < 0 || fsync(fd) || close(fd))
			return fail("fsync", f);
		return 0;
	}
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **all;
static size_t nall, capall;

static int collect(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return fail("opendir", dir);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[MAXP];
		struct stat st;
		snprintf(p, MAXP, "%s/%s", dir, e->d_name);
		if (nall == capall) {
			capall = capall ? 2 * capall : 256;
			all = realloc(all, capall * sizeof(*all));
		}
		all[nall++] = strdup(p);
		if (lstat(p, &st))
			return fail("lstat", p);
		if (S_ISDIR(st.st_mode) && collect(p))
			return 1;
	}
	closedir(d);
	return 0;
}

static int sha_file(const char *p, char hex[65])
{
	static unsigned char buf[1 << 16];
	struct sha256 c;
	ssize_t n;
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return -1;
	sha256_init(&c);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&c, buf, (size_t)n);
	sha256_hex(&c, hex);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* The manifest, paths relative to top; times: nlink and mtime too. */
static int walk(const char *top, int times)
{
	size_t skip = strlen(top);
	nall = 0;
	if (collect(top))
		return 1;
	qsort(all, nall, sizeof(*all), by_path);
	for (size_t i = 0; i < nall; i++) {
		struct stat st;
		char hex[65], t[MAXP];
		const char *p = all[i], *rel = p + skip;
		if (lstat(p, &st))
			return fail("lstat", p);
		if (S_ISDIR(st.st_mode)) {
			printf("D %s %o\n", rel, st.st_mode & 07777);
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(p, t, sizeof(t) - 1);
			if (n < 0)
				return fail("readlink", p);
			t[n] = 0;
			printf("L %s %s\n", rel, t);
		} else {
			if (sha_file(p, hex))
				return fail("read", p);
			printf("F %s %o %lld %s", rel, st.st_mode & 07777,
			       (long long)st.st_size, hex);
			if (times)
				printf(" links %lu mtime %lld.%09ld",
				       (unsigned long)st.st_nlink,
				       (long long)st.st_mtim.tv_sec,
				       st.st_mtim.tv_nsec);
			printf("\n");
		}
		free(all[i]);
	}
	return 0;
}

static int gen(const char *top, uint64_t seed, long ops)
{
	rng = seed;
	add(dirs, &ndirs, top);
	for (long i = 0; i < ops; i++)
		if (op(top))
			return 1;
	/* every file's times, last: known values to compare */
	for (size_t i = 0; i < nfiles; i++) {
		struct timespec t[2] = {{1000000000 + (time_t)i, 5},
					{1500000000 + (time_t)i, 123456789}};
		if (utimensat(AT_FDCWD, files[i], t, 0))
			return fail("utimens", files[i]);
	}
	if (walk(top, 1))
		return 1;
	printf("gen done %zu files %zu dirs\n", nfiles, ndirs);
	return 0;
}

static int big(const char *p)
{
	static const uint64_t at[] = {0, 5 << 20, 700ull << 20,
				      (1ull << 30) + 12345};
	int fd = open(p, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0)
		return fail("create", p);
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		if (put(fd, at[i], 200000 + i * 1000, 77 + i))
			return fail("write", p);
	uint64_t size = (1ull << 30) + (3 << 20);
	if (ftruncate(fd, (off_t)size) || fsync(fd) || close(fd))
		return fail("truncate", p);
	char hex[65];
	if (sha_file(p, hex))
		return fail("read", p);
	printf("big %llu %s\n", (unsigned long long)size, hex);
	return 0;
}

static size_t sync_size(long i)
{
	return 1000 + (size_t)(i * 7919 % 300000);
}

static int fsyncs(const char *dir, long n)
{
	static unsigned char buf[310000];
	char p[MAXP];
	for (long i = 0; n == 0 || i < n; i++) {
		snprintf(p, MAXP, "%s/s%ld", dir, i);
		size_t len = sync_size(i);
		fill_bytes(buf, len, (uint64_t)i * 2 + 1);
		int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0 || write(fd, buf, len) != (ssize_t)len ||
		    (i % 2 ? fdatasync(fd) : fsync(fd)) || close(fd))
			return fail("fsync", p);
		printf("fsync %ld done\n", i);
		fflush(stdout);
	}
	return 0;
}

static int check(const char *dir, long n)
{
	static unsigned char want[310000], got[310001];
	char p[MAXP];
	int bad = 0;
	for (long i = 0; i < n; i++) {
		snprintf(p, MAXP, "%s/s%ld", dir, i);
		size_t len = sync_size(i);
		fill_bytes(want, len, (uint64_t)i * 2 + 1);
		int fd = open(p, O_RDONLY);
		ssize_t r = fd < 0 ? -1 : read(fd, got, sizeof(got));
		if (fd >= 0)
			close(fd);
		if (r == (ssize_t)len && memcmp(want, got, len) == 0) {
			printf("check %ld ok\n", i);
		} else {
			printf("check %ld BAD (%zd bytes)\n", i, r);
			bad = 1;
		}
	}
	return bad;
}

/* Writes until ENOSPC; returns the bytes written, -1 on another error. */
static long long fill_until_full(const char *p)
{
	static unsigned char buf[1 << 17];
	long long total = 0;
	int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		return -1;
	for (uint64_t k = 1;; k += 2) {
		fill_bytes(buf, sizeof(buf), k); /* random: no compression */
		ssize_t n = write(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno != ENOSPC)
				return -1;
			break;
		}
		total += n;
	}
	if (fsync(fd) || close(fd))
		return -1;
	return total;
}

static int fill(const char *dir)
{
	char p[MAXP];
	snprintf(p, MAXP, "%s/fill", dir);
	long long first = fill_until_full(p);
	if (first < 0)
		return fail("fill", p);
	printf("fill ENOSPC %lld\n", first);
	if (unlink(p))
		return fail("unlink", p);
	sync();
	long long again = fill_until_full(p);
	if (again < 0)
		return fail("refill", p);
	printf("refill %lld\n", again);
	return 0;
}

static int show_free(const char *dir)
{
	struct statvfs sv;
	if (statvfs(dir, &sv))
		return fail("statvfs", dir);
	printf("statvfs free %lu size %lu bsize %lu\n",
	       (unsigned long)sv.f_bavail, (unsigned long)sv.f_blocks,
	       (unsigned long)sv.f_bsize);
	return 0;
}

static int space(const char *dir)
{
	char p[MAXP];
	snprintf(p, MAXP, "%s/eight", dir);
	/*
	 * From a committed state: what the boot left in the open txg
	 * counts as taken by its full size until a commit shows what it
	 * cost, and a commit by the txg thread in the middle of the
	 * measurement made the file look up to 7 blocks cheaper.
	 */
	sync();
	if (show_free(dir))
		return 1;
	static unsigned char buf[1 << 17];
	int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		return fail("create", p);
	for (uint64_t k = 1; k < 128; k += 2) { /* random: no compression */
		fill_bytes(buf, sizeof(buf), k);
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return fail("write", p);
	}
	struct stat st;
	if (fsync(fd) || fstat(fd, &st) || close(fd))
		return fail("fsync", p);
	printf("statvfs file %lu\n", (unsigned long)st.st_blocks);
	if (show_free(dir) || unlink(p))
		return 1;
	sync();
	sync();
	sync();
	return show_free(dir);
}

struct worker {
	pthread_t id;
	const char *top;
	int n, err;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	char d[MAXP / 2], p[MAXP], q[MAXP];
	rng = 1000 + (uint64_t)w->n;
	snprintf(d, sizeof(d), "%s/t%d", w->top, w->n);
	if (mkdir(d, 0755)) {
		w->err = fail("mkdir", d);
		return NULL;
	}
	for (int i = 0; i < 60 && !w->err; i++) {
		snprintf(p, MAXP, "%s/f%d", d, (int)below(12));
		int fd = open(p, O_CREAT | O_WRONLY, 0644);
		if (fd < 0 ||
		    put(fd, below(300000), 1 + below(500000), next()) ||
		    close(fd))
			w->err = fail("write", p);
		snprintf(q, MAXP, "%s/f%d", d, (int)below(12));
		if (!w->err && i % 7 == 3 && rename(p, q))
			w->err = fail("rename", p);
		if (!w->err && i % 11 == 5 && unlink(q) && errno != ENOENT)
			w->err = fail("unlink", q);
	}
	return NULL;
}

static int threads(const char *top, int n)
{
	struct worker w[16];
	if (n < 1 || n > 16)
		return 2;
	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){.top = top, .n = i};
		if (pthread_create(&w[i].id, NULL, work, &w[i]))
			return fail("pthread_create", top);
	}
	int err = 0;
	for (int i = 0; i < n; i++) {
		pthread_join(w[i].id, NULL);
		err |= w[i].err;
	}
	if (!err)
		printf("threads done\n");
	return err;
}

static int unmount(const char *dir)
{
	char p[MAXP];
	snprintf(p, MAXP, "%s/unmounted", dir);
	int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || put(fd, 0, 100000, 5) || close(fd))
		return fail("write", p);
	if (umount2(dir, 0))
		return fail("umount", dir);
	printf("umount ok\n");
	fflush(stdout);
	for (;;)
		sleep(1000);
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

static int mapped(const char *path)
{
	long pg = sysconf(_SC_PAGESIZE);
	char page[4096 * 3];
	memset(page, 'a', sizeof(page));
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	int afd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0 || afd < 0 || pwrite(fd, page, 3 * pg, 0) != 3 * pg)
		return fail("write", path);
	char *m = mmap(NULL, 4 * pg, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return fail("mmap", path);
	signal(SIGBUS, on_bus);
	printf("mapped before: %c %c %d\n", m[0], m[pg + 10], peek(m + 3 * pg));
	if (pwrite(fd, "bb", 2, pg + 10) != 2 || pwrite(fd, "x", 1, 10) != 1)
		return fail("pwrite", path);
	printf("mapped pwrite: %c%c %c\n", m[pg + 10], m[pg + 11], m[10]);
	if (write(afd, "cc", 2) != 2)
		return fail("append", path);
	printf("mapped append: %c%c %d\n", m[3 * pg], m[3 * pg + 1],
	       peek(m + 3 * pg + 2));
	if (ftruncate(fd, pg + 100))
		return fail("ftruncate", path);
	printf("mapped truncate: %c %d %d %d\n", m[pg + 10], peek(m + pg + 99),
	       peek(m + pg + 100), peek(m + 2 * pg));
	if (ftruncate(fd, 3 * pg))
		return fail("ftruncate", path);
	printf("mapped grown: %d %d\n", peek(m + 2 * pg), peek(m + pg + 200));
	signal(SIGBUS, SIG_DFL);
	munmap(m, 4 * pg);
	close(afd);
	return close(fd) || unlink(path) ? fail("close", path) : 0;
}

int main(int argc, char **argv)
{
	int rc = 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	umask(022);
	if (argc == 5 && !strcmp(argv[1], "gen"))
		rc = gen(argv[2], strtoull(argv[3], NULL, 0),
			 strtol(argv[4], NULL, 0));
	else if (argc == 3 && !strcmp(argv[1], "walk"))
		rc = walk(argv[2], 0);
	else if (argc == 3 && !strcmp(argv[1], "big"))
		rc = big(argv[2]);
	else if (argc == 4 && !strcmp(argv[1], "fsyncs"))
		rc = fsyncs(argv[2], strtol(argv[3], NULL, 0));
	else if (argc == 4 && !strcmp(argv[1], "check"))
		rc = check(argv[2], strtol(argv[3], NULL, 0));
	else if (argc == 3 && !strcmp(argv[1], "fill"))
		rc = fill(argv[2]);
	else if (argc == 3 && !strcmp(argv[1], "statvfs"))
		rc = space(argv[2]);
	else if (argc == 4 && !strcmp(argv[1], "threads"))
		rc = threads(argv[2], atoi(argv[3]));
	else if (argc == 3 && !strcmp(argv[1], "umount"))
		rc = unmount(argv[2]);
	else if (argc == 3 && !strcmp(argv[1], "mapped"))
		rc = mapped(argv[2]);
	else
		fprintf(stderr,
			"usage: zfs_wapp gen DIR SEED OPS | walk DIR | "
			"big PATH | fsyncs DIR N | check DIR N | fill "
			"DIR | statvfs DIR | threads DIR N | umount DIR | "
			"mapped PATH\n");
	return rc;
}
