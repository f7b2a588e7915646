/*
 * The host side of rofs, behind osv-mkimage: building an image from a
 * directory tree (rofs_build.c) and opening, listing, checking and
 * extracting one (rofs_image.c).  Hosted C; errors go to stderr, prefixed
 * with the program's name, and functions return 0 or 1.
 */
#ifndef ROFS_HOST_H
#define ROFS_HOST_H

#include <stdbool.h>
#include <stdio.h>

#include "rofs.h"

extern const char *rofs_prog; /* prefix of messages: "osv-mkimage" */

/* Prints "PROG: MESSAGE" on stderr; returns 1. */
int rofs_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct rofs_build_options {
	/* Devices, FIFOs and sockets: skipped with a warning, instead of
	 * failing the build. */
	bool skip_special;
	/* Every inode owned by uid:gid, instead of the files' owners. */
	bool set_owner;
	uint32_t uid, gid;
	/* No empty dev, proc and tmp directories added to the root when
	 * the tree lacks them (the kernel's mount points). */
	bool no_mount_points;
	/* Print each path as it is added. */
	bool verbose;
};

/*
 * Writes an image of the tree under dir (which becomes the root; its
 * mode, owner and times too) to image.tmp, then renames it to image.
 * Symbolic links are stored, never followed; hard links share an
 * inode.  0, or 1 after printing what is wrong (no image is left).
 */
int rofs_build(const char *dir, const char *image,
	       const struct rofs_build_options *opt);

/* An image mapped read-only and checked. */
struct rofs_image {
	const char *path;
	const unsigned char *base;
	size_t size;
	struct rofs fs;
};

/* Maps and checks the superblock and metadata: 0 or 1 (message given). */
int rofs_image_open(struct rofs_image *img, const char *path);
void rofs_image_close(struct rofs_image *img);

/* A regular file's data: a pointer into the mapping, and its length. */
const unsigned char *rofs_image_data(const struct rofs_image *img, uint32_t ino,
				     size_t *len);

/* One line per inode reached from the root, depth first in name order:
 * TYPE PERM UID GID NLINK SIZE MTIME PATH [-> TARGET]. */
void rofs_image_list(const struct rofs_image *img, FILE *out);

/* Checks every file's data against its checksum: 0 or 1. */
int rofs_image_verify(const struct rofs_image *img);

/* Writes the file at path to out: 0 or 1. */
int rofs_image_cat(const struct rofs_image *img, const char *path, FILE *out);

/* Recreates the tree under dir (which must not exist): 0 or 1. */
int rofs_image_extract(const struct rofs_image *img, const char *dir);

#endif
