/* zfs/dsl.c, zpl.c, objset.c, spacemap.c and label.c together: pools
 * written to memory, their labels read back, space maps, errors. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"
#include "zfs_memdev.h"

/* File contents: byte i of a file is (i * 7 + seed) & 0xff, except
 * that files with seed 0 are all zero (sparse). */
static int gen_read(void *arg, uint64_t off, void *buf, size_t len)
{
	uintptr_t seed = (uintptr_t)arg;
	uint8_t *b = buf;
	if (seed == 999)
		return -ZFS_EIO;
	if (seed == 0)
		return 1; /* a hole */
	for (size_t i = 0; i < len; i++)
		b[i] = seed ? (uint8_t)((off + i) * 7 + seed) : 0;
	return 0;
}

static int build_c(struct memdev *m, uint64_t size, uint64_t filesize,
		   uintptr_t seed, int compress, char *err, size_t errlen)
{
	if (!memdev_open(m, size))
		return -ZFS_ENOMEM;
	struct zfs_bio bio = memdev_bio(m, false);
	struct zfs_pool_params prm = {.name = "mem",
				      .path = "/dev/mem0",
				      .ashift = 12,
				      .timestamp = 1000,
				      .compress = compress};
	struct zfs_pool *p;
	struct zpl_attr dir = {040755, 0, 0, 0, 0},
			file = {0100644, 1, 2, 0, 0};
	int rc = pool_create(&prm, &bio, &p);
	struct zpl_builder *zb = zpl_new(1000);
	struct zpl_node *d = zpl_mkdir(zb, zpl_root(zb, NULL), "etc", &dir);
	file.size = 5;
	zpl_file(zb, d, "hostname", &file, gen_read, (void *)1);
	file.size = filesize;
	struct zpl_node *f = zpl_file(zb, zpl_root(zb, NULL), "data", &file,
				      gen_read, (void *)seed);
	zpl_link(zb, d, "data-link", f);
	zpl_symlink(zb, d, "up", &dir, "..");
	char target[1001];
	for (int i = 0; i < 1000; i++)
		target[i] = 'a' + i % 26;
	target[1000] = 0;
	zpl_symlink(zb, d, "long", &dir, target); /* in a spill block */
	struct zpl_attr tty = {020620, 0, 5, 0, 4ull << 32 | 1};
	zpl_special(zb, d, "tty1", &tty);
	if (!rc && zpl_write(zb, pool_root_objset(p))) {
		snprintf(err, errlen, "%s", zpl_error(zb));
		rc = -1;
	}
	if (!rc && pool_finish(p)) {
		snprintf(err, errlen, "%s", pool_error(p));
		rc = -1;
	}
	if (rc && !err[0])
		snprintf(err, errlen, "%s", pool_error(p));
	zpl_free(zb);
	pool_free(p);
	return rc;
}

static int build(struct memdev *m, uint64_t size, uint64_t filesize,
		 uintptr_t seed, char *err, size_t errlen)
{
	return build_c(m, size, filesize, seed, ZIO_COMPRESS_OFF, err, errlen);
}

/* A block pointer to size bytes at off (in the allocatable space),
 * Fletcher-4 of data; gang: the header is there instead. */
static blkptr_t mkbp(uint64_t off, uint32_t size, const void *data, bool gang,
		     uint32_t asize)
{
	struct bp_info bi = {.offset = off,
			     .asize = asize,
			     .lsize = size,
			     .psize = size,
			     .comp = ZIO_COMPRESS_OFF,
			     .cksum = ZIO_CHECKSUM_FLETCHER_4,
			     .type = DMU_OT_PLAIN_FILE_CONTENTS,
			     .birth = 4,
			     .fill = 1};
	blkptr_t bp;
	zfs_fletcher4(data, size, &bi.zc);
	bp_encode(&bp, &bi);
	if (gang)
		bp.blk_dva[0].word[1] |= 1ull << 63;
	return bp;
}

