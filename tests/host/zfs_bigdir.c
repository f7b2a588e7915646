/*
 * zfs_bigdir IMAGE N: writes a pool image (pool "big") whose /big
 * directory has N entries, all hard links to /file, through the library
 * alone: a directory far larger than a tree on the host could be made
 * quickly, for zfs_bigdir.test.  Names are 60 bytes long, so a few
 * hundred thousand of them need more than 2^10 ZAP leaves.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zfs.h"

static int img_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	return pwrite(*(int *)ctx, buf, len, (off_t)off) == (ssize_t)len
		   ? 0
		   : -ZFS_EIO;
}

static int img_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	return pread(*(int *)ctx, buf, len, (off_t)off) == (ssize_t)len
		   ? 0
		   : -ZFS_EIO;
}

static int one_byte(void *arg, uint64_t off, void *buf, size_t len)
{
	(void)arg, (void)off;
	memset(buf, 'x', len);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: zfs_bigdir IMAGE N\n");
		return 2;
	}
	long n = atol(argv[2]);
	uint64_t size = 512ull << 20;
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)size) != 0) {
		perror(argv[1]);
		return 1;
	}
	struct zfs_bio bio = {&fd, img_read, img_write, size, NULL};
	struct zfs_pool_params prm = {.name = "big",
				      .path = "big.img",
				      .ashift = 12,
				      .compress = ZIO_COMPRESS_LZ4};
	struct zfs_pool *p = NULL;
	struct zpl_builder *zb = zpl_new(0);
	struct zpl_attr dir = {040755, 0, 0, 0, 0}, f = {0100644, 0, 0, 1, 0};
	int rc = pool_create(&prm, &bio, &p);
	struct zpl_node *root = zpl_root(zb, NULL);
	struct zpl_node *file = zpl_file(zb, root, "file", &f, one_byte, NULL);
	struct zpl_node *big = zpl_mkdir(zb, root, "big", &dir);
	for (long i = 0; !rc && i < n; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%06ld-%s", i,
			 "a-name-long-enough-to-take-three-chunks-of-a-leaf");
		rc = zpl_link(zb, big, name, file);
	}
	if (!rc && zpl_write(zb, pool_root_objset(p)))
		rc = fprintf(stderr, "zfs_bigdir: %s\n", zpl_error(zb)) | 1;
	if (!rc && pool_finish(p))
		rc = fprintf(stderr, "zfs_bigdir: %s\n", pool_error(p)) | 1;
	zpl_free(zb);
	pool_free(p);
	close(fd);
	return rc ? 1 : 0;
}
