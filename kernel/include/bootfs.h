/*
 * The boot filesystem: the initrd, a newc cpio archive (what
 * `cpio -o -H newc` writes; -H crc too), read into a read-only in-memory
 * tree (kernel/fs/bootfs.c, kernel/fs/cpio_newc.c).  File contents stay
 * where the loader put them; nothing is copied, so the archive's memory
 * must stay reserved for as long as the tree is used.  The tree lives on
 * the kernel heap, which must be up before the first archive is added.
 * This small interface is what the VFS will replace.
 */
#ifndef KERNEL_BOOTFS_H
#define KERNEL_BOOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bootfs_file {
	/* Absolute and normalised: "/lib/libx.so". */
	const char *path;
	/* File contents, or a symlink's target; never NULL, no NUL added. */
	const void *data;
	size_t size;
	/* st_mode bits as cpio stores them. */
	uint32_t mode;
};

/*
 * Reads the archive at [archive, archive + size).  Returns NULL, or a
 * message that says what is wrong and at which offset (a bad magic
 * number, a truncated header or file, a name without its NUL, a crc
 * checksum that does not match, ...); it is in a static buffer, valid
 * until the next call.  The archive ends at its TRAILER!!! entry, and
 * whatever follows (the padding of an initrd) is ignored; an archive
 * without one is an error.  A bad archive adds nothing to the tree.
 * May be called once per archive; later archives add to the tree and
 * override entries of the same path.
 *
 * Names are made absolute and normalised ("./a//b/" is "/a/b"); the
 * directories on a name's way need not be in the archive, and are made
 * (mode 040755) if missing.  Hard links all get the one copy of the data.
 * An archive without hard links is only checked here and read into the
 * tree at the first lookup or listing (bootfs_for_each_entry).  Running
 * out of memory while reading an archive into the tree, here or then,
 * shuts the tree: see bootfs_error().
 */
const char *bootfs_add_archive(const void *archive, size_t size);

/*
 * NULL, or why the archives could not all be read into the tree (the
 * heap ran out; the message names the entry that could not be added).
 * The tree is then shut rather than short of entries: lookups find
 * nothing and listings list nothing until bootfs_clear().  A caller
 * that found nothing asks it before saying a file is missing.
 */
const char *bootfs_error(void);

/*
 * Finds a regular file or directory by path ("/a/b", "a/b", "/a/./b" and
 * "/a/../a/b" all work), following symbolic links in every component (at
 * most 8 links in all; relative targets start from the link's directory).
 * The result's path is where the links led.  Returns NULL when there is
 * none, on a loop, and for other file types.  O(length of the path).
 */
const struct bootfs_file *bootfs_lookup(const char *path);

/*
 * Whether an archive was ever added (the boot had an initrd): without
 * one, the boot skips the fill of the root and the release whole.
 */
bool bootfs_has_archive(void);

/*
 * Calls fn for every entry, in archive order; for listings and tests.
 * Directories made for missing parents come just before their first
 * entry; an overridden entry keeps its first place.
 */
void bootfs_for_each(void (*fn)(const struct bootfs_file *f, void *arg),
		     void *arg);

/* BEGIN initrd fill */
/*
 * While no lookup or listing has read the archives into the tree (and
 * none of them has hard links, which are read at once): calls fn for
 * every entry of the archives, in archive order, with its normalised
 * path (in a static buffer, until the next call of fn), and returns
 * true.  Unlike bootfs_for_each it lists no directories made for
 * missing parents, an entry that overrides another comes twice, and
 * entries naming the root are skipped.  Returns false, calling
 * nothing, when the tree exists (use bootfs_for_each).  The boot fills
 * its ramfs root with it without building the tree.
 */
bool bootfs_for_each_entry(void (*fn)(const struct bootfs_file *f, void *arg),
			   void *arg);
/* END initrd fill */

/* BEGIN initrd release */
/*
 * Forgets the tree (its heap memory goes): lookups find nothing after,
 * and archives may be added again.
 */
void bootfs_clear(void);

/*
 * For a ramfs root filled from the tree (whose files borrow their bytes
 * from the archives, kernel/fs/bootfs_release.c): gives the page
 * allocator every whole page of the boot modules that holds no file's
 * bytes, and clears the tree.  Files keep their bytes in place until
 * bootfs_drop().  Call it once, right after the fill.
 */
void bootfs_release(void);

/*
 * The file whose bytes begin at data keeps only its first keep bytes
 * (0: none); the pages no file's bytes are in any more go to the page
 * allocator.  Bytes that did not come from an archive, or before
 * bootfs_release(): nothing happens.
 */
void bootfs_drop(const void *data, size_t keep);
/* END initrd release */

#endif
