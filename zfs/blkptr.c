/*
 * Block pointers.  Only DVA 0 is written (one copy of everything); the
 * vdev is always 0, the single top-level vdev.  Sizes are stored in
 * 512-byte sectors: LSIZE and PSIZE minus one, ASIZE as is.  Embedded
 * block pointers keep up to 112 bytes of data in the pointer itself.
 */
#include <string.h>

#include "zfs.h"

static uint64_t get_bits(uint64_t w, int low, int len)
{
	return (w >> low) & ((1ull << len) - 1);
}

static void set_bits(uint64_t *w, int low, int len, uint64_t v)
{
	uint64_t m = ((1ull << len) - 1) << low;
	*w = (*w & ~m) | ((v << low) & m);
}

#define PROP_LSIZE 0, 16
#define PROP_PSIZE 16, 16
#define PROP_COMP 32, 7
#define PROP_EMBEDDED 39, 1
#define PROP_CKSUM 40, 8
#define PROP_TYPE 48, 8
#define PROP_LEVEL 56, 5
#define PROP_BYTEORDER 63, 1
#define PROPE_LSIZE 0, 25
#define PROPE_PSIZE 25, 7
#define PROPE_ETYPE 40, 8

void bp_encode(blkptr_t *bp, const struct bp_info *bi)
{
	memset(bp, 0, sizeof(*bp));
	set_bits(&bp->blk_dva[0].word[0], 0, 24, bi->asize >> ZFS_SECTOR_SHIFT);
	set_bits(&bp->blk_dva[0].word[1], 0, 63,
		 bi->offset >> ZFS_SECTOR_SHIFT);
	set_bits(&bp->blk_prop, PROP_LSIZE,
		 (bi->lsize >> ZFS_SECTOR_SHIFT) - 1);
	set_bits(&bp->blk_prop, PROP_PSIZE,
		 (bi->psize >> ZFS_SECTOR_SHIFT) - 1);
	set_bits(&bp->blk_prop, PROP_COMP, bi->comp);
	set_bits(&bp->blk_prop, PROP_CKSUM, bi->cksum);
	set_bits(&bp->blk_prop, PROP_TYPE, bi->type);
	set_bits(&bp->blk_prop, PROP_LEVEL, bi->level);
	set_bits(&bp->blk_prop, PROP_BYTEORDER, 1); /* little endian */
	bp->blk_birth = bi->birth;
	bp->blk_fill = bi->fill;
	bp->blk_cksum = bi->zc;
}

void bp_hole(blkptr_t *bp)
{
	memset(bp, 0, sizeof(*bp));
}

bool bp_is_embedded(const blkptr_t *bp)
{
	return get_bits(bp->blk_prop, PROP_EMBEDDED);
}

bool bp_is_hole(const blkptr_t *bp)
{
	/* No allocated size and not embedded: nothing is stored. */
	return !bp_is_embedded(bp) && bp->blk_dva[0].word[0] == 0 &&
	       bp->blk_dva[0].word[1] == 0;
}

bool bp_is_gang(const blkptr_t *bp)
{
	return !bp_is_embedded(bp) && get_bits(bp->blk_dva[0].word[1], 63, 1);
}

int bp_decode(const blkptr_t *bp, struct bp_info *bi)
{
	if (bp_is_embedded(bp))
		return -ZFS_EINVAL;
	memset(bi, 0, sizeof(*bi));
	bi->asize = get_bits(bp->blk_dva[0].word[0], 0, 24) << ZFS_SECTOR_SHIFT;
	bi->offset = get_bits(bp->blk_dva[0].word[1], 0, 63)
		     << ZFS_SECTOR_SHIFT;
	bi->lsize = (get_bits(bp->blk_prop, PROP_LSIZE) + 1)
		    << ZFS_SECTOR_SHIFT;
	bi->psize = (get_bits(bp->blk_prop, PROP_PSIZE) + 1)
		    << ZFS_SECTOR_SHIFT;
	bi->comp = get_bits(bp->blk_prop, PROP_COMP);
	bi->cksum = get_bits(bp->blk_prop, PROP_CKSUM);
	bi->type = get_bits(bp->blk_prop, PROP_TYPE);
	bi->level = get_bits(bp->blk_prop, PROP_LEVEL);
	bi->birth = bp->blk_birth;
	bi->fill = bp->blk_fill;
	bi->zc = bp->blk_cksum;
	/* Blocks larger than 128 KiB need the large_blocks feature. */
	if (bi->lsize > ZFS_MAXBLOCKSIZE || bi->psize > ZFS_MAXBLOCKSIZE ||
	    bi->psize > bi->lsize)
		return -ZFS_EINVAL;
	return 0;
}

