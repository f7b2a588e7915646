/*
 * Reading one entry of a newc/crc cpio archive (kernel/fs/cpio_newc.c).
 * Internal to the boot filesystem: it knows the byte format and nothing
 * about paths or trees.
 */
#ifndef KERNEL_FS_CPIO_NEWC_H
#define KERNEL_FS_CPIO_NEWC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest name accepted, without its NUL (PATH_MAX - 1 on Linux). */
#define CPIO_NAME_MAX 4096

/* File types as cpio stores them in the mode field (those of st_mode). */
#define CPIO_S_IFMT 0170000u
#define CPIO_S_IFDIR 0040000u
#define CPIO_S_IFREG 0100000u
#define CPIO_S_IFLNK 0120000u

struct cpio_entry {
	size_t offset;	     /* of the header, from the start of the archive */
	const char *name;    /* as stored, NUL-terminated, inside the archive */
	size_t name_len;     /* without the NUL; never 0 */
	const uint8_t *data; /* inside the archive */
	size_t size;
	uint32_t ino, mode, nlink, dev_major, dev_minor;
	bool trailer; /* the "TRAILER!!!" entry; nothing else is set */
};

/*
 * Parses the entry whose header starts at *offset in [archive, archive +
 * size) and moves *offset to the next header (or to size when the padding
 * after the last data is cut off).  Checks a crc entry's checksum when
 * verify_sums is set.  Returns NULL, or a message naming the offset and
 * what is wrong; it lives in a static buffer that the next failure
 * overwrites.  Never reads outside the archive.
 */
const char *cpio_newc_next(const uint8_t *archive, size_t size, size_t *offset,
			   bool verify_sums, struct cpio_entry *e);

#endif
