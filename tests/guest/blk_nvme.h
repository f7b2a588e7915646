/*
 * NVMe-only modes of the block device test kernel (blk.c), kept apart
 * as they reach into the driver's private drivers/nvme/nvme.h to play
 * the device: blk.c, shared by every disk driver's test, stays off it.
 * Built only with the nvme driver (tests/local.mk, DRIVER_NVME).
 */
#ifndef TESTS_GUEST_BLK_NVME_H
#define TESTS_GUEST_BLK_NVME_H

#include "blkdev.h"

/*
 * Completions the device never posted, written into the I/O completion
 * queue: the exit status, 0 when neither ended a request.
 */
int blk_nvme_badcid(struct blkdev *dev);

/*
 * Leaves dev's controller "disabled" (CC.EN cleared: CSTS.RDY clear) or
 * "failed" (restarted with a misaligned admin queue: CSTS.CFS set) for
 * the power-off's shutdown; 2 for another HOW, 4 if the controller does
 * not show it.
 */
int blk_nvme_break(struct blkdev *dev, const char *how);

#endif