static void put_gang_header(struct memdev *m, uint64_t off, const blkptr_t *b,
			    int n)
{
	uint8_t hdr[512] = {0};
	memcpy(hdr, b, n * sizeof(*b));
	zio_eck_t tail = {ZEC_MAGIC, {{0}}};
	memcpy(hdr + 512 - sizeof(tail), &tail, sizeof(tail));
	memcpy(m->b + VDEV_LABEL_START_SIZE + off, hdr, sizeof(hdr));
}

/* Gang blocks, made by hand in the free space of a pool (the writer
 * never needs them): a gang block of a 4 KiB member and a nested gang
 * block of two more, read back whole; then damaged in four ways. */
static void check_gang(struct memdev *m)
{
	struct zfs_bio bio = memdev_bio(m, false);
	struct zfs_reader *r = NULL;
	char rerr[256];
	uint64_t o = 48ull << 20;
	uint8_t data[6144], out[6144];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 13 + 7);
	uint8_t *dev = m->b + VDEV_LABEL_START_SIZE;
	memcpy(dev + o + 4096, data, 4096);	    /* A */
	memcpy(dev + o + 12288, data + 4096, 1536); /* C */
	memcpy(dev + o + 16384, data + 5632, 512);  /* D */
	blkptr_t inner[2] = {mkbp(o + 12288, 1536, data + 4096, false, 4096),
			     mkbp(o + 16384, 512, data + 5632, false, 4096)};
	put_gang_header(m, o + 8192, inner, 2);
	blkptr_t outer[3] = {mkbp(o + 4096, 4096, data, false, 4096),
			     mkbp(o + 8192, 2048, data + 4096, true, 12288)};
	bp_hole(&outer[2]);
	put_gang_header(m, o, outer, 3);
	blkptr_t top = mkbp(o, 6144, data, true, 20480);

	int rc = zr_open(&bio, &r, rerr, sizeof(rerr));
	TAP_OK(rc == 0 && zr_read_bp(r, &top, out, sizeof(out)) == 0 &&
		   memcmp(out, data, sizeof(data)) == 0,
	       "a gang block with a nested gang block reads back");
	dev[o + 16384 + 100] ^= 1;
	TAP_OK(zr_read_bp(r, &top, out, sizeof(out)) == -ZFS_ECKSUM,
	       "a damaged member is a checksum error");
	dev[o + 16384 + 100] ^= 1;
	dev[o + 8192 + 512 - 40] ^= 1;
	TAP_OK(zr_read_bp(r, &top, out, sizeof(out)) == -ZFS_EIO,
	       "a gang header with a bad tail magic is refused");
	dev[o + 8192 + 512 - 40] ^= 1;
	put_gang_header(m, o + 8192, inner, 1);
	TAP_OK(zr_read_bp(r, &top, out, sizeof(out)) == -ZFS_EIO,
	       "members that fall short of the block are refused");
	put_gang_header(m, o + 8192, inner, 2);
	blkptr_t self = mkbp(o, 6144, data, true, 20480);
	put_gang_header(m, o, &self, 1);
	TAP_OK(zr_read_bp(r, &top, out, sizeof(out)) == -ZFS_EIO,
	       "a gang block that contains itself ends (depth bound)");
	zr_close(r);
}

/* 4 KiB pages of the device that are not all zero. */
static size_t pages_used(const struct memdev *m)
{
	size_t n = 0;
	for (uint64_t i = 0; i < m->size; i += 4096)
		for (size_t k = 0; k < 4096; k++)
			if (m->b[i + k]) {
				n++;
				break;
			}
	return n;
}

/* Compressed blocks: the file's data blocks are LZ4, it reads back, the
 * pool says it needs lz4_compress, and it takes less space. */
