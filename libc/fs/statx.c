/* statx: Linux's extended stat, filled from the kernel's attributes. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "fs_impl.h"

_Static_assert(sizeof(struct statx) == 256, "Linux's struct statx");

static void to_ts(struct statx_timestamp *t, const struct timespec *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (uint32_t)ts->tv_nsec;
}

static uint32_t dev_major(uint64_t d)
{
	return (uint32_t)(((d >> 32) & 0xfffff000) | ((d >> 8) & 0xfff));
}

static uint32_t dev_minor(uint64_t d)
{
	return (uint32_t)(((d >> 12) & 0xffffff00) | (d & 0xff));
}

int statx(int dirfd, const char *restrict path, int flags, unsigned mask,
	  struct statx *restrict sx)
{
	if (mask & STATX__RESERVED)
		return (int)fs_ret(-EINVAL);
	struct vfs_attr a;
	int r = fs_fstatat(dirfd, path, &a, flags);
	if (r)
		return (int)fs_ret(r);
	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	if (a.btime.tv_sec || a.btime.tv_nsec)
		sx->stx_mask |= STATX_BTIME;
	sx->stx_blksize = a.blksize;
	sx->stx_nlink = a.nlink;
	sx->stx_uid = a.uid;
	sx->stx_gid = a.gid;
	sx->stx_mode = (uint16_t)a.mode;
	sx->stx_ino = a.ino;
	sx->stx_size = a.size;
	sx->stx_blocks = a.blocks;
	to_ts(&sx->stx_atime, &a.atime);
	to_ts(&sx->stx_btime, &a.btime);
	to_ts(&sx->stx_ctime, &a.ctime);
	to_ts(&sx->stx_mtime, &a.mtime);
	sx->stx_rdev_major = dev_major(a.rdev);
	sx->stx_rdev_minor = dev_minor(a.rdev);
	sx->stx_dev_major = dev_major(a.dev);
	sx->stx_dev_minor = dev_minor(a.dev);
	sx->stx_mnt_id = dev_minor(a.dev);
	return 0;
}