uint32_t bp_lsize(const blkptr_t *bp)
{
	if (bp_is_embedded(bp))
		return get_bits(bp->blk_prop, PROPE_LSIZE) + 1;
	return (get_bits(bp->blk_prop, PROP_LSIZE) + 1) << ZFS_SECTOR_SHIFT;
}

uint8_t bp_type(const blkptr_t *bp)
{
	return get_bits(bp->blk_prop, PROP_TYPE);
}

uint8_t bp_level(const blkptr_t *bp)
{
	return get_bits(bp->blk_prop, PROP_LEVEL);
}

uint64_t bp_fill(const blkptr_t *bp)
{
	return bp_is_embedded(bp) ? 1 : bp->blk_fill;
}

uint64_t bp_birth(const blkptr_t *bp)
{
	return bp->blk_birth;
}

/* The payload words: all but word 6 (properties) and 10 (birth). */
static bool payload_word(int i)
{
	return i != 6 && i != 10;
}

int bp_embed(blkptr_t *bp, const void *payload, size_t psize, size_t lsize,
	     int comp, int type, int level, uint64_t birth)
{
	const uint8_t *p = payload;
	uint64_t *w = (uint64_t *)bp;

	if (psize == 0 || psize > BPE_PAYLOAD_SIZE || lsize == 0 ||
	    lsize > ZFS_MAXBLOCKSIZE ||
	    (comp == ZIO_COMPRESS_OFF && psize != lsize))
		return -ZFS_EINVAL;
	memset(bp, 0, sizeof(*bp));
	for (size_t i = 0, word = 0; i < psize; i++) {
		while (!payload_word(word))
			word++;
		w[word] |= (uint64_t)p[i] << (8 * (i % 8));
		if (i % 8 == 7)
			word++;
	}
	set_bits(&bp->blk_prop, PROP_EMBEDDED, 1);
	set_bits(&bp->blk_prop, PROPE_ETYPE, BP_EMBEDDED_TYPE_DATA);
	set_bits(&bp->blk_prop, PROPE_LSIZE, lsize - 1);
	set_bits(&bp->blk_prop, PROPE_PSIZE, psize - 1);
	set_bits(&bp->blk_prop, PROP_COMP, comp);
	set_bits(&bp->blk_prop, PROP_TYPE, type);
	set_bits(&bp->blk_prop, PROP_LEVEL, level);
	set_bits(&bp->blk_prop, PROP_BYTEORDER, 1);
	bp->blk_birth = birth;
	return 0;
}

int bp_embedded_payload(const blkptr_t *bp, void *buf, size_t len,
			uint32_t *lsize, int *comp)
{
	const uint64_t *w = (const uint64_t *)bp;
	uint8_t *out = buf;

	if (!bp_is_embedded(bp) ||
	    get_bits(bp->blk_prop, PROPE_ETYPE) != BP_EMBEDDED_TYPE_DATA)
		return -ZFS_EINVAL;
	size_t psize = get_bits(bp->blk_prop, PROPE_PSIZE) + 1;
	if (psize > BPE_PAYLOAD_SIZE || psize > len)
		return -ZFS_EINVAL;
	for (size_t i = 0, word = 0; i < psize; i++) {
		while (!payload_word(word))
			word++;
		out[i] = w[word] >> (8 * (i % 8));
		if (i % 8 == 7)
			word++;
	}
	*lsize = get_bits(bp->blk_prop, PROPE_LSIZE) + 1;
	*comp = get_bits(bp->blk_prop, PROP_COMP);
	return (int)psize;
}
