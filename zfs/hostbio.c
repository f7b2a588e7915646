/* The host tools' block device (hostbio.h): whole reads and writes,
 * retried when short; -ZFS_EIO on an error or the end of the file. */
#define _GNU_SOURCE
#include <unistd.h>

#include "hostbio.h"
#include "zfs.h"

int host_bio_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	int fd = *(int *)ctx;
	while (len) {
		ssize_t n = pread(fd, buf, len, (off_t)off);
		if (n <= 0)
			return -ZFS_EIO;
		buf = (char *)buf + n;
		len -= n;
		off += n;
	}
	return 0;
}

int host_bio_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	int fd = *(int *)ctx;
	while (len) {
		ssize_t n = pwrite(fd, buf, len, (off_t)off);
		if (n <= 0)
			return -ZFS_EIO;
		buf = (const char *)buf + n;
		len -= n;
		off += n;
	}
	return 0;
}

int host_bio_flush(void *ctx)
{
	return fdatasync(*(int *)ctx) ? -ZFS_EIO : 0;
}
