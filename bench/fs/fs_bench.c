/*
 * bench/fs kernel (bench/fs/run): booted with a ramfs root from an
 * initrd holding /tree and /big, and a disk holding a rofs image of the
 * same tree and file.  It times:
 *   - mounting the rofs image at /mnt (fs_mount, as an application);
 *   - opening and reading every file of the tree, from rofs (twice: the
 *     second pass finds at most the cache's last 4 MiB) and from ramfs;
 *   - reading the big file sequentially in 1 MiB reads, from rofs and
 *     from ramfs;
 *   - writing a copy of it to /tmp (ramfs) in 1 MiB writes, and reading
 *     that copy (pages of the file's own, where /big is borrowed from
 *     the initrd).
 * and prints one "NAME VALUE" line per figure.  Asserts nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "fs_calls.h"
#include "mm.h"

struct dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

#define DT_DIR_ 4
#define DT_REG_ 8
#define BUF (1u << 20)

static char *buf;
static uint64_t files, bytes;
static int errors;

static void read_file(const char *path)
{
	int fd = fs_openat(AT_FDCWD, path, O_RDONLY, 0);
	long n;

	if (fd < 0) {
		errors++;
		return;
	}
	while ((n = fs_read(fd, buf, 64 * 1024)) > 0)
		bytes += (uint64_t)n;
	if (n < 0)
		errors++;
	files++;
	fs_close(fd);
}

static void walk(const char *dir)
{
	int fd = fs_openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY, 0);
	char *ents = heap_alloc(8192);
	char path[1024];
	long n;

	if (fd < 0 || !ents) {
		errors++;
		heap_free(ents);
		return;
	}
	while ((n = fs_getdents64(fd, ents, 8192)) > 0) {
		for (long at = 0; at < n;) {
			struct dirent64 *d = (void *)(ents + at);
			at += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
			if (d->d_type == DT_DIR_)
				walk(path);
			else if (d->d_type == DT_REG_)
				read_file(path);
		}
	}
	fs_close(fd);
	heap_free(ents);
}

static void tree(const char *name, const char *dir)
{
	files = bytes = 0;
	uint64_t t0 = clock_monotonic();
	walk(dir);
	uint64_t us = (clock_monotonic() - t0) / 1000;
	printf("%s_us %lu\n%s_files %lu\n%s_bytes %lu\n", name,
	       (unsigned long)us, name, (unsigned long)files, name,
	       (unsigned long)bytes);
}

static void sequential(const char *name, const char *path)
{
	int fd = fs_openat(AT_FDCWD, path, O_RDONLY, 0);
	uint64_t total = 0, t0 = clock_monotonic();
	long n;

	if (fd < 0) {
		printf("%s: open %s: %d\n", name, path, fd);
		errors++;
		return;
	}
	while ((n = fs_read(fd, buf, BUF)) > 0)
		total += (uint64_t)n;
	fs_close(fd);
	uint64_t ns = clock_monotonic() - t0;
	printf("%s_bytes %lu\n%s_us %lu\n%s_MiBps %lu\n", name,
	       (unsigned long)total, name, (unsigned long)(ns / 1000), name,
	       (unsigned long)(ns ? (total * 1000000000 / ns) >> 20 : 0));
}

static void copy(const char *name, const char *from, const char *to)
{
	int in = fs_openat(AT_FDCWD, from, O_RDONLY, 0);
	int out = fs_openat(AT_FDCWD, to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	uint64_t total = 0, ns = 0;
	long n;

	if (in < 0 || out < 0) {
		printf("%s: open %s, %s: %d, %d\n", name, from, to, in, out);
		errors++;
		return;
	}
	while ((n = fs_read(in, buf, BUF)) > 0) {
		uint64_t t0 = clock_monotonic();
		if (fs_write(out, buf, (size_t)n) != n)
			errors++;
		ns += clock_monotonic() - t0;
		total += (uint64_t)n;
	}
	fs_close(in);
	fs_close(out);
	printf("%s_bytes %lu\n%s_us %lu\n%s_MiBps %lu\n", name,
	       (unsigned long)total, name, (unsigned long)(ns / 1000), name,
	       (unsigned long)(ns ? (total * 1000000000 / ns) >> 20 : 0));
}

int app_main(int argc, char **argv)
{
	(void)argc, (void)argv;
	buf = heap_alloc(BUF);
	if (!buf || fs_mkdirat(AT_FDCWD, "/mnt", 0755))
		return 1;
	uint64_t t0 = clock_monotonic();
	int rc =
	    fs_mount("/dev/vblk0", "/mnt", "rofs", 1 /* MS_RDONLY */, NULL);
	printf("rofs_mount_us %lu\n",
	       (unsigned long)((clock_monotonic() - t0) / 1000));
	if (rc) {
		printf("mount: %d\n", rc);
		return 1;
	}
	tree("rofs_tree_cold", "/mnt/tree");
	tree("rofs_tree_again", "/mnt/tree");
	tree("ramfs_tree", "/tree");
	sequential("rofs_seq", "/mnt/big");
	sequential("ramfs_seq", "/big");
	copy("ramfs_write", "/big", "/tmp/big");
	sequential("ramfs_written_seq", "/tmp/big");
	printf("errors %d\n", errors);
	return errors ? 1 : 0;
}
