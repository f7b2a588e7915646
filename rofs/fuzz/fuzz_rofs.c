/*
 * libFuzzer target for the rofs reader: the input is an image.  The
 * harness first sets the superblock's and the metadata's checksums
 * (where the input is long enough to hold them), so that the fuzzer
 * gets past them to the structural checks; wrong checksums are tested
 * in tests/host/test_rofs.c.  An image the reader accepts is then used
 * as a mounted filesystem is: every inode, entry, lookup and link
 * target.  The metadata goes into a buffer of its exact size, as the
 * kernel reads it, so that AddressSanitizer sees any read past it.
 *
 * Built by `make check` when clang has libFuzzer (rofs/local.mk) and
 * run for a few seconds by tests/host/rofs_fuzz.test; longer runs:
 * bench/fs/fuzz-rofs.
 */
#include <stdlib.h>
#include <string.h>

#include "rofs.h"

static void fix_crcs(uint8_t *buf, size_t len)
{
	struct rofs_super s;

	if (len < ROFS_SUPER_SIZE)
		return;
	memcpy(&s, buf, sizeof(s));
	if (s.meta_size <= len - ROFS_SUPER_SIZE)
		s.meta_crc = rofs_crc32c(0, buf + ROFS_SUPER_SIZE, s.meta_size);
	s.super_crc = rofs_crc32c(0, &s, ROFS_SUPER_CRC_OFFSET);
	memcpy(buf, &s, sizeof(s));
}

/* A path from the root: "/NAME/./..", which must lead back. */
static void walk_path(const struct rofs *fs, const struct rofs_entry *e)
{
	char path[ROFS_NAME_MAX + 8];
	uint32_t found;

	path[0] = '/';
	memcpy(path + 1, e->name, e->name_len);
	strcpy(path + 1 + e->name_len, "/./..");
	int rc = rofs_lookup_path(fs, path, &found);
	if (e->type == ROFS_DT_DIR ? rc || found != ROFS_ROOT_INO : rc == 0)
		abort();
}

static void use(const struct rofs *fs)
{
	for (uint32_t ino = 0; ino < fs->inode_count; ino++) {
		struct rofs_inode in;
		size_t len;

		rofs_inode(fs, ino, &in);
		if (rofs_type(fs, ino) == ROFS_S_IFLNK &&
		    rofs_link_target(fs, ino, &len)[len - 1] == '\0')
			abort();
		if (!rofs_is_dir(fs, ino))
			continue;
		for (uint64_t i = 0; i < in.size; i++) {
			struct rofs_entry e;
			uint32_t found;

			rofs_dirent_at(fs, ino, i, &e);
			if (rofs_lookup(fs, ino, e.name, e.name_len, &found) ||
			    found != e.ino)
				abort(); /* an accepted image is coherent */
			if (ino == ROFS_ROOT_INO)
				walk_path(fs, &e);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = malloc(size ? size : 1);
	struct rofs_error err;
	struct rofs fs;

	memcpy(img, data, size);
	fix_crcs(img, size);
	err.msg[0] = '\0';
	int rc = rofs_check_super(&fs, img, size, size, &err);
	if (rc == 0) {
		uint8_t *meta = malloc(fs.meta_size ? fs.meta_size : 1);
		memcpy(meta, img + fs.meta_offset, fs.meta_size);
		rc = rofs_check_meta(&fs, meta, &err);
		if (rc == 0)
			use(&fs);
		free(meta);
	}
	if (rc && err.msg[0] == '\0')
		abort(); /* every failure has its message */
	free(img);
	return 0;
}
