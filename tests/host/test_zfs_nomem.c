/*
 * A commit that runs out of memory (zfs/txg.c, zpl_write.c): the
 * program's malloc, calloc and realloc (linked with --wrap) fail from
 * the Kth call of a commit on, for K = 0, 1, 2... until a commit
 * needs fewer.  After each failure either the handle is not broken,
 * the open txg is whole (the file reads back from it) and the commit
 * succeeds once memory is back; or it is broken (the commit had begun
 * changing the allocator: not before it allocated or freed a block),
 * refuses commits, and the disk holds the last txg, which a new handle
 * opens.  Either way what a commit
 * acknowledged stays.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"
#include "zfs_memdev.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);

static long fail_in = -1;     /* calls left before they fail; -1: never */
static unsigned long refused; /* calls failed */

static bool failing(void)
{
	if (fail_in < 0)
		return false;
	if (fail_in == 0) {
		refused++;
		return true;
	}
	fail_in--;
	return false;
}

void *__wrap_malloc(size_t size)
{
	return failing() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return failing() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return size && failing() ? NULL : __real_realloc(p, size);
}

static int build(struct memdev *m, struct zfs_bio *bio)
{
	return memdev_pool(m, bio, "m", "d");
}

/* Whether path reads as len bytes of data through the engine. */
static bool holds(struct zplw_fs *fs, const char *path, const uint8_t *data,
		  size_t len)
{
	static uint8_t got[400000];
	uint64_t obj;
	size_t n;
	return zplw_walk(fs, path, &obj) == 0 &&
	       zplw_read(fs, obj, 0, got, sizeof(got), &n) == 0 && n == len &&
	       !memcmp(got, data, n);
}

static void fill(uint8_t *b, size_t n, unsigned k)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 31 + i / 4096 + k * 7);
}

int main(void)
{
	static uint8_t data[300000];
	struct memdev m = {0};
	struct zfs_bio bio;
	struct zfs_wpool *p;
	struct zplw_fs *fs;
	char err[256], name[32], last[32] = "";
	unsigned whole = 0, broken = 0, bad = 0;
	long k;

	TAP_OK(build(&m, &bio) == 0, "a pool in memory");
	for (k = 0; k < 5000; k++) {
		uint64_t dir, obj;
		if (wpool_open(&bio, &p, err, sizeof(err)) ||
		    zplw_mount(p, &fs)) {
			bad++;
			break;
		}
		zplw_set_time(fs, 2000 + k, 0);
		uint64_t txg = wpool_txg(p);
		snprintf(name, sizeof(name), "/d/f%ld", k);
		fill(data, sizeof(data), (unsigned)k);
		if (zplw_walk(fs, "/d", &dir) ||
		    zplw_create(fs, dir, name + 3, 0644, 0, 0, &obj) ||
		    zplw_write(fs, obj, 0, data, sizeof(data))) {
			bad++;
			break;
		}
		fail_in = k;
		refused = 0;
		uint64_t size, avail0, avail1, alloc0 = wpool_allocatable(p);
		zplw_statfs(fs, &size, &avail0);
		int rc = zplw_commit(fs);
		bool hit = refused > 0;
		zplw_statfs(fs, &size, &avail1);
		/* nothing allocated (allocatable space the same) and nothing
		 * freed (free space, deferred frees included, the same) */
		bool changed =
		    avail1 != avail0 || wpool_allocatable(p) != alloc0;
		fail_in = -1;
		if (!rc && !hit) {
			/* K past what a commit allocates: done */
			snprintf(last, sizeof(last), "%s", name);
			zplw_unmount(fs);
			wpool_close(p);
			break;
		}
		if (!rc) {
			printf("# K=%ld: a failed allocation not reported\n",
			       k);
			bad++;
		} else if (!wpool_broken(p)) {
			whole++;
			/* the txg is as it was, and commits now */
			if (rc != -ZFS_ENOMEM || wpool_txg(p) != txg ||
			    !holds(fs, name, data, sizeof(data)) ||
			    zplw_commit(fs) != 0 || wpool_txg(p) != txg + 1) {
				printf("# K=%ld: rc %d, not committed after\n",
				       k, rc);
				bad++;
			} else
				snprintf(last, sizeof(last), "%s", name);
		} else {
			broken++;
			if (!changed) {
				printf("# K=%ld: broken, the allocator as it "
				       "was\n",
				       k);
				bad++;
			}
			if (zplw_commit(fs) != -ZFS_EIO)
				bad++;
		}
		zplw_unmount(fs);
		wpool_close(p);
		/* the disk: every acknowledged commit, the failed one not */
		if (wpool_open(&bio, &p, err, sizeof(err)) ||
		    zplw_mount(p, &fs)) {
			bad++;
			break;
		}
		uint64_t o;
		if ((last[0] && !strcmp(last, name) &&
		     !holds(fs, name, data, sizeof(data))) ||
		    (strcmp(last, name) && zplw_walk(fs, name, &o) == 0))
			bad++;
		zplw_unmount(fs);
		wpool_close(p);
	}
	TAP_OK(k < 5000 && last[0], "a commit needs %ld allocations", k);
	TAP_OK(whole >= 1,
	       "%u failures before the commit wrote anything: the txg "
	       "stays whole and commits once memory is back",
	       whole);
	TAP_OK(broken >= 1,
	       "%u failures half-way: the handle refuses commits, the disk "
	       "holds the last txg",
	       broken);
	TAP_OK(bad == 0,
	       "every failure is reported and loses nothing "
	       "acknowledged (%u wrong)",
	       bad);
	memdev_close(&m);
	return tap_done();
}
