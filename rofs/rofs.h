/*
 * The rofs reader: checks an image's superblock and metadata completely
 * once, at mount, so that every later call can trust them (and is
 * O(1), or O(log n) for a lookup).  Freestanding: it uses memcpy, memcmp
 * and nothing else of the C library, allocates nothing (the caller
 * provides the metadata's memory) and never reads file data itself:
 * callers read a file's extent from the disk (or from memory on the
 * host).  Built for the kernel (kernel/fs/rofs_vfs.c) and for the host
 * tools and tests.
 *
 * Errors are negative errno values (Linux's): -EINVAL for "not a rofs
 * image" (bad magic), -EOPNOTSUPP for a version or feature this reader
 * does not know, -EUCLEAN for anything truncated, inconsistent or with a
 * wrong checksum.  Those come with a message in struct rofs_error that
 * says which structure is wrong and at which byte offset of the image.
 *
 * Mounting:
 *	struct rofs fs; struct rofs_error err;
 *	rofs_check_super(&fs, first_bytes, n, device_size, &err);
 *	read fs.meta_size bytes at fs.meta_offset into buf;
 *	rofs_check_meta(&fs, buf, &err);
 * The superblock and the metadata are contiguous from byte 0, so a
 * caller may read them all with one request: [0, fs.meta_offset +
 * fs.meta_size).  After rofs_check_meta succeeds, buf must stay.
 */
#ifndef ROFS_H
#define ROFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rofs_format.h"

struct rofs_error {
	char msg[160];
};

/* The decoded superblock and, once checked, the metadata. */
struct rofs {
	uint64_t image_size;
	uint64_t meta_offset;
	uint64_t meta_size;
	uint64_t data_offset;
	uint32_t inode_count;
	uint32_t dirent_count;
	uint32_t strings_size;
	uint32_t meta_crc;
	/* Set by rofs_check_meta. */
	const uint8_t *inodes;
	const uint8_t *dirents;
	const char *strings;
};

/* A directory entry, as rofs_dirent_at returns it. */
struct rofs_entry {
	uint32_t ino;
	uint8_t type; /* ROFS_DT_* */
	uint16_t name_len;
	const char *name; /* into the metadata; not NUL-terminated */
};

/*
 * Checks the superblock in buf[0, len) (len >= ROFS_SUPER_SIZE, or it is
 * truncated) of an image on a device of dev_size bytes, and fills fs.
 * 0, or a negative errno with err set.
 */
int rofs_check_super(struct rofs *fs, const void *buf, size_t len,
		     uint64_t dev_size, struct rofs_error *err);

/*
 * Checks the metadata (fs->meta_size bytes read from fs->meta_offset):
 * its checksum, then every inode, directory entry, name and link target,
 * and that the directories form a tree.  O(size of the metadata).
 * 0, or a negative errno with err set.
 */
int rofs_check_meta(struct rofs *fs, const void *meta, struct rofs_error *err);

/* The inode ino < fs->inode_count, decoded. */
void rofs_inode(const struct rofs *fs, uint32_t ino, struct rofs_inode *out);

/* S_IFMT of the inode, and its tests. */
uint32_t rofs_type(const struct rofs *fs, uint32_t ino);
bool rofs_is_dir(const struct rofs *fs, uint32_t ino);

/*
 * Looks name[0, len) up in directory dir by binary search: 0 with *ino
 * set, -ENOENT, -ENOTDIR when dir is not a directory, -ENAMETOOLONG.
 * "." and ".." are the directory and its parent.
 */
int rofs_lookup(const struct rofs *fs, uint32_t dir, const char *name,
		size_t len, uint32_t *ino);

/*
 * Walks a '/'-separated path from the root (leading, repeated and
 * trailing slashes ignored, "." and ".." allowed) without following
 * symbolic links: 0, -ENOENT, -ENOTDIR, -ENAMETOOLONG.  For tools.
 */
int rofs_lookup_path(const struct rofs *fs, const char *path, uint32_t *ino);

/* Entry i < size of directory dir, in name order. */
void rofs_dirent_at(const struct rofs *fs, uint32_t dir, uint64_t i,
		    struct rofs_entry *out);

/* A symbolic link's target (no NUL) and its length. */
const char *rofs_link_target(const struct rofs *fs, uint32_t ino, size_t *len);

/* The parent of directory dir (the root's is the root). */
uint32_t rofs_parent(const struct rofs *fs, uint32_t dir);

/* CRC-32C (Castagnoli), as the format uses: start with crc = 0. */
uint32_t rofs_crc32c(uint32_t crc, const void *buf, size_t len);

#endif
