/* libFuzzer target: label_read over a device whose label 0 holds the
 * input: the first part as the nvlist, the rest as the uberblock ring.
 * The harness sets the embedded checksums, so that the fuzzer gets past
 * them to the decoders; damaged checksums are tested in test_zfs_pool. */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define DEV (1u << 20)
#define NVLEN 4096

static uint8_t *dev;

static int rd(void *ctx, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	if (off > DEV || len > DEV - off)
		return -ZFS_EIO;
	memcpy(buf, dev + off, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zfs_bio bio = {NULL, rd, NULL, DEV, NULL};
	nvlist_t *cfg = NULL;
	uberblock_t ub;

	if (!dev && !(dev = malloc(DEV)))
		return 0;
	memset(dev, 0, VDEV_LABEL_SIZE);
	size_t nv = size < NVLEN ? size : NVLEN;
	memcpy(dev + VDEV_LABEL_NVLIST_OFFSET, data, nv);
	zfs_eck_set(dev + VDEV_LABEL_NVLIST_OFFSET, VDEV_PHYS_SIZE,
		    VDEV_LABEL_NVLIST_OFFSET);
	size_t rest = size - nv;
	if (rest > VDEV_UBERBLOCK_RING)
		rest = VDEV_UBERBLOCK_RING;
	memcpy(dev + VDEV_LABEL_UBERBLOCK_OFFSET, data + nv, rest);
	for (uint32_t s = 0; s * 1024 < rest; s++)
		zfs_eck_set(dev + VDEV_LABEL_UBERBLOCK_OFFSET + s * 1024, 1024,
			    VDEV_LABEL_UBERBLOCK_OFFSET + s * 1024);
	label_read(&bio, 0, &cfg, &ub);
	nv_free(cfg);
	return 0;
}
