/* Space maps condensed (zfs/spacemap_condense.c) by the write engine: a
 * pool in memory whose one file is overwritten txg after txg until its
 * space maps are rewritten; the pool opened again says the same free
 * space; and the commit that condensed, cut after each of its writes
 * (power lost: the writes before the cut on the disk, none after),
 * leaves a pool that opens for writing (its space maps replay without
 * contradiction) and holds the file as of that txg or the one before. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"
#include "zfs_memdev.h"

#define FILE_SIZE 65536
#define MAX_TXGS 6000

static int build(struct memdev *m, struct zfs_bio *bio)
{
	struct zfs_pool_params prm = {.name = "c",
				      .path = "/dev/mem0",
				      .ashift = 9,
				      .timestamp = 1000,
				      .compress = ZIO_COMPRESS_OFF};
	struct zfs_pool *p;
	bool ok = memdev_open(m, 64ull << 20);
	m->undo = true; /* the writes of the commit under way */
	*bio = memdev_bio(m, false);
	int rc = ok ? pool_create(&prm, bio, &p) : -ZFS_ENOMEM;
	struct zpl_builder *zb = zpl_new(1000);
	zpl_root(zb, NULL);
	if (!rc)
		rc = zpl_write(zb, pool_root_objset(p));
	if (!rc)
		rc = pool_finish(p);
	zpl_free(zb);
	if (!rc)
		pool_free(p);
	return rc;
}

static void contents(uint64_t txg, uint8_t *buf)
{
	for (size_t i = 0; i < FILE_SIZE; i++)
		buf[i] = (uint8_t)(txg * 7 + i / 512);
}

/* The txg whose contents /f holds, or 0. */
static uint64_t file_txg(const struct zfs_bio *bio, uint64_t a, uint64_t b)
{
	static uint8_t got[FILE_SIZE], want[FILE_SIZE];
	struct zfs_reader *r;
	struct zplr_fs *fs = NULL;
	uint64_t obj, found = 0;
	size_t n = 0;
	int err = zr_open(bio, &r, NULL, 0);
	if (err)
		return 0;
	err = zplr_mount(r, &fs);
	if (!err)
		err = zplr_lookup(fs, "/f", &obj);
	if (!err)
		err = zplr_read(fs, obj, 0, got, FILE_SIZE, &n);
	for (uint64_t t = a; !err && n == FILE_SIZE && t <= b && !found; t++) {
		contents(t, want);
		if (!memcmp(got, want, FILE_SIZE))
			found = t;
	}
	zplr_unmount(fs);
	zr_close(r);
	return found;
}

static bool opens(const struct zfs_bio *bio)
{
	struct zfs_wpool *p;
	char err[256];
	if (wpool_open(bio, &p, err, sizeof(err))) {
		printf("# wpool_open: %s\n", err);
		return false;
	}
	wpool_close(p);
	return true;
}

int main(void)
{
	struct memdev m = {0};
	struct zfs_bio bio;
	struct zfs_wpool *p;
	struct zplw_fs *fs;
	char err[256];
	uint64_t f, txg = 0, size, avail, avail2;
	static uint8_t buf[FILE_SIZE];

	TAP_OK(build(&m, &bio) == 0, "a pool in memory");
	TAP_OK(wpool_open(&bio, &p, err, sizeof(err)) == 0 &&
		   zplw_mount(p, &fs) == 0 &&
		   zplw_create(fs, zplw_root(fs), "f", 0644, 0, 0, &f) == 0,
	       "opened, /f created");
	/* Overwrite /f until a commit condenses a map, then some more, so
	 * that maps condensed before get entries appended. */
	int rc = 0;
	uint64_t first = 0, before = 0;
	for (int i = 0; i < MAX_TXGS && !rc; i++) {
		txg = wpool_txg(p);
		contents(txg, buf);
		memdev_forget_writes(&m);
		rc = zplw_write(fs, f, 0, buf, FILE_SIZE);
		if (!rc)
			rc = zplw_commit(fs);
		if (!first && wpool_condensed(p)) {
			first = txg;
			break;
		}
	}
	TAP_OK(!rc && first, "a space map condensed at txg %lu",
	       (unsigned long)first);
	if (!first)
		return tap_done();

	/* Power cuts within the condensing commit. */
	uint8_t *end = malloc(m.size);
	memcpy(end, m.b, m.size);
	size_t nw = m.nlog, bad_open = 0, bad_file = 0, old = 0, new = 0;
	m.undo = false; /* the log stays as it is */
	for (size_t j = nw + 1; j-- > 0;) {
		if (j < nw) /* undo write j: the disk holds writes 0..j-1 */
			memdev_undo_write(&m, j);
		unsigned writes = m.writes; /* opening writes nothing */
		bad_open += !opens(&bio);
		uint64_t t = file_txg(&bio, first - 1, first);
		bad_file += t == 0;
		old += t == first - 1;
		new += t == first;
		if (m.writes != writes)
			bad_open++; /* wpool_open wrote */
	}
	m.undo = true;
	TAP_OK(bad_open == 0,
	       "cut after each of the commit's %zu writes: the pool opens for "
	       "writing (%zu did not)",
	       nw, bad_open);
	TAP_OK(bad_file == 0 && old > 0 && new > 0,
	       "and /f is as of txg %lu (%zu cuts) or %lu (%zu cuts)",
	       (unsigned long)first - 1, old, (unsigned long)first, new);
	memcpy(m.b, end, m.size);
	free(end);
	memdev_forget_writes(&m);

	/* On: more txgs append to condensed maps, more maps condense. */
	before = wpool_condensed(p);
	for (int i = 0; i < 1500 && !rc; i++) {
		txg = wpool_txg(p);
		contents(txg, buf);
		memdev_forget_writes(&m);
		rc = zplw_write(fs, f, 0, buf, FILE_SIZE);
		if (!rc)
			rc = zplw_commit(fs);
	}
	memdev_forget_writes(&m);
	TAP_OK(!rc && wpool_condensed(p) > before,
	       "1500 more txgs: %lu more maps condensed",
	       (unsigned long)(wpool_condensed(p) - before));
	wpool_space(p, &size, &avail);
	zplw_unmount(fs);
	wpool_close(p);
	TAP_OK(wpool_open(&bio, &p, err, sizeof(err)) == 0,
	       "the pool opens again: every space map replays");
	wpool_space(p, &size, &avail2);
	TAP_OK(avail2 == avail,
	       "its maps say the free space the engine had: %lu bytes (%lu)",
	       (unsigned long)avail2, (unsigned long)avail);
	wpool_close(p);
	TAP_OK(file_txg(&bio, txg, txg) == txg, "/f as of the last txg");
	memdev_close(&m);
	return tap_done();
}
