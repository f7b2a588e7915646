/* statfs and statvfs from the kernel's struct vfs_statfs. */
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

#include "fs_impl.h"

#define ST_VALID 0x20 /* Linux sets it in f_flags */

_Static_assert(sizeof(struct statfs) == 120, "glibc's struct statfs");
_Static_assert(sizeof(struct statvfs) == 112, "glibc's struct statvfs");

/* Out of line, as to_statvfs: -O2 copied each into both its callers. */
__attribute__((noinline)) static void
to_statfs(const struct vfs_statfs *s, unsigned long flags, struct statfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_type = (long)s->magic;
	st->f_bsize = (long)s->bsize;
	st->f_blocks = s->blocks;
	st->f_bfree = s->bfree;
	st->f_bavail = s->bavail;
	st->f_files = s->files;
	st->f_ffree = s->ffree;
	st->f_namelen = (long)s->namelen;
	st->f_frsize = (long)s->bsize;
	st->f_flags = (long)(flags | ST_VALID);
}

__attribute__((noinline)) static void
to_statvfs(const struct vfs_statfs *s, unsigned long flags, struct statvfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_bsize = s->bsize;
	st->f_frsize = s->bsize;
	st->f_blocks = s->blocks;
	st->f_bfree = s->bfree;
	st->f_bavail = s->bavail;
	st->f_files = s->files;
	st->f_ffree = s->ffree;
	st->f_favail = s->ffree;
	st->f_flag = flags;
	st->f_namemax = s->namelen;
	st->f_type = (unsigned)s->magic;
}

int statfs(const char *path, struct statfs *st)
{
	struct vfs_statfs s;
	unsigned long flags;
	int r = fs_statfs(path, &s, &flags);
	if (r == 0)
		to_statfs(&s, flags, st);
	return (int)fs_ret(r);
}

int fstatfs(int fd, struct statfs *st)
{
	struct vfs_statfs s;
	unsigned long flags;
	int r = fs_fstatfs(fd, &s, &flags);
	if (r == 0)
		to_statfs(&s, flags, st);
	return (int)fs_ret(r);
}

int statvfs(const char *restrict path, struct statvfs *restrict st)
{
	struct vfs_statfs s;
	unsigned long flags;
	int r = fs_statfs(path, &s, &flags);
	if (r == 0)
		to_statvfs(&s, flags, st);
	return (int)fs_ret(r);
}

int fstatvfs(int fd, struct statvfs *st)
{
	struct vfs_statfs s;
	unsigned long flags;
	int r = fs_fstatfs(fd, &s, &flags);
	if (r == 0)
		to_statvfs(&s, flags, st);
	return (int)fs_ret(r);
}

LIBC_ALIAS(statfs, statfs64);
LIBC_ALIAS(fstatfs, fstatfs64);
LIBC_ALIAS(statvfs, statvfs64);
LIBC_ALIAS(fstatvfs, fstatvfs64);
