/*
 * pathconf and fpathconf: what glibc answers on Linux for a file system
 * outside its table of known ones (tmpfs, ZFS: none of osv's file
 * systems is in it): LINK_MAX 127, FILESIZEBITS 32, the name length and
 * block size from statfs, the kernel's constants for the rest.  The
 * file is looked up for every name (glibc skips that for a few), so a
 * missing one is an error whatever is asked.
 */
#include <errno.h>
#include <sys/statfs.h>
#include <unistd.h>

long pathconf(const char *path, int name);
long fpathconf(int fd, int name);

enum {
	PC_LINK_MAX,
	PC_MAX_CANON,
	PC_MAX_INPUT,
	PC_NAME_MAX,
	PC_PATH_MAX,
	PC_PIPE_BUF,
	PC_CHOWN_RESTRICTED,
	PC_NO_TRUNC,
	PC_VDISABLE,
	PC_SYNC_IO,
	PC_ASYNC_IO,
	PC_PRIO_IO,
	PC_SOCK_MAXBUF,
	PC_FILESIZEBITS,
	PC_REC_INCR_XFER_SIZE,
	PC_REC_MAX_XFER_SIZE,
	PC_REC_MIN_XFER_SIZE,
	PC_REC_XFER_ALIGN,
	PC_ALLOC_SIZE_MIN,
	PC_SYMLINK_MAX,
	PC_2_SYMLINKS,
};

static long limit(const struct statfs *fs, int name)
{
	switch (name) {
	case PC_LINK_MAX:
		return 127;
	case PC_MAX_CANON:
	case PC_MAX_INPUT:
		return 255;
	case PC_NAME_MAX:
		return fs->f_namelen;
	case PC_PATH_MAX:
		return 4096;
	case PC_PIPE_BUF:
		return 4096;
	case PC_CHOWN_RESTRICTED:
	case PC_NO_TRUNC:
	case PC_2_SYMLINKS:
		return 1;
	case PC_VDISABLE:
		return 0;
	case PC_FILESIZEBITS:
		return 32;
	case PC_REC_MIN_XFER_SIZE:
	case PC_REC_XFER_ALIGN:
	case PC_ALLOC_SIZE_MIN:
		return fs->f_bsize;
	case PC_SYNC_IO:
	case PC_ASYNC_IO:
	case PC_PRIO_IO:
	case PC_SOCK_MAXBUF:
	case PC_REC_INCR_XFER_SIZE:
	case PC_REC_MAX_XFER_SIZE:
	case PC_SYMLINK_MAX:
		return -1; /* no limit, errno unchanged */
	default:
		errno = EINVAL;
		return -1;
	}
}

/* A descriptor or file without file-system figures (a pipe): Linux's. */
static void default_figures(struct statfs *fs)
{
	fs->f_namelen = 255;
	fs->f_bsize = 4096;
}

long pathconf(const char *path, int name)
{
	struct statfs fs;
	if (statfs(path, &fs))
		return -1;
	return limit(&fs, name);
}

long fpathconf(int fd, int name)
{
	struct statfs fs;
	if (fstatfs(fd, &fs)) {
		if (errno == EBADF)
			return -1;
		default_figures(&fs);
	}
	return limit(&fs, name);
}
