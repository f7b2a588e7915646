/*
 * Vdev labels.  Four 256 KiB copies, two at the front of the device and
 * two at the end: 8 KiB blank (room for a disk label), 8 KiB boot
 * environment, 112 KiB packed nvlist describing the pool and this vdev,
 * and a 128 KiB ring of uberblock slots.  The nvlist and each uberblock
 * end with an embedded checksum bound to their offset on the device.
 * The active uberblock is the valid one with the highest txg.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

int label_ub_shift(int ashift)
{
	int s = ashift > UBERBLOCK_SHIFT ? ashift : UBERBLOCK_SHIFT;
	return s > MAX_UBERBLOCK_SHIFT ? MAX_UBERBLOCK_SHIFT : s;
}

uint64_t label_offset(uint64_t devsize, int l)
{
	devsize &= ~(uint64_t)(VDEV_LABEL_SIZE - 1);
	return l < 2 ? (uint64_t)l * VDEV_LABEL_SIZE
		     : devsize - 4ull * VDEV_LABEL_SIZE +
			   (uint64_t)l * VDEV_LABEL_SIZE;
}

int label_write_all(const struct zfs_bio *bio, const void *nv, size_t nvlen,
		    const uberblock_t *ub, int ashift)
{
	int shift = label_ub_shift(ashift);
	uint32_t ubsize = 1u << shift, slots = VDEV_UBERBLOCK_RING >> shift;
	uint32_t slot = ub->ub_txg % slots;
	uint8_t *buf;
	int err = 0;

	if (nvlen > VDEV_PHYS_SIZE - sizeof(zio_eck_t))
		return -ZFS_E2BIG;
	buf = calloc(1, VDEV_LABEL_SIZE);
	if (!buf)
		return -ZFS_ENOMEM;
	for (int l = 0; l < 4 && !err; l++) {
		uint64_t off = label_offset(bio->size, l);
		uint8_t *nvp = buf + VDEV_LABEL_NVLIST_OFFSET;
		uint8_t *ubp =
		    buf + VDEV_LABEL_UBERBLOCK_OFFSET + slot * ubsize;
		memset(buf, 0, VDEV_LABEL_SIZE);
		memcpy(nvp, nv, nvlen);
		zfs_eck_set(nvp, VDEV_PHYS_SIZE,
			    off + VDEV_LABEL_NVLIST_OFFSET);
		memcpy(ubp, ub, sizeof(*ub));
		zfs_eck_set(ubp, ubsize, off + (ubp - buf));
		err = bio->write(bio->ctx, off, buf, VDEV_LABEL_SIZE);
	}
	free(buf);
	return err;
}

int label_read(const struct zfs_bio *bio, int l, nvlist_t **config,
	       uberblock_t *ub)
{
	uint64_t off, ashift = UBERBLOCK_SHIFT;
	uint8_t *buf;
	int err;

	memset(ub, 0, sizeof(*ub));
	*config = NULL;
	if (l < 0 || l > 3 || bio->size < 4ull * VDEV_LABEL_SIZE)
		return -ZFS_EINVAL;
	off = label_offset(bio->size, l);
	buf = malloc(VDEV_LABEL_SIZE);
	if (!buf)
		return -ZFS_ENOMEM;
	err = bio->read(bio->ctx, off, buf, VDEV_LABEL_SIZE);
	if (!err)
		err = zfs_eck_verify(buf + VDEV_LABEL_NVLIST_OFFSET,
				     VDEV_PHYS_SIZE,
				     off + VDEV_LABEL_NVLIST_OFFSET);
	if (!err)
		err = nv_unpack(buf + VDEV_LABEL_NVLIST_OFFSET,
				VDEV_PHYS_SIZE - sizeof(zio_eck_t), config);
	if (err) {
		free(buf);
		return err;
	}
	const nvlist_t *tree = nv_lookup_nvlist(*config, "vdev_tree");
	if (tree)
		nv_lookup_uint64(tree, "ashift", &ashift);
	if (ashift < 9 || ashift > 16)
		ashift = UBERBLOCK_SHIFT;
	int shift = label_ub_shift((int)ashift);
	uint32_t ubsize = 1u << shift;
	for (uint32_t s = 0; s < VDEV_UBERBLOCK_RING >> shift; s++) {
		uint8_t *p = buf + VDEV_LABEL_UBERBLOCK_OFFSET + s * ubsize;
		uberblock_t cand;
		memcpy(&cand, p, sizeof(cand));
		if (cand.ub_magic != UBERBLOCK_MAGIC ||
		    zfs_eck_verify(p, ubsize, off + (p - buf)) != 0)
			continue;
		if (cand.ub_txg > ub->ub_txg ||
		    (cand.ub_txg == ub->ub_txg &&
		     cand.ub_timestamp > ub->ub_timestamp))
			*ub = cand;
	}
	free(buf);
	return 0;
}
