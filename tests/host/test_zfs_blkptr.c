/* zfs/blkptr.c: bit positions of normal block pointers, holes, and
 * embedded data. */
#include <string.h>

#include "tap.h"
#include "zfs.h"

int main(void)
{
	blkptr_t bp;
	struct bp_info bi =
			   {
			       .offset = 0x123400,
			       .asize = 0x20000,
			       .lsize = 0x20000,
			       .psize = 0x8000,
			       .comp = ZIO_COMPRESS_LZ4,
			       .cksum = ZIO_CHECKSUM_FLETCHER_4,
			       .type = DMU_OT_PLAIN_FILE_CONTENTS,
			       .level = 2,
			       .birth = 4,
			       .fill = 77,
			       .zc = {{1, 2, 3, 4}},
			   },
		       out;
	bp_encode(&bp, &bi);
	TAP_OK(bp.blk_dva[0].word[0] == 0x100 &&
		   bp.blk_dva[0].word[1] == 0x123400 >> 9,
	       "DVA: asize and offset in sectors, vdev 0");
	TAP_OK(bp.blk_prop == (1ull << 63 | 2ull << 56 | 19ull << 48 |
			       7ull << 40 | 15ull << 32 | 63ull << 16 | 255),
	       "properties word: B, level, type, cksum, comp, psize, lsize");
	TAP_OK(bp_decode(&bp, &out) == 0 && out.offset == bi.offset &&
		   out.asize == bi.asize && out.lsize == bi.lsize &&
		   out.psize == bi.psize && out.comp == bi.comp &&
		   out.cksum == bi.cksum && out.type == bi.type &&
		   out.level == bi.level && out.birth == bi.birth &&
		   out.fill == bi.fill && zfs_cksum_equal(&out.zc, &bi.zc),
	       "decode gives back every field");
	TAP_OK(!bp_is_hole(&bp) && !bp_is_embedded(&bp) && !bp_is_gang(&bp) &&
		   bp_lsize(&bp) == 0x20000 && bp_level(&bp) == 2 &&
		   bp_type(&bp) == 19 && bp_fill(&bp) == 77 &&
		   bp_birth(&bp) == 4,
	       "accessors");
	bp.blk_prop = (bp.blk_prop & ~0xffffull) | 0x3ff; /* 512 KiB */
	TAP_OK(bp_decode(&bp, &out) < 0, "blocks over 128 KiB are refused");

	bp_hole(&bp);
	TAP_OK(bp_is_hole(&bp) && bp_fill(&bp) == 0,
	       "a zero pointer is a hole");

	uint8_t payload[112], back[112];
	for (int i = 0; i < 112; i++)
		payload[i] = 0xa0 ^ i;
	int ok = 1;
	for (size_t n = 1; n <= 112; n++) {
		uint32_t lsize;
		int comp;
		ok &= bp_embed(&bp, payload, n, n, ZIO_COMPRESS_OFF,
			       DMU_OT_PLAIN_FILE_CONTENTS, 0, 9) == 0;
		ok &= bp_is_embedded(&bp) && !bp_is_hole(&bp) &&
		      bp.blk_birth == 9 && bp_lsize(&bp) == n &&
		      bp_fill(&bp) == 1;
		memset(back, 0, sizeof(back));
		ok &= bp_embedded_payload(&bp, back, sizeof(back), &lsize,
					  &comp) == (int)n &&
		      memcmp(back, payload, n) == 0 && lsize == n &&
		      comp == ZIO_COMPRESS_OFF;
		ok &= (bp.blk_prop >> 39 & 1) && (bp.blk_prop >> 63 & 1) &&
		      bp_type(&bp) == DMU_OT_PLAIN_FILE_CONTENTS;
	}
	TAP_OK(ok, "embedded payloads of 1 to 112 bytes round trip");
	bp_embed(&bp, payload, 8, 8, ZIO_COMPRESS_OFF, 19, 0, 9);
	TAP_OK(bp.blk_dva[0].word[0] == 0xa7a6a5a4a3a2a1a0ull,
	       "the first payload byte is the low byte of word 0");
	bp_embed(&bp, payload, 112, 1000, ZIO_COMPRESS_LZ4, 19, 0, 9);
	TAP_OK(((bp.blk_prop >> 25) & 0x7f) == 111 &&
		   (bp.blk_prop & 0x1ffffff) == 999 && bp_lsize(&bp) == 1000,
	       "embedded sizes are bytes - 1 (PSIZE 7 bits, LSIZE 25)");
	uint64_t w[16];
	memcpy(w, &bp, sizeof(w));
	TAP_OK(w[10] == 9, "word 10 is the birth txg, not payload");
	TAP_OK(
	    bp_embed(&bp, payload, 113, 113, ZIO_COMPRESS_OFF, 19, 0, 1) < 0 &&
		bp_embed(&bp, payload, 10, 20, ZIO_COMPRESS_OFF, 19, 0, 1) < 0,
	    "oversized or inconsistent payloads are refused");
	return tap_done();
}