static void check_lz4(void)
{
	struct memdev m, off;
	char err[300] = "";
	int rc = build_c(&m, 64ull << 20, 1000000, 3, ZIO_COMPRESS_LZ4, err,
			 sizeof(err));
	TAP_OK(rc == 0, "an lz4 pool%s%s", err[0] ? ": " : "", err);
	rc = rc ? rc : build(&off, 64ull << 20, 1000000, 3, err, sizeof(err));
	struct zfs_bio bio = memdev_bio(&m, false);
	struct zfs_reader *r = NULL;
	struct zplr_fs *fs = NULL;
	struct zr_objset os;
	dnode_phys_t dn;
	uint64_t obj = 0;
	nvlist_t *cfg = NULL;
	uberblock_t ub;
	char rerr[256];
	rc = rc ? rc : zr_open(&bio, &r, rerr, sizeof(rerr));
	rc = rc ? rc : zplr_mount(r, &fs);
	rc = rc ? rc : zplr_lookup(fs, "/data", &obj);
	rc = rc ? rc : zr_root_dataset(r, &os);
	rc = rc ? rc : zr_dnode(r, &os, obj, &dn);
	struct bp_info bi = {0};
	/* two levels: the first indirect block's first pointer */
	blkptr_t l0[128];
	rc = rc ? rc : zr_read_bp(r, &dn.dn_blkptr[0], l0, sizeof(l0));
	rc = rc ? rc
		: bp_decode(dn.dn_nlevels > 1 ? &l0[0] : &dn.dn_blkptr[0], &bi);
	TAP_OK(rc == 0 && bi.comp == ZIO_COMPRESS_LZ4 && bi.psize < bi.lsize,
	       "data blocks are lz4 (%u of %u bytes)", bi.psize, bi.lsize);
	uint8_t *data = malloc(1000000), *want = malloc(1000000);
	size_t got = 0;
	rc = rc ? rc : zplr_read(fs, obj, 0, data, 1000000, &got);
	gen_read((void *)3, 0, want, 1000000);
	TAP_OK(rc == 0 && got == 1000000 && memcmp(data, want, 1000000) == 0,
	       "a compressed file reads back");
	/* a 5-byte file: inside its block pointer (embedded_data) */
	uint8_t small[16] = {0}, want5[5];
	rc = zplr_lookup(fs, "/etc/hostname", &obj);
	rc = rc ? rc : zr_dnode(r, &os, obj, &dn);
	rc = rc ? rc : zplr_read(fs, obj, 0, small, sizeof(small), &got);
	gen_read((void *)1, 0, want5, 5);
	TAP_OK(rc == 0 && bp_is_embedded(&dn.dn_blkptr[0]) && got == 5 &&
		   memcmp(small, want5, 5) == 0,
	       "a 5-byte file is embedded in its block pointer, reads back");
	rc = label_read(&bio, 0, &cfg, &ub);
	const nvlist_t *ff =
	    cfg ? nv_lookup_nvlist(cfg, "features_for_read") : NULL;
	TAP_OK(rc == 0 && ff && nv_exists(ff, "org.illumos:lz4_compress") &&
		   nv_exists(ff, "com.delphix:embedded_data"),
	       "the label lists lz4_compress and embedded_data as needed "
	       "to read");
	nv_free(cfg);
	TAP_OK(pages_used(&m) < pages_used(&off) / 2,
	       "it takes less space: %zu pages, %zu uncompressed",
	       pages_used(&m), pages_used(&off));
	free(data);
	free(want);
	zplr_unmount(fs);
	zr_close(r);
	memdev_close(&m);
	memdev_close(&off);
}

