/*
 * Transaction groups of a writable ZFS mount.  Changes collect in the
 * engine's open txg (zfs/txg.c) in memory; a thread of the mount
 * commits it every ZFS_TXG_SECONDS, or sooner when the changed blocks
 * held pass half of dirty_max; a change that finds them past dirty_max
 * commits itself (so writers cannot outrun the disk by more than that).
 * sync, fsync, fdatasync and unmount commit at once, and the kernel's
 * poweroff runs sync.  A commit returns after its second device flush,
 * the one behind the uberblock: what it holds is then on disk.
 *
 * Frees become allocatable ZFS_TXG_DEFER txgs after theirs, so after a
 * txg with changes the thread commits up to ZFS_TXG_DEFER empty ones
 * (an idle pool gets its freed space back), and a change that meets
 * ENOSPC while frees wait commits until they are allocatable and tries
 * again once.
 */
#include <errno.h>
#include <time.h>

#include "blkdev.h"
#include "klog.h"
#include "zfs_cache.h"
#include "zfs_module.h"

static void set_time(struct zfs_mnt *zm)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	zplw_set_time(zm->w, (uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec);
}

/*
 * Commits the open txg, with or without changes (zm->lock held).  No
 * memory before the commit wrote anything is not the end: the block
 * cache gives its memory back and the commit runs again; if that fails
 * too the txg stays open, whole, for the next commit, and the caller
 * gets ENOMEM.  A commit that failed half-way leaves the pool at the
 * last txg, and changes are refused from then on.
 */
static int commit(struct zfs_mnt *zm)
{
	if (zm->failed)
		return -EIO;
	set_time(zm);
	int err = zplw_commit(zm->w);
	if (err == -ZFS_ENOMEM && !wpool_broken(zm->wp) &&
	    zfs_cache_drop_all(zm->cache))
		err = zplw_commit(zm->w);
	if (err == -ZFS_ENOMEM && !wpool_broken(zm->wp)) {
		/* once a txg: every change may try again while memory
		 * stays short */
		if (zm->stop)
			kprintf("zfs: %s: no memory to commit txg %lu at "
				"unmount: its changes are lost\n",
				zm->dev->name, wpool_txg(zm->wp));
		else if (zm->nomem_txg != wpool_txg(zm->wp))
			kprintf("zfs: %s: no memory to commit txg %lu; its "
				"changes stay in memory for the next commit\n",
				zm->dev->name, wpool_txg(zm->wp));
		zm->nomem_txg = wpool_txg(zm->wp);
		return -ENOMEM;
	}
	if (err) {
		kprintf("zfs: %s: cannot commit txg %lu: %s (error %d); the "
			"pool stays at the last txg, changes are refused\n",
			zm->dev->name, wpool_txg(zm->wp), zplw_error(zm->w),
			-zfs_errno(err));
		zm->failed = zfs_errno(err);
		return zm->failed;
	}
	zm->commits++;
	if (zm->dirty)
		zm->aging = ZFS_TXG_DEFER;
	else if (zm->aging)
		zm->aging--;
	zm->dirty = false;
	return 0;
}

int zfs_txg_sync(struct zfs_mnt *zm)
{
	if (!zm->w)
		return 0;
	if (zm->failed)
		return zm->failed;
	return zm->dirty ? commit(zm) : 0;
}

static void *txg_main(void *arg)
{
	struct zfs_mnt *zm = arg;
	zfs_lock(zm);
	while (!zm->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += ZFS_TXG_SECONDS;
		pthread_cond_timedwait(&zm->wake, &zm->lock, &ts);
		if (!zm->stop && !zm->failed && (zm->dirty || zm->aging))
			commit(zm);
	}
	zfs_unlock(zm);
	return NULL;
}

int zfs_txg_start(struct zfs_mnt *zm)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	int rc = pthread_cond_init(&zm->wake, &ca);
	if (!rc)
		rc = pthread_create(&zm->txg_thread, NULL, txg_main, zm);
	if (rc)
		return -rc;
	zm->thread_running = true;
	return 0;
}

int zfs_txg_stop(struct zfs_mnt *zm)
{
	zfs_lock(zm);
	zm->stop = true; /* the last commit: nothing comes after it */
	if (zm->thread_running)
		pthread_cond_signal(&zm->wake);
	zfs_unlock(zm);
	if (zm->thread_running) {
		pthread_join(zm->txg_thread, NULL);
		zm->thread_running = false;
	}
	zfs_lock(zm);
	int err = zfs_txg_sync(zm);
	zfs_unlock(zm);
	return err;
}

int zfs_change_begin(struct zfs_mnt *zm)
{
	/* opened read-only, whatever a remount made of the flags */
	if (!zm->w)
		return -EROFS;
	zfs_lock(zm);
	if (zm->failed) {
		zfs_unlock(zm);
		return -EIO;
	}
	set_time(zm);
	return 0;
}

int zfs_change_end(struct zfs_mnt *zm, int err)
{
	uint64_t held = wpool_dirty_bytes(zm->wp);
	/* a failed change may have changed some of the txg all the same */
	if (!err || held)
		zm->dirty = true;
	if (held >= zm->dirty_max) {
		int cerr = commit(zm);
		/* the change is in the txg all the same when memory was
		 * short: the next commit writes it */
		if (!err && cerr != -ENOMEM)
			err = cerr;
	} else if (held >= zm->dirty_max / 2) {
		pthread_cond_signal(&zm->wake);
	}
	zfs_unlock(zm);
	return err;
}

/* The open txg's blocks go to the disk and the block cache empties, so
 * that a change that found no memory can have theirs. */
static bool give_memory_back(struct zfs_mnt *zm)
{
	bool freed = zfs_cache_drop_all(zm->cache) > 0;
	if ((zm->dirty || wpool_dirty_bytes(zm->wp)) && !commit(zm))
		freed = true;
	return freed && !zm->failed;
}

bool zfs_txg_retry(struct zfs_mnt *zm, int err)
{
	if (zm->failed)
		return false;
	if (err == -ZFS_ENOSPC)
		return zfs_txg_make_room(zm);
	return err == -ZFS_ENOMEM && give_memory_back(zm);
}

bool zfs_txg_make_room(struct zfs_mnt *zm)
{
	bool more = false;
	for (int i = 0; i <= ZFS_TXG_DEFER; i++) {
		uint64_t size, avail;
		zplw_statfs(zm->w, &size, &avail);
		if (!zm->dirty && wpool_allocatable(zm->wp) >= avail)
			break;
		if (commit(zm))
			return false;
		more = true;
	}
	return more;
}
