/* zfs/txg.c and zpl_write.c through their interface, as the kernel
 * module calls them: a pool in memory (built by dsl.c), changed in
 * txgs, read back within a txg and after; POSIX errors; flush order. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"
#include "zfs_memdev.h"

static int build(struct memdev *m, struct zfs_bio *bio)
{
	return memdev_pool(m, bio, "w", "etc");
}

static int read_back(const struct zfs_bio *bio, const char *path, void *buf,
		     size_t len, size_t *got)
{
	struct zfs_reader *r;
	struct zplr_fs *fs = NULL;
	uint64_t obj;
	int err = zr_open(bio, &r, NULL, 0);
	if (!err)
		err = zplr_mount(r, &fs);
	if (!err)
		err = zplr_lookup(fs, path, &obj);
	if (!err)
		err = zplr_read(fs, obj, 0, buf, len, got);
	zplr_unmount(fs);
	zr_close(r);
	return err;
}

int main(void)
{
	struct memdev m = {0};
	struct zfs_bio bio;
	struct zfs_wpool *p;
	struct zplw_fs *fs;
	char err[256];
	uint64_t etc, f, d, x, obj;
	static uint8_t big[300000], got[300000];
	size_t n;

	TAP_OK(build(&m, &bio) == 0, "a pool in memory");
	TAP_OK(wpool_open(&bio, &p, err, sizeof(err)) == 0,
	       "opened for writing");
	TAP_OK(zplw_mount(p, &fs) == 0, "the ZPL mounts");
	zplw_set_time(fs, 2000, 5);
	uint64_t txg = wpool_txg(p);
	TAP_OK(zplw_walk(fs, "/etc", &etc) == 0, "/etc found");
	TAP_OK(zplw_create(fs, etc, "f", 0640, 1, 2, &f) == 0, "create");
	TAP_OK(zplw_create(fs, etc, "f", 0640, 1, 2, &obj) == -ZFS_EEXIST,
	       "create over a name: EEXIST");
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13 + i / 1000);
	TAP_OK(zplw_write(fs, f, 0, big, sizeof(big)) == 0, "write 300000");
	TAP_OK(zplw_read(fs, f, 0, got, sizeof(got), &n) == 0 &&
		   n == sizeof(big) && !memcmp(got, big, n),
	       "read back before the commit");
	struct zplr_stat st;
	TAP_OK(zplw_getattr(fs, f, &st) == 0 && st.size == sizeof(big) &&
		   st.mode == 0100640 && st.uid == 1 && st.gid == 2 &&
		   st.mtime[0] == 2000 && st.mtime[1] == 5 && st.links == 1,
	       "getattr: size, mode, owner, mtime, links");

	unsigned w0 = m.writes, f0 = m.flushes;
	TAP_OK(zplw_commit(fs) == 0, "commit");
	TAP_OK(wpool_txg(p) == txg + 1, "the next txg is open");
	TAP_OK(m.flushes == f0 + 2 && m.last_flush_at == m.writes &&
		   m.writes > w0 + 4,
	       "two flushes: before the uberblocks and after them");
	TAP_OK(read_back(&bio, "/etc/f", got, sizeof(got), &n) == 0 &&
		   n == sizeof(big) && !memcmp(got, big, n),
	       "the reader sees the committed file");

	/* errors */
	TAP_OK(zplw_mkdir(fs, etc, "d", 0755, 0, 0, &d) == 0, "mkdir");
	TAP_OK(zplw_create(fs, d, "x", 0644, 0, 0, &x) == 0, "a file in it");
	TAP_OK(zplw_rmdir(fs, etc, "d") == -ZFS_ENOTEMPTY,
	       "rmdir of a non-empty directory: ENOTEMPTY");
	TAP_OK(zplw_unlink(fs, etc, "d") == -ZFS_EISDIR,
	       "unlink of a directory: EISDIR");
	TAP_OK(zplw_rmdir(fs, etc, "f") == -ZFS_ENOTDIR,
	       "rmdir of a file: ENOTDIR");
	TAP_OK(zplw_rename(fs, etc, "d", d, "inside") == -ZFS_EINVAL,
	       "a directory into itself: EINVAL");
	TAP_OK(zplw_unlink(fs, etc, "nothing") == -ZFS_ENOENT,
	       "unlink of a missing name: ENOENT");
	TAP_OK(zplw_create(fs, f, "x", 0644, 0, 0, &obj) == -ZFS_ENOTDIR,
	       "create in a file: ENOTDIR");
	TAP_OK(zplw_write(fs, d, 0, "x", 1) == -ZFS_EISDIR,
	       "write to a directory: EISDIR");
	TAP_OK(zplw_create(fs, etc, "a/b", 0644, 0, 0, &obj) == -ZFS_EINVAL,
	       "a name with a slash: EINVAL");
	char longname[300];
	memset(longname, 'n', sizeof(longname) - 1);
	longname[299] = 0;
	TAP_OK(zplw_create(fs, etc, longname, 0644, 0, 0, &obj) ==
		   -ZFS_ENAMETOOLONG,
	       "a 299-byte name: ENAMETOOLONG");

	/* links, rename over a file, truncate */
	TAP_OK(zplw_link(fs, d, "hard", f) == 0 &&
		   zplw_getattr(fs, f, &st) == 0 && st.links == 2,
	       "link: two links");
	TAP_OK(zplw_rename(fs, d, "x", etc, "f") == 0 &&
		   zplw_getattr(fs, f, &st) == 0 && st.links == 1,
	       "rename over a file drops a link of the old one");
	TAP_OK(zplw_truncate(fs, f, 1000) == 0 &&
		   zplw_read(fs, f, 0, got, sizeof(got), &n) == 0 &&
		   n == 1000 && !memcmp(got, big, 1000),
	       "truncate to 1000 keeps the first 1000 bytes");
	TAP_OK(zplw_truncate(fs, f, 5000) == 0 &&
		   zplw_read(fs, f, 0, got, sizeof(got), &n) == 0 &&
		   n == 5000 && got[1000] == 0 && got[4999] == 0,
	       "truncate up to 5000 reads zeros past 1000");
	uint64_t size, avail0, avail1;
	zplw_statfs(fs, &size, &avail0);
	TAP_OK(zplw_commit(fs) == 0, "commit again");
	TAP_OK(zplw_lookup(fs, d, "hard", &obj) == 0 && obj == f,
	       "the hard link survives the commit");
	TAP_OK(zplw_unlink(fs, d, "hard") == 0 && zplw_commit(fs) == 0,
	       "unlink the last link, commit");
	TAP_OK(zplw_lookup(fs, d, "hard", &obj) == -ZFS_ENOENT,
	       "the name is gone");
	zplw_statfs(fs, &size, &avail1);
	TAP_OK(size > 0 && avail1 <= size, "statfs: %llu of %llu bytes free",
	       (unsigned long long)avail1, (unsigned long long)size);

	zplw_unmount(fs);
	wpool_close(p);
	TAP_OK(wpool_open(&bio, &p, err, sizeof(err)) == 0 &&
		   zplw_mount(p, &fs) == 0,
	       "opened again");
	TAP_OK(zplw_walk(fs, "/etc/f", &obj) == 0 && obj == x &&
		   zplw_getattr(fs, x, &st) == 0 && st.size == 0,
	       "/etc/f is the file renamed over it");
	TAP_OK(zplw_getattr(fs, f, &st) == -ZFS_ENOENT,
	       "the old file, unlinked, is freed");
	zplw_unmount(fs);
	wpool_close(p);
	memdev_close(&m);
	return tap_done();
}
