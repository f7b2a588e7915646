/*
 * The host tools' block device: an image file, through the descriptor
 * that struct zfs_bio's ctx points at (int *).  Host only: pread,
 * pwrite, fdatasync.
 */
#ifndef ZFS_HOSTBIO_H
#define ZFS_HOSTBIO_H

#include <stddef.h>
#include <stdint.h>

int host_bio_read(void *ctx, uint64_t off, void *buf, size_t len);
int host_bio_write(void *ctx, uint64_t off, const void *buf, size_t len);
int host_bio_flush(void *ctx);

#endif
