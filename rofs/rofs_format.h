/*
 * The rofs on-disk format, version 1 (docs/rofs.md explains it): the one
 * definition of every structure, shared by the reader (rofs_read.c, in
 * the kernel and on the host) and the writer (rofs_build.c, host only).
 *
 * An image is a superblock at byte 0, the metadata right after it (the
 * inode table, the directory-entry table, the string table, each an
 * array, back to back), then the file data, every file starting on a
 * 4 KiB boundary.  Every field is little-endian and fixed-width; the
 * structures below have no padding and are read with memcpy and the
 * rofs_le*() helpers, so buffers need no alignment.
 */
#ifndef ROFS_FORMAT_H
#define ROFS_FORMAT_H

#include <stdint.h>

#define ROFS_MAGIC "OSV-ROFS" /* 8 bytes, no NUL on disk */
#define ROFS_MAGIC_LEN 8
#define ROFS_VERSION 1
#define ROFS_BLOCK_SIZE 4096u /* file data alignment: one page */
#define ROFS_NAME_MAX 255     /* bytes of a directory entry's name */
#define ROFS_SYMLINK_MAX 4095 /* bytes of a symbolic link's target */
#define ROFS_ROOT_INO 0

/* The superblock, at byte 0.  super_crc covers bytes [0, 124). */
struct rofs_super {
	char magic[ROFS_MAGIC_LEN];
	uint32_t version;
	uint32_t super_size;  /* sizeof(struct rofs_super): 128 */
	uint32_t block_size;  /* ROFS_BLOCK_SIZE */
	uint32_t flags;	      /* none defined: 0 */
	uint64_t image_size;  /* bytes, a multiple of block_size */
	uint64_t meta_offset; /* super_size: the metadata follows at once */
	uint64_t meta_size;   /* exactly the three tables */
	uint64_t data_offset; /* block-aligned, at or past the metadata's end */
	uint32_t inode_count; /* at least 1: the root directory */
	uint32_t dirent_count;
	uint32_t strings_size;
	uint32_t meta_crc;    /* CRC-32C of the metadata */
	uint8_t reserved[52]; /* zero */
	uint32_t super_crc;
};

/*
 * Inode types are the S_IFMT bits of mode, with Linux's values; the
 * meaning of size, where and aux depends on the type.
 */
#define ROFS_S_IFMT 0170000u
#define ROFS_S_IFDIR 0040000u
#define ROFS_S_IFREG 0100000u
#define ROFS_S_IFLNK 0120000u
#define ROFS_S_PERM 07777u

struct rofs_inode {
	uint32_t mode; /* type and permission bits, nothing else */
	uint32_t uid;
	uint32_t gid;
	uint32_t nlink;
	/*
	 * Regular file: its length in bytes.  Directory: its number of
	 * entries.  Symbolic link: the target's length (1..4095).
	 */
	uint64_t size;
	/*
	 * Regular file: byte offset of its data in the image, a multiple
	 * of the block size, or 0 when size is 0.  Directory: index of its
	 * first entry in the directory-entry table.  Symbolic link: offset
	 * of its target in the string table.
	 */
	uint64_t where;
	int64_t atime_ns; /* since the epoch */
	int64_t mtime_ns;
	int64_t ctime_ns;
	/* Regular file: CRC-32C of its data.  Directory: its parent's
	 * inode number (the root's is 0).  Symbolic link: 0. */
	uint32_t aux;
	uint32_t reserved; /* zero */
};

/* A directory's entries are sorted by name (bytewise, shorter first). */
struct rofs_dirent {
	uint32_t ino;
	uint32_t name_off; /* in the string table; names have no NUL */
	uint16_t name_len; /* 1..ROFS_NAME_MAX */
	uint8_t type;	   /* ROFS_DT_*, agreeing with the inode's mode */
	uint8_t reserved;  /* zero */
};

/* Directory-entry types: the d_type values of Linux. */
#define ROFS_DT_DIR 4
#define ROFS_DT_REG 8
#define ROFS_DT_LNK 10

#define ROFS_SUPER_SIZE 128u
#define ROFS_SUPER_CRC_OFFSET 124u
#define ROFS_INODE_SIZE 64u
#define ROFS_DIRENT_SIZE 12u

_Static_assert(sizeof(struct rofs_super) == ROFS_SUPER_SIZE, "superblock");
_Static_assert(__builtin_offsetof(struct rofs_super, super_crc) ==
		   ROFS_SUPER_CRC_OFFSET,
	       "super_crc");
_Static_assert(sizeof(struct rofs_inode) == ROFS_INODE_SIZE, "inode");
_Static_assert(sizeof(struct rofs_dirent) == ROFS_DIRENT_SIZE, "dirent");

#endif
