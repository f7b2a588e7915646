/*
 * A ramfs file's data, page by page (kernel/fs/ramfs_pages.c).
 *
 * The bytes live in 4 KiB pages from the page allocator, found through a
 * radix tree of 512-way nodes that grows in height with the file (a file
 * of one page has no node at all).  A page is allocated when the file is
 * first written there (or mapped there MAP_SHARED): holes read as
 * zeros.  Pages appended by one write come as blocks of up to 16 (one
 * allocation), each freed alone later.  A file made from the boot archive
 * borrows its bytes [0, borrowed_len) from it (not page-aligned, so never
 * mapped as they are): a page of it is copied into a page of the file's own at
 * its first write, and the rest stays shared with the archive.
 *
 * Pages never move, so a shared mapping maps the file's own pages
 * (ramfs_pages_map): stores through it are the file's bytes.
 *
 * Locking: the caller serialises reads, writes and truncations (the
 * mount's lock), but ramfs_pages_map runs beside them, under the memory
 * mappings' spinlock; the tree's shape, its slots and the size are
 * therefore changed under the file's own spinlock, and copies to and
 * from the pages happen without it.  Pages are freed only by
 * truncation and ramfs_pages_free, after the mappings dropped them.
 */
#ifndef KERNEL_FS_RAMFS_PAGES_H
#define KERNEL_FS_RAMFS_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spinlock.h"

struct ramfs_pages {
	struct spinlock lock;
	void *root;	 /* height 0: the page of offset 0 itself */
	unsigned height; /* the tree spans 512^height pages */
	uint64_t size;	 /* bytes */
	const char *borrowed;
	uint64_t borrowed_len;
	size_t *counter; /* the filesystem's bytes in pages */
};

/* An empty file whose pages are counted in *counter. */
void ramfs_pages_init(struct ramfs_pages *d, size_t *counter);

/* Makes d an unchanged view of [data, data + size) (d empty). */
void ramfs_pages_borrow(struct ramfs_pages *d, const void *data, size_t size);

/* Frees every page; d is empty after. */
void ramfs_pages_free(struct ramfs_pages *d);

/*
 * Up to len bytes at off; the count (0 at or past the end), fewer or
 * -EFAULT when buf, a program's, is bad where the file has pages
 * (uaccess.h).
 */
long ramfs_pages_read(struct ramfs_pages *d, void *buf, size_t len,
		      uint64_t off);

/*
 * Writes len bytes at off, growing the file; the count (short when
 * memory ran out), or -ENOSPC when nothing could be written.
 */
long ramfs_pages_write(struct ramfs_pages *d, const void *buf, size_t len,
		       uint64_t off);

/*
 * Sets the size.  Shrinking unmaps the pages past the new end from every
 * shared mapping of file (vm_file_truncated), then frees them, and
 * zeroes the tail of the new last page, as Linux does; growing zeroes
 * what a mapping stored past the old end in its last page.  0.
 */
int ramfs_pages_truncate(struct ramfs_pages *d, uint64_t size,
			 const void *file);

/*
 * The page holding the bytes at off (page-aligned), allocated (zeroed, or
 * copied from the borrowed bytes) when there is none: *pa its address.
 * -ENXIO at or past the end of the last page, -ENOMEM.  Never sleeps.
 */
int ramfs_pages_map(struct ramfs_pages *d, uint64_t off, uint64_t *pa);

/*
 * [off, off + len) contiguous in memory (the borrowed bytes, or one
 * page), or NULL when the range spans pages.
 */
const void *ramfs_pages_direct(struct ramfs_pages *d, uint64_t off, size_t len);

#endif
