/*
 * A root found by its label: with no --rootfs, when the application is
 * not in the boot filesystem, the first disk (the first registered:
 * drivers register their disks one driver after another in link order,
 * drivers/local.mk: virtio-blk's vblk, virtio-scsi's sd, ahci's ata,
 * then nvme's, each driver's in the order it found them; so vblk0 if
 * any, ata0 on q35 with no virtio disk) is matched against the
 * probe tables the boot filesystem carries, /libosv-TYPE.probe, one
 * per filesystem module; the first that matches makes it a root of
 * TYPE (whose module vfs_init() then loads).  The kernel knows no
 * filesystem's label: each table says what its type's label looks like
 * and comes with the module (osv-run writes the zfs one).
 *
 * A table is text, a test a line: "OFFSET HEX", the bytes the disk must
 * hold at byte OFFSET, two hex digits a byte ("??": any byte; spaces
 * between bytes are allowed); every line must match; '#' starts a
 * comment line.
 */
#include <stdio.h>
#include <string.h>

#include "blkdev.h"
#include "config.h"
#include "bootfs.h"
#include "hexdigit.h"
#include "klog.h"
#include "mm.h"
#include "vfs.h"

#define PROBE_PREFIX "/libosv-"
#define PROBE_SUFFIX ".probe"
#define PROBE_MAX_BYTES 256
#define PROBE_TYPE_MAX 32

struct probe {
	struct blkdev *dev;
	char type[PROBE_TYPE_MAX];
	char source[sizeof("/dev/") + BLKDEV_NAME_MAX];
	bool found;
};

/* Parses "OFFSET HEX" in [p, end): the bytes into want (mask 0: any
 * byte); returns their count, or -1 for a line that is not a test. */
static int parse_test(const char *p, const char *end, uint64_t *off,
		      uint8_t *want, uint8_t *mask)
{
	int n = 0, d;
	*off = 0;
	if (p == end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		*off = *off * 10 + (uint64_t)(*p - '0');
	if (p == end || (*p != ' ' && *p != '\t') || *off > (1ull << 50))
		return -1;
	while (p < end) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (end - p < 2 || n == PROBE_MAX_BYTES)
			return -1;
		if (p[0] == '?' && p[1] == '?') {
			want[n] = mask[n] = 0;
		} else if ((d = hex_digit_value(p[0])) >= 0 &&
			   hex_digit_value(p[1]) >= 0) {
			want[n] = (uint8_t)(d << 4 | hex_digit_value(p[1]));
			mask[n] = 0xff;
		} else {
			return -1;
		}
		n++;
		p += 2;
	}
	return n ? n : -1;
}

/* Whether the disk holds want (under mask) at byte off. */
static bool disk_matches(struct blkdev *dev, uint64_t off, const uint8_t *want,
			 const uint8_t *mask, int n)
{
	uint64_t first = off / BLKDEV_SECTOR_SIZE;
	uint64_t last = (off + n - 1) / BLKDEV_SECTOR_SIZE;
	uint32_t count = (uint32_t)(last - first + 1);
	if (last >= dev->sectors)
		return false;
	uint8_t *buf = heap_alloc(count * BLKDEV_SECTOR_SIZE);
	bool ok = buf && blkdev_read(dev, first, buf, count) == 0;
	const uint8_t *at = buf + off % BLKDEV_SECTOR_SIZE;
	for (int i = 0; ok && i < n; i++)
		ok = (at[i] & mask[i]) == want[i];
	heap_free(buf);
	return ok;
}

/* Whether every test of the table holds; a malformed line is said. */
static bool table_matches(const struct bootfs_file *f, struct blkdev *dev)
{
	static uint8_t want[PROBE_MAX_BYTES], mask[PROBE_MAX_BYTES];
	const char *p = f->data, *end = p + f->size;
	int tests = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *q = eol;
		while (q > p &&
		       (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
			q--;
		uint64_t off;
		int n;
		if (q > p && *p != '#') {
			n = parse_test(p, q, &off, want, mask);
			if (n < 0) {
				kprintf("osv: %s: not OFFSET HEX: %.*s\n",
					f->path, (int)(q - p), p);
				return false;
			}
			if (!disk_matches(dev, off, want, mask, n))
				return false;
			tests++;
		}
		p = eol + 1;
	}
	return tests > 0;
}

static void try_table(const struct bootfs_file *f, void *arg)
{
	struct probe *pr = arg;
	size_t len = strlen(f->path), pre = strlen(PROBE_PREFIX),
	       suf = strlen(PROBE_SUFFIX);
	if (pr->found || (f->mode & VFS_IFMT) != VFS_IFREG ||
	    len <= pre + suf || len - pre - suf >= PROBE_TYPE_MAX ||
	    strncmp(f->path, PROBE_PREFIX, pre) != 0 ||
	    strcmp(f->path + len - suf, PROBE_SUFFIX) != 0 ||
	    strchr(f->path + pre, '/'))
		return;
	if (!table_matches(f, pr->dev))
		return;
	memcpy(pr->type, f->path + pre, len - pre - suf);
	pr->type[len - pre - suf] = '\0';
	pr->found = true;
}

/* A kernel without a block driver or without modules has nothing to probe
 * for, and leaves the code out. */
static bool probe_possible(void)
{
	return BLKDEV_DRIVERS_BUILT && VFS_MODULES_BUILT;
}

void vfs_probe_root(const char *app)
{
	static struct probe pr;
	/* The cheap tests first: no initrd, no table; no disk, no probe
	 * (most boots end here, sparing the lookup of the application). */
	if (!probe_possible() || !bootfs_has_archive())
		return;
	pr.dev = blkdev_at(0);
	if (!pr.dev)
		return;
	if (app && bootfs_lookup(app))
		return; /* the application's root is the boot filesystem */
	bootfs_for_each(try_table, &pr);
	if (!pr.found)
		return;
	snprintf(pr.source, sizeof(pr.source), "/dev/%s", pr.dev->name);
	kprintf("osv: %s holds a %s filesystem (by its label, "
		"/libosv-%s.probe): the root\n",
		pr.dev->name, pr.type, pr.type);
	vfs_set_root(pr.type, pr.source);
}