int main(void)
{
	uint64_t w[4];
	int64_t units;
	TAP_OK(spacemap_encode_alloc(3, 1, w) == 1 && w[0] == (3ull << 16 | 0),
	       "space map: a one-unit run");
	TAP_OK(spacemap_encode_alloc(0, (1 << 15) + 5, w) == 2 &&
		   w[0] == 0x7fff && w[1] == ((1ull << 31) | 4) &&
		   spacemap_decode(w, 2, &units) == 0 && units == (1 << 15) + 5,
	       "space map: runs over 2^15 units split");

	struct zfs_alloc a;
	uint64_t off;
	alloc_init(&a, 64ull << 20, 12);
	TAP_OK(a.ms_count >= 8 && a.ms_count <= 16 && a.ms_shift >= 17,
	       "64 MiB: %llu metaslabs of 2^%d", (unsigned long long)a.ms_count,
	       a.ms_shift);
	uint64_t ms = 1ull << a.ms_shift;
	alloc_block(&a, ms - 4096, &off);
	TAP_OK(alloc_block(&a, 8192, &off) == 0 && off == ms,
	       "blocks never straddle metaslabs");
	TAP_OK(alloc_block(&a, 1000, &off) == -ZFS_EINVAL,
	       "sizes must be multiples of the sector");
	alloc_fini(&a);

	struct memdev m1, m2;
	char err[300] = "";
	int rc = build(&m1, 64ull << 20, 300000, 3, err, sizeof(err));
	TAP_OK(rc == 0, "a pool in 64 MiB of memory%s%s", err[0] ? ": " : "",
	       err);
	rc = build(&m2, 64ull << 20, 300000, 3, err, sizeof(err));
	TAP_OK(rc == 0 && memcmp(m1.b, m2.b, m1.size) == 0,
	       "built twice: identical bytes");
	memdev_close(&m2);

	struct zfs_bio bio = memdev_bio(&m1, false);
	int good = 0;
	uberblock_t ub;
	for (int l = 0; l < 4; l++) {
		nvlist_t *cfg;
		uint64_t v;
		if (label_read(&bio, l, &cfg, &ub) != 0)
			continue;
		const nvlist_t *t = nv_lookup_nvlist(cfg, "vdev_tree");
		good += nv_lookup_uint64(cfg, "version", &v) == 0 &&
			v == 5000 &&
			strcmp(nv_lookup_string(cfg, "name"), "mem") == 0 &&
			t && strcmp(nv_lookup_string(t, "type"), "file") == 0 &&
			ub.ub_magic == UBERBLOCK_MAGIC && ub.ub_txg == 4 &&
			bp_type(&ub.ub_rootbp) == DMU_OT_OBJSET;
		nv_free(cfg);
	}
	TAP_OK(good == 4, "all four labels: config and uberblock");

	/* The reader: back through the DSL and the ZPL. */
	struct zfs_reader *r = NULL;
	struct zplr_fs *fs = NULL;
	struct zplr_stat st;
	uint64_t obj;
	char rerr[256];
	rc = zr_open(&bio, &r, rerr, sizeof(rerr));
	if (!rc)
		rc = zplr_mount(r, &fs);
	TAP_OK(rc == 0 && zplr_version(fs) == 5,
	       "the reader mounts it (ZPL %llu)",
	       fs ? (unsigned long long)zplr_version(fs) : 0ull);
	rc = rc ? rc : zplr_lookup(fs, "/etc/data-link", &obj);
	rc = rc ? rc : zplr_stat(fs, obj, &st);
	TAP_OK(rc == 0 && st.size == 300000 && st.links == 2 && st.uid == 1 &&
		   st.gid == 2 && st.mode == 0100644 && st.mtime[0] == 1000,
	       "stat through a hard link");
	uint8_t *data = malloc(300000), *want = malloc(300000);
	size_t got = 0;
	rc = rc ? rc : zplr_read(fs, obj, 0, data, 300000, &got);
	gen_read((void *)3, 0, want, 300000);
	TAP_OK(rc == 0 && got == 300000 && memcmp(data, want, 300000) == 0,
	       "a 300,000-byte file reads back");
	rc = rc ? rc : zplr_read(fs, obj, 299990, data, 100, &got);
	TAP_OK(rc == 0 && got == 10 && memcmp(data, want + 299990, 10) == 0,
	       "reads stop at the end of the file");
	char target[64];
	rc = rc ? rc : zplr_lookup(fs, "/etc/up", &obj);
	rc = rc ? rc : zplr_readlink(fs, obj, target, sizeof(target));
	TAP_OK(rc == 0 && strcmp(target, "..") == 0, "readlink");
	char longt[1100];
	rc = rc ? rc : zplr_lookup(fs, "/etc/long", &obj);
	rc = rc ? rc : zplr_readlink(fs, obj, longt, sizeof(longt));
	TAP_OK(rc == 0 && strlen(longt) == 1000 && longt[999] == 'a' + 999 % 26,
	       "a 1000-byte symlink target (spill block) reads back");
	TAP_OK(zplr_readlink(fs, obj, longt, 1000) == -ZFS_E2BIG,
	       "readlink: a buffer one byte short is refused");
	rc = rc ? rc : zplr_lookup(fs, "/etc/tty1", &obj);
	rc = rc ? rc : zplr_stat(fs, obj, &st);
	TAP_OK(rc == 0 && st.mode == 020620 && st.rdev == (4ull << 32 | 1) &&
		   st.gid == 5,
	       "a character device: mode and device number");
	TAP_OK(zplr_lookup(fs, "/etc/nothing", &obj) == -ZFS_ENOENT &&
		   zplr_lookup(fs, "/data/x", &obj) == -ZFS_ENOENT,
	       "missing names, and names under a file");
	free(data);
	free(want);
	zplr_unmount(fs);
	zr_close(r);

	check_gang(&m1);

	/* Damage label 1's nvlist: it fails, label 0 still reads. */
	m1.b[VDEV_LABEL_SIZE + VDEV_LABEL_NVLIST_OFFSET + 100] ^= 1;
	nvlist_t *cfg = NULL;
	TAP_OK(label_read(&bio, 1, &cfg, &ub) == -ZFS_ECKSUM,
	       "a damaged label is detected");
	TAP_OK(label_read(&bio, 0, &cfg, &ub) == 0, "the others still read");
	nv_free(cfg);
	/* Damage label 0's uberblock: no valid uberblock there. */
	m1.b[VDEV_LABEL_UBERBLOCK_OFFSET + 4 * 4096 + 8] ^= 1;
	label_read(&bio, 0, &cfg, &ub);
	TAP_OK(ub.ub_magic == 0, "a damaged uberblock is skipped");
	nv_free(cfg);
	memdev_close(&m1);

	err[0] = 0;
	rc = build(&m1, 64ull << 20, 100ull << 20, 3, err, sizeof(err));
	TAP_OK(rc != 0 && strstr(err, "full"), "100 MiB in a 64 MiB image: %s",
	       err);
	memdev_close(&m1);
	err[0] = 0;
	rc = build(&m1, 64ull << 20, 1ull << 40, 0, err, sizeof(err));
	TAP_OK(rc == 0, "a sparse 1 TiB file fits in 64 MiB%s%s",
	       err[0] ? ": " : "", err);
	memdev_close(&m1);
	err[0] = 0;
	rc = build(&m1, 64ull << 20, 10, 999, err, sizeof(err));
	TAP_OK(rc != 0 && strstr(err, "read"), "a read error: %s", err);
	memdev_close(&m1);
	err[0] = 0;
	rc = build(&m1, 32ull << 20, 10, 1, err, sizeof(err));
	TAP_OK(rc != 0 && strstr(err, "64 MiB"), "too small: %s", err);
	memdev_close(&m1);

	check_lz4();

	struct zpl_builder *zb = zpl_new(0);
	struct zpl_attr at = {0100644, 0, 0, 0, 0};
	char name[300];
	memset(name, 'n', 256);
	name[256] = 0;
	TAP_OK(!zpl_file(zb, zpl_root(zb, NULL), name, &at, gen_read, NULL) &&
		   strstr(zpl_error(zb), "too long"),
	       "a 256-byte name: %.40s", zpl_error(zb));
	name[255] = 0;
	TAP_OK(zpl_file(zb, zpl_root(zb, NULL), name, &at, gen_read, NULL) !=
		   NULL,
	       "a 255-byte name is fine");
	TAP_OK(!zpl_file(zb, zpl_root(zb, NULL), "a/b", &at, gen_read, NULL),
	       "names with '/' are refused");
	char huge[4097];
	memset(huge, 'h', 4096);
	huge[4096] = 0;
	TAP_OK(!zpl_symlink(zb, zpl_root(zb, NULL), "huge", &at, huge) &&
		   strstr(zpl_error(zb), "too long"),
	       "a 4096-byte symlink target is refused: %s", zpl_error(zb));
	huge[4095] = 0;
	TAP_OK(zpl_symlink(zb, zpl_root(zb, NULL), "big", &at, huge) != NULL,
	       "a 4095-byte one is fine");
	at.mode = 0100644;
	TAP_OK(!zpl_special(zb, zpl_root(zb, NULL), "reg", &at),
	       "zpl_special refuses a regular file: %s", zpl_error(zb));
	zpl_free(zb);
	return tap_done();
}
