/*
 * Host unit test of the boot filesystem (kernel/fs/bootfs.c and
 * kernel/fs/cpio_newc.c), TAP output.
 *
 * Real archives come from the host's GNU cpio: the test builds a directory
 * tree in a temporary directory (files of awkward sizes, nested and empty
 * directories, relative, absolute and directory symlinks, a chain of
 * exactly the allowed 8 links and one more, loops, a dangling link, a
 * three-way hard link, a 255-byte name) and archives it three ways: newc
 * with names "newc/...", crc with names "./..." (so at the root), and newc
 * without any directory entry ("bare/...", so every directory is
 * implicit).  Every lookup is then checked byte for byte against what was
 * written.  A few archives are written by hand for what cpio does not make
 * (odd names, overrides, a 4096-byte name).
 *
 * Then a small archive is cut at every length and corrupted in the ways
 * the parser promises to catch, each failure checked for the words that
 * say what is wrong and where.  Every archive the library sees is in a
 * malloc'ed buffer of exactly its size, so that a build with
 * -fsanitize=address catches any read past the end.  Archives the library
 * accepted are never freed: bootfs points into them.
 *
 * bootfs has no reset, so each archive lives under its own top directory
 * and the tree only grows.  The kernel heap runs on an mmap'ed arena as
 * in test_mm.c; mm_corruption() reports fail the test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootfs.h"
#include "mm.h"
#include "tap.h"

#define ARENA_SIZE ((size_t)64 << 20)
#define HEADER_SIZE 110

static int corruption_reports;
static char tmpdir[] = "/tmp/test_bootfs.XXXXXX";

void mm_corruption(const char *what, const void *p)
{
	corruption_reports++;
	printf("# mm_corruption: %s at %p\n", what, p);
}

static _Noreturn void bail_out(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(1);
}

static void remove_tmpdir(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
}

static void map_arena(void)
{
	void *p = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		bail_out("mmap of the heap arena failed");
	page_alloc_add_range((uintptr_t)p, (uintptr_t)p + ARENA_SIZE);
}

/* ------------------------------------------------------------------ */
/* Building trees and archives */

static uint8_t pattern(unsigned seed, size_t i)
{
	return (uint8_t)(i * 31 + seed * 7 + 1);
}

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command; any failure ends the test. */
static void sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0) {
		printf("# command failed (status %d): %s\n", rc, cmd);
		bail_out("a shell command failed");
	}
}

static void put_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		printf("# %s: %s\n", path, strerror(errno));
		bail_out("cannot write a file of the test tree");
	}
}

/* Reads a whole file into a malloc'ed buffer of exactly its size. */
static uint8_t *get_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		bail_out("cannot read an archive");
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		bail_out("cannot read an archive");
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static uint8_t *copy_of(const uint8_t *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);

	if (!c)
		bail_out("malloc");
	memcpy(c, p, n);
	return c;
}

/*
 * bootfs keeps pointers into the archives it accepted: those buffers are
 * freed only at the end, so that the leak checker stays quiet.
 */
static void **kept;
static size_t nkept;

static const char *add_archive(uint8_t *a, size_t size)
{
	const char *err = bootfs_add_archive(a, size);

	if (!err) {
		kept = realloc(kept, (nkept + 1) * sizeof(*kept));
		if (!kept)
			bail_out("realloc");
		kept[nkept++] = a;
	}
	return err;
}

static const size_t sizes[] = {0, 1, 3, 4, 5, 4097};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
static const char hard_text[] = "one inode, three names\n";
static const char deep_text[] = "deep inside\n";
static char long_name[256];

/*
 * The test tree in dir; prefix is where it will be in bootfs ("" for the
 * root), needed by the absolute symlink.
 */
static void make_tree(const char *dir, const char *prefix)
{
	static uint8_t buf[4097];

	sh("mkdir -p '%s/a/b/c' '%s/emptydir' '%s/sub'", dir, dir, dir);
	for (size_t i = 0; i < NSIZES; i++) {
		char path[512];

		for (size_t j = 0; j < sizes[i]; j++)
			buf[j] = pattern((unsigned)sizes[i], j);
		snprintf(path, sizeof(path), "%s/f%zu", dir, sizes[i]);
		put_file(path, buf, sizes[i]);
	}
	sh("cd '%s' && printf '%%s' '%s' > a/b/c/deep.txt", dir, deep_text);
	sh("cd '%s' && ln -s ../../f3 a/b/rel && ln -s %s/a/b/c/deep.txt abs"
	   " && ln -s a/b dirlink && ln -s f5 filelink",
	   dir, prefix);
	/* c1 -> c2 -> ... -> c8 -> f5: 8 links; c0 -> c1 is one too many. */
	sh("cd '%s' && for i in 1 2 3 4 5 6 7; do ln -s c$((i + 1)) c$i; "
	   "done && ln -s f5 c8 && ln -s c1 c0",
	   dir);
	sh("cd '%s' && ln -s loop2 loop1 && ln -s loop1 loop2 && "
	   "ln -s self self && ln -s nowhere dangling",
	   dir);
	sh("cd '%s' && printf '%%s' '%s' > h1 && ln h1 sub/h2 && ln h1 sub/h3",
	   dir, hard_text);
	sh("cd '%s' && printf 'long' > %s", dir, long_name);
}

/* Archives the names that `cd dir && find args` lists, format fmt. */
static uint8_t *make_archive(const char *dir, const char *find_args,
			     const char *fmt, const char *out, size_t *size)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, out);
	sh("cd '%s' && find %s | LC_ALL=C cpio -o -H %s --quiet > '%s'", dir,
	   find_args, fmt, path);
	return get_file(path, size);
}

/* ------------------------------------------------------------------ */
/* A minimal reader of newc headers, to find where to corrupt */

static uint32_t field(const uint8_t *h, int index)
{
	char digits[9];

	memcpy(digits, h + 6 + 8 * index, 8);
	digits[8] = '\0';
	return (uint32_t)strtoul(digits, NULL, 16);
}

enum { NLINK = 4, FILESIZE = 6, NAMESIZE = 11, CHECK = 12 };

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

static size_t data_offset(const uint8_t *a, size_t off)
{
	return align4(off + HEADER_SIZE + field(a + off, NAMESIZE));
}

static size_t next_header(const uint8_t *a, size_t off)
{
	return align4(data_offset(a, off) + field(a + off, FILESIZE));
}

/* Offset of the header of the entry named name (or of the trailer). */
static size_t find_entry(const uint8_t *a, size_t size, const char *name)
{
	size_t off = 0;

	while (off + HEADER_SIZE <= size) {
		const char *n = (const char *)a + off + HEADER_SIZE;

		if (strcmp(n, name) == 0)
			return off;
		if (strcmp(n, "TRAILER!!!") == 0)
			break;
		off = next_header(a, off);
	}
	bail_out("entry missing from a test archive");
}

static int count_empty_links(const uint8_t *a, size_t size)
{
	int count = 0;

	for (size_t off = 0; off + HEADER_SIZE <= size;
	     off = next_header(a, off)) {
		if (strcmp((const char *)a + off + HEADER_SIZE, "TRAILER!!!") ==
		    0)
			break;
		if (field(a + off, NLINK) > 1 &&
		    field(a + off, FILESIZE) == 0 &&
		    (field(a + off, 0 + 1) & S_IFMT) == S_IFREG)
			count++;
	}
	return count;
}

/* ------------------------------------------------------------------ */
/* Checks of a tree in bootfs */

static const char *where(const char *prefix, const char *rest)
{
	static char buf[4][8192];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, sizeof(buf[0]), "%s%s", prefix, rest);
	return b;
}

static bool file_is(const struct bootfs_file *f, const char *path,
		    const void *data, size_t size)
{
	if (!f) {
		printf("# not found\n");
		return false;
	}
	if (!S_ISREG(f->mode) || strcmp(f->path, path) != 0 ||
	    f->size != size || (size && memcmp(f->data, data, size) != 0)) {
		printf("# got %s mode %o size %zu\n", f->path,
		       (unsigned)f->mode, f->size);
		return false;
	}
	return true;
}

static bool dir_is(const struct bootfs_file *f, const char *path)
{
	if (!f) {
		printf("# not found\n");
		return false;
	}
	if (!S_ISDIR(f->mode) || strcmp(f->path, path) != 0) {
		printf("# got %s mode %o\n", f->path, (unsigned)f->mode);
		return false;
	}
	return true;
}

static bool points_into(const struct bootfs_file *f, const uint8_t *a,
			size_t size)
{
	const uint8_t *d = f ? f->data : NULL;

	return d && d >= a && d + f->size <= a + size;
}

/*
 * Everything make_tree() put under prefix; archive is the buffer it came
 * from, implicit_dirs when the archive has no directory entries.
 */
static void check_tree(const char *label, const char *prefix,
		       const uint8_t *archive, size_t archive_size,
		       bool implicit_dirs)
{
	uint8_t expect[4097];
	const struct bootfs_file *f, *g;
	const char *p;

	for (size_t i = 0; i < NSIZES; i++) {
		char name[32];

		for (size_t j = 0; j < sizes[i]; j++)
			expect[j] = pattern((unsigned)sizes[i], j);
		snprintf(name, sizeof(name), "/f%zu", sizes[i]);
		p = where(prefix, name);
		f = bootfs_lookup(p);
		TAP_OK(file_is(f, p, expect, sizes[i]) &&
			   points_into(f, archive, archive_size),
		       "%s: %s, %zu bytes, in place in the archive", label, p,
		       sizes[i]);
	}
	p = where(prefix, "/a/b/c/deep.txt");
	TAP_OK(file_is(bootfs_lookup(p), p, deep_text, strlen(deep_text)),
	       "%s: nested file %s", label, p);
	TAP_OK(
	    file_is(bootfs_lookup(where(prefix, "//a/./b/../b///c/deep.txt/")),
		    p, deep_text, strlen(deep_text)),
	    "%s: '//', '/./', '/../' and a trailing '/' in a lookup", label);
	TAP_OK(file_is(bootfs_lookup(where("/../..", p)), p, deep_text,
		       strlen(deep_text)),
	       "%s: '..' never goes above /", label);
	TAP_OK(file_is(bootfs_lookup(p + 1), p, deep_text, strlen(deep_text)),
	       "%s: a relative lookup path starts at /", label);

	TAP_OK(
	    dir_is(bootfs_lookup(where(prefix, "/a")), where(prefix, "/a")) &&
		dir_is(bootfs_lookup(where(prefix, "/a/b/c/")),
		       where(prefix, "/a/b/c")),
	    "%s: directories%s", label,
	    implicit_dirs ? ", implicit ones included" : "");
	if (!implicit_dirs)
		TAP_OK(dir_is(bootfs_lookup(where(prefix, "/emptydir")),
			      where(prefix, "/emptydir")),
		       "%s: an empty directory", label);
	TAP_OK(dir_is(bootfs_lookup(prefix[0] ? prefix : "/"),
		      prefix[0] ? prefix : "/"),
	       "%s: the top directory", label);

	for (size_t j = 0; j < 3; j++)
		expect[j] = pattern(3, j);
	TAP_OK(file_is(bootfs_lookup(where(prefix, "/a/b/rel")),
		       where(prefix, "/f3"), expect, 3),
	       "%s: relative symlink a/b/rel -> ../../f3", label);
	TAP_OK(file_is(bootfs_lookup(where(prefix, "/abs")),
		       where(prefix, "/a/b/c/deep.txt"), deep_text,
		       strlen(deep_text)),
	       "%s: absolute symlink abs -> %s/a/b/c/deep.txt", label, prefix);
	TAP_OK(file_is(bootfs_lookup(where(prefix, "/dirlink/c/deep.txt")),
		       where(prefix, "/a/b/c/deep.txt"), deep_text,
		       strlen(deep_text)),
	       "%s: a symlink to a directory inside a path", label);
	TAP_OK(file_is(bootfs_lookup(where(prefix, "/dirlink/rel")),
		       where(prefix, "/f3"), expect, 3),
	       "%s: a relative link reached through a directory link "
	       "resolves from where it really is",
	       label);
	TAP_OK(dir_is(bootfs_lookup(where(prefix, "/dirlink/..")),
		      where(prefix, "/a")),
	       "%s: '..' after a directory link is the target's parent", label);
	TAP_OK(dir_is(bootfs_lookup(where(prefix, "/dirlink")),
		      where(prefix, "/a/b")),
	       "%s: a symlink to a directory gives the directory", label);

	for (size_t j = 0; j < 5; j++)
		expect[j] = pattern(5, j);
	TAP_OK(file_is(bootfs_lookup(where(prefix, "/c1")),
		       where(prefix, "/f5"), expect, 5),
	       "%s: a chain of 8 symlinks is followed", label);
	TAP_OK(bootfs_lookup(where(prefix, "/c0")) == NULL,
	       "%s: a chain of 9 symlinks is not", label);
	TAP_OK(bootfs_lookup(where(prefix, "/loop1")) == NULL &&
		   bootfs_lookup(where(prefix, "/self")) == NULL &&
		   bootfs_lookup(where(prefix, "/loop2/x")) == NULL,
	       "%s: symlink loops give NULL", label);
	TAP_OK(bootfs_lookup(where(prefix, "/dangling")) == NULL,
	       "%s: a dangling symlink gives NULL", label);
	TAP_OK(bootfs_lookup(where(prefix, "/filelink/x")) == NULL &&
		   bootfs_lookup(where(prefix, "/f5/x")) == NULL &&
		   bootfs_lookup(where(prefix, "/f5/.")) == NULL,
	       "%s: a file used as a directory gives NULL", label);
	TAP_OK(bootfs_lookup(where(prefix, "/nonexistent")) == NULL &&
		   bootfs_lookup(where(prefix, "/nonexistent/f5")) == NULL &&
		   bootfs_lookup(where(prefix, "/f")) == NULL &&
		   bootfs_lookup(where(prefix, "/f55")) == NULL,
	       "%s: missing names give NULL", label);

	f = bootfs_lookup(where(prefix, "/h1"));
	g = bootfs_lookup(where(prefix, "/sub/h2"));
	TAP_OK(file_is(f, where(prefix, "/h1"), hard_text, strlen(hard_text)) &&
		   file_is(g, where(prefix, "/sub/h2"), hard_text,
			   strlen(hard_text)) &&
		   file_is(bootfs_lookup(where(prefix, "/sub/h3")),
			   where(prefix, "/sub/h3"), hard_text,
			   strlen(hard_text)) &&
		   f->data == g->data && points_into(f, archive, archive_size),
	       "%s: all three hard links have the one copy of the data", label);
	p = where(prefix, "/");
	p = where(p, long_name);
	TAP_OK(file_is(bootfs_lookup(p), p, "long", 4),
	       "%s: a 255-byte file name", label);
}

/* ------------------------------------------------------------------ */
/* Listing */

struct listing {
	const char *prefix;
	char **paths;
	uint32_t *modes;
	size_t n;
};

static void collect(const struct bootfs_file *f, void *arg)
{
	struct listing *l = arg;
	size_t len = strlen(l->prefix);

	if (strncmp(f->path, l->prefix, len) != 0 ||
	    (f->path[len] != '\0' && f->path[len] != '/'))
		return;
	l->paths = realloc(l->paths, (l->n + 1) * sizeof(*l->paths));
	l->modes = realloc(l->modes, (l->n + 1) * sizeof(*l->modes));
	l->paths[l->n] = strdup(f->path);
	l->modes[l->n++] = f->mode;
}

static void free_listing(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	free(l->modes);
}

/* bootfs_for_each() under /newc gives exactly what `cpio -t` lists. */
static void check_listing(const char *archive_file)
{
	struct listing l = {"/newc", NULL, NULL, 0};
	char cmd[512], line[8192];
	size_t i = 0;
	bool same = true;
	FILE *p;

	bootfs_for_each(collect, &l);
	snprintf(cmd, sizeof(cmd), "cpio -it --quiet < '%s/%s'", tmpdir,
		 archive_file);
	p = popen(cmd, "r");
	if (!p)
		bail_out("popen cpio -t");
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (i >= l.n || l.paths[i][0] != '/' ||
		    strcmp(l.paths[i] + 1, line) != 0) {
			printf("# entry %zu: cpio lists '%s', bootfs '%s'\n", i,
			       line, i < l.n ? l.paths[i] : "(none)");
			same = false;
		}
		i++;
	}
	if (pclose(p) != 0)
		bail_out("cpio -t failed");
	TAP_OK(same && i == l.n && i > 30,
	       "for_each lists the %zu entries of the newc archive in archive "
	       "order",
	       i);
	free_listing(&l);
}

/* Under /bare every directory is implicit and comes before its contents. */
static void check_implicit_listing(void)
{
	struct listing l = {"/bare", NULL, NULL, 0};
	bool ok = l.n == 0;

	bootfs_for_each(collect, &l);
	ok = l.n > 30;
	for (size_t i = 0; i < l.n; i++) {
		char parent[8192];
		bool found = false;

		strcpy(parent, l.paths[i]);
		*strrchr(parent, '/') = '\0';
		if (strcmp(l.paths[i], "/bare") == 0)
			continue;
		for (size_t j = 0; j < i; j++)
			if (strcmp(l.paths[j], parent) == 0)
				found = S_ISDIR(l.modes[j]);
		if (!found) {
			printf("# %s comes before its directory\n", l.paths[i]);
			ok = false;
		}
		if (S_ISDIR(l.modes[i]) && l.modes[i] != (S_IFDIR | 0755)) {
			printf("# implicit %s has mode %o\n", l.paths[i],
			       (unsigned)l.modes[i]);
			ok = false;
		}
	}
	TAP_OK(ok, "for_each: implicit directories (mode 040755) come before "
		   "their contents");
	free_listing(&l);
}

/* ------------------------------------------------------------------ */
/* Hand-made archives */

struct builder {
	uint8_t *buf;
	size_t len;
	unsigned ino;
};

static void append(struct builder *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	b->buf = realloc(b->buf, b->len + n);
	if (!b->buf)
		bail_out("realloc");
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void pad(struct builder *b)
{
	static const uint8_t zeros[4];

	append(b, zeros, align4(b->len) - b->len);
}

static void entry(struct builder *b, const char *name, uint32_t mode,
		  const void *data, size_t size)
{
	char h[HEADER_SIZE + 16];

	snprintf(h, sizeof(h),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ++b->ino, mode, 0, 0, 1, 0, (unsigned)size, 0, 0, 0, 0,
		 (unsigned)strlen(name) + 1, 0);
	append(b, h, HEADER_SIZE);
	append(b, name, strlen(name) + 1);
	pad(b);
	append(b, data, size);
	pad(b);
}

/* The archive with its trailer, in an exactly-sized buffer. */
static uint8_t *finish(struct builder *b, size_t *size)
{
	uint8_t *a;

	entry(b, "TRAILER!!!", 0, NULL, 0);
	a = copy_of(b->buf, b->len);
	*size = b->len;
	free(b->buf);
	*b = (struct builder){0};
	return a;
}

static const char *add_built(struct builder *b)
{
	size_t size;
	uint8_t *a = finish(b, &size);
	const char *err = add_archive(a, size);

	if (err) {
		printf("# %s\n", err);
		free(a);
	}
	return err;
}

static bool content_is(const char *path, const char *text)
{
	const struct bootfs_file *f = bootfs_lookup(path);

	if (!f || f->size != strlen(text) ||
	    memcmp(f->data, text, f->size) != 0) {
		printf("# %s: %s\n", path, f ? f->path : "not found");
		return false;
	}
	return true;
}

static void test_names(void)
{
	struct builder b = {0};
	const struct bootfs_file *f;

	entry(&b, ".", S_IFDIR | 0700, NULL, 0);
	entry(&b, "./hello.so", S_IFREG | 0755, "hello", 5);
	entry(&b, "lib/x.so", S_IFREG | 0644, "x", 1);
	entry(&b, "/x", S_IFREG | 0644, "slash x", 7);
	entry(&b, "syn//a/./b/../c", S_IFREG | 0644, "c", 1);
	entry(&b, "../../up", S_IFREG | 0644, "up", 2);
	entry(&b, "syn/dir/", S_IFDIR | 0750, NULL, 0);
	entry(&b, "syn/late/file", S_IFREG | 0644, "late", 4);
	entry(&b, "syn/late", S_IFDIR | 0700, NULL, 0);
	entry(&b, "syn/twice", S_IFREG | 0644, "first", 5);
	entry(&b, "./syn/twice", S_IFREG | 0644, "second", 6);
	entry(&b, "syn/tl", S_IFLNK | 0777, "dir/../late/./", 14);
	entry(&b, "syn/tabs", S_IFLNK | 0777, "//syn//late//file//", 19);
	entry(&b, "syn/empty", S_IFLNK | 0777, NULL, 0);
	entry(&b, "syn/fifo", S_IFIFO | 0644, NULL, 0);
	TAP_OK(add_built(&b) == NULL, "hand-made archive accepted");

	f = bootfs_lookup("/");
	TAP_OK(f && f->mode == (S_IFDIR | 0700) && strcmp(f->path, "/") == 0,
	       "'.' is the root directory, with its mode");
	TAP_OK(content_is("/hello.so", "hello") &&
		   content_is("hello.so", "hello"),
	       "'./hello.so' is /hello.so");
	TAP_OK(content_is("/lib/x.so", "x") &&
		   dir_is(bootfs_lookup("/lib"), "/lib"),
	       "'lib/x.so' is /lib/x.so, /lib is implicit");
	TAP_OK(content_is("/x", "slash x"), "'/x' is /x");
	TAP_OK(content_is("/syn/a/c", "c") && bootfs_lookup("/syn/a/b") == NULL,
	       "'syn//a/./b/../c' is /syn/a/c");
	TAP_OK(content_is("/up", "up"), "'../../up' is /up");
	f = bootfs_lookup("/syn/dir");
	TAP_OK(f && f->mode == (S_IFDIR | 0750) &&
		   strcmp(f->path, "/syn/dir") == 0,
	       "'syn/dir/' is /syn/dir");
	f = bootfs_lookup("/syn/late");
	TAP_OK(f && f->mode == (S_IFDIR | 0700) &&
		   content_is("/syn/late/file", "late"),
	       "a directory entry after its contents sets the mode");
	TAP_OK(content_is("/syn/twice", "second"),
	       "the later of two entries of one path wins");
	TAP_OK(content_is("/syn/tl/file", "late") &&
		   dir_is(bootfs_lookup("/syn/tl"), "/syn/late"),
	       "a symlink target with '..', '.' and a trailing '/'");
	TAP_OK(content_is("/syn/tabs", "late"),
	       "a symlink target with '//' and a trailing '/'");
	TAP_OK(bootfs_lookup("/syn/empty") == NULL &&
		   bootfs_lookup("/syn/empty/x") == NULL,
	       "a symlink with an empty target names nothing");
	TAP_OK(bootfs_lookup("/syn/fifo") == NULL,
	       "a lookup gives only regular files and directories");
	TAP_OK(bootfs_lookup("") == NULL && bootfs_lookup(NULL) == NULL,
	       "empty and NULL paths give NULL");
	TAP_OK(dir_is(bootfs_lookup("//"), "/") &&
		   dir_is(bootfs_lookup("/.."), "/") &&
		   dir_is(bootfs_lookup("."), "/"),
	       "'//', '/..' and '.' are the root");

	entry(&b, "syn/twice", S_IFREG | 0644, "third", 5);
	entry(&b, "syn/new", S_IFREG | 0644, "new", 3);
	entry(&b, "syn/../..", S_IFREG | 0644, "no", 2);
	TAP_OK(add_built(&b) == NULL && content_is("/syn/twice", "third") &&
		   content_is("/syn/new", "new") &&
		   content_is("/syn/late/file", "late"),
	       "a later archive adds files and overrides old ones");
	TAP_OK(dir_is(bootfs_lookup("/"), "/") && content_is("/x", "slash x"),
	       "a file entry that names the root is ignored");
}

static void test_name_limit(void)
{
	struct builder b = {0};
	char name[4100], path[4200];
	size_t n = 0;
	const char *err;

	memcpy(name, "nl", 2);
	n = 2;
	while (n < 4096) {
		size_t part = 4096 - n > 201 ? 200 : 4096 - n - 1;

		name[n++] = '/';
		memset(name + n, 'n', part);
		n += part;
	}
	name[n] = '\0';
	entry(&b, name, S_IFREG | 0644, "max", 3);
	snprintf(path, sizeof(path), "/%s", name);
	TAP_OK(strlen(name) == 4096 && add_built(&b) == NULL &&
		   content_is(path, "max"),
	       "a 4096-byte name is accepted");

	name[n++] = 'n';
	name[n] = '\0';
	entry(&b, name, S_IFREG | 0644, "max", 3);
	{
		size_t size;
		uint8_t *a = finish(&b, &size);

		err = add_archive(a, size);
		TAP_OK(err &&
			   strstr(err, "name size 4098 is larger than the "
				       "limit of 4096") &&
			   strstr(err, "offset 0 "),
		       "a 4097-byte name is not: %s", err ? err : "accepted");
		if (err)
			free(a);
	}
}

/* ------------------------------------------------------------------ */
/* Malformed archives */

static uint8_t *small, *small_crc;
static size_t small_size, small_crc_size;

static const char *add_copy(const uint8_t *a, size_t size)
{
	uint8_t *c = copy_of(a, size);
	const char *err = add_archive(c, size);

	if (err)
		free(c);
	return err;
}

/* The copy of small with patch at offset off must fail saying want. */
static void expect_error(const uint8_t *a, size_t size, size_t off,
			 const char *patch, size_t len, const char *want,
			 const char *want2, const char *what)
{
	uint8_t *c = copy_of(a, size);
	const char *err;

	memcpy(c + off, patch, len);
	err = add_archive(c, size);
	TAP_OK(err && strstr(err, want) && (!want2 || strstr(err, want2)),
	       "%s: %s", what, err ? err : "accepted");
	if (err)
		free(c);
}

static void test_truncation(void)
{
	size_t trailer = find_entry(small, small_size, "TRAILER!!!");
	size_t trailer_end = trailer + HEADER_SIZE + sizeof("TRAILER!!!");
	size_t bad = 0, cut_header = 0, cut_name = 0, cut_data = 0,
	       no_trailer = 0;
	bool atomic = true;

	for (size_t len = 0; len <= small_size; len++) {
		const char *err;

		if (len == trailer_end)
			atomic = bootfs_lookup("/tr/one") == NULL;
		err = add_copy(small, len);
		if (len < trailer_end) {
			if (!err || !strstr(err, "offset ")) {
				printf("# cut at %zu: %s\n", len,
				       err ? err : "accepted");
				bad++;
				continue;
			}
			cut_header += strstr(err, "truncated header") != NULL;
			cut_name += strstr(err, "truncated name") != NULL;
			cut_data += strstr(err, "truncated data") != NULL;
			no_trailer += strstr(err, "no TRAILER!!!") != NULL;
		} else if (err) {
			printf("# cut at %zu: %s\n", len, err);
			bad++;
		}
	}
	TAP_OK(bad == 0,
	       "every cut of a %zu-byte archive before the end of its "
	       "trailer (%zu) fails, every later one works",
	       small_size, trailer_end);
	TAP_OK(cut_header && cut_name && cut_data && no_trailer,
	       "the cuts are told apart: %zu in a header, %zu in a name, %zu "
	       "in data, %zu with no trailer",
	       cut_header, cut_name, cut_data, no_trailer);
	TAP_OK(atomic, "failed archives added nothing");
	TAP_OK(content_is("/tr/one", "one\n"), "the archive cut after its "
					       "trailer is read");
}

static void test_corruption(void)
{
	size_t second = next_header(small, 0);
	size_t one = find_entry(small, small_size, "tr/one");
	size_t one_crc = find_entry(small_crc, small_crc_size, "tr/one");
	size_t trailer = find_entry(small, small_size, "TRAILER!!!");
	size_t namesize = field(small, NAMESIZE);
	char want[64], big[16];
	uint8_t *c;
	const char *err;

	expect_error(small, small_size, 5, "9", 1, "bad magic", "offset 0 ",
		     "a flipped magic number");
	snprintf(want, sizeof(want), "offset %zu ", second);
	expect_error(small, small_size, second, "07071", 5, "bad magic", want,
		     "a bad magic number in the second header");
	expect_error(small, small_size, 0, "070707", 6, "odc", NULL,
		     "an odc archive");
	expect_error(small, small_size, 0, "\xc7\x71", 2, "old binary", NULL,
		     "an old binary archive");
	expect_error(small, small_size, 6 + 8 * FILESIZE + 3, "g", 1,
		     "non-hex digit 'g' in the filesize field", "offset 57)",
		     "a non-hex file size");
	expect_error(small, small_size, 6 + 8 * NAMESIZE, "\x01", 1,
		     "non-hex byte 0x01 in the namesize field", NULL,
		     "a control byte in the name size");
	expect_error(small, small_size, 6 + 8 * NAMESIZE, "FFFFFFFF", 8,
		     "name size 4294967295 is larger than the limit", NULL,
		     "a huge name size");
	expect_error(small, small_size, 6 + 8 * NAMESIZE, "00000000", 8,
		     "name size is 0", NULL, "a name size of 0");
	c = copy_of(small, small_size);
	memcpy(c + 6 + 8 * NAMESIZE, "00000001", 8);
	c[HEADER_SIZE] = '\0';
	err = add_archive(c, small_size);
	TAP_OK(err && strstr(err, "empty name"), "an empty name: %s",
	       err ? err : "accepted");
	if (err)
		free(c);
	snprintf(big, sizeof(big), "%08zX", small_size - HEADER_SIZE + 1);
	expect_error(small, small_size, 6 + 8 * NAMESIZE, big, 8,
		     "truncated name", NULL,
		     "a name size past the end of the archive");
	expect_error(small, small_size, HEADER_SIZE + namesize - 1, "X", 1,
		     "does not end with a NUL", NULL, "a name without its NUL");
	expect_error(small, small_size, HEADER_SIZE + 1, "", 1,
		     "has a NUL byte before its end", NULL,
		     "a NUL inside a name");
	expect_error(small, small_size, one + 6 + 8 * FILESIZE, "FFFFFFFF", 8,
		     "truncated data of 'tr/one': file size 4294967295", NULL,
		     "a huge file size");
	/* A padded initrd whose trailer went missing. */
	c = copy_of(small, small_size);
	memset(c + trailer, 0, small_size - trailer);
	err = add_archive(c, small_size);
	snprintf(want, sizeof(want), "offset %zu ", trailer);
	TAP_OK(err && strstr(err, want) &&
		   strstr(err, "zero bytes instead of a header: no TRAILER!!!"),
	       "zeros where the trailer should be: %s", err ? err : "accepted");
	if (err)
		free(c);
	{
		size_t size = trailer + 30;

		c = calloc(size, 1);
		memcpy(c, small, trailer);
		err = add_archive(c, size);
		TAP_OK(err && strstr(err, "zero bytes instead of a header"),
		       "the trailer and part of its header zeroed: %s",
		       err ? err : "accepted");
		if (err)
			free(c);
	}
	err = add_copy(small, trailer);
	TAP_OK(err && strstr(err, "no TRAILER!!! entry (truncated archive?)"),
	       "an archive that ends cleanly without a trailer: %s",
	       err ? err : "accepted");

	c = copy_of(small_crc, small_crc_size);
	c[data_offset(small_crc, one_crc)] ^= 0x20;
	err = add_archive(c, small_crc_size);
	TAP_OK(err && strstr(err, "checksum mismatch for 'tr/one'"),
	       "crc: a changed data byte: %s", err ? err : "accepted");
	if (err)
		free(c);
	expect_error(small_crc, small_crc_size, one_crc + 6 + 8 * CHECK + 7,
		     field(small_crc + one_crc, CHECK) & 1 ? "0" : "1", 1,
		     "checksum mismatch for 'tr/one'", NULL,
		     "crc: a changed check field");
	TAP_OK(add_copy(small_crc, small_crc_size) == NULL,
	       "crc: the intact archive is accepted");

	/* Anything may follow the trailer: a padded initrd. */
	c = malloc(small_size + 1000);
	memcpy(c, small, small_size);
	memset(c + small_size, 0xa5, 1000);
	err = add_archive(c, small_size + 1000);
	TAP_OK(err == NULL, "garbage after the trailer is ignored");
	if (err)
		free(c);
}

/* ------------------------------------------------------------------ */
/* initrd fill: entries straight from an archive not yet in the tree */

struct entries {
	char text[512];
	const uint8_t *data; /* of /ent/sub/f */
};

static void note_entry(const struct bootfs_file *f, void *arg)
{
	struct entries *e = arg;
	size_t n = strlen(e->text);

	snprintf(e->text + n, sizeof(e->text) - n, "%s%s %o", n ? ";" : "",
		 f->path, (unsigned)f->mode);
	if (strcmp(f->path, "/ent/sub/f") == 0 && f->size == 3)
		e->data = f->data;
}

/* Must run first: no tree exists yet. */
static void test_entries(void)
{
	struct entries e = {"", NULL};
	char dir[512];
	uint8_t *a;
	size_t size;
	const struct bootfs_file *f;
	char want[128];

	sh("mkdir -p '%s/e/ent/sub' && printf abc > '%s/e/ent/sub/f' && "
	   "chmod 755 '%s/e/ent' '%s/e/ent/sub' && chmod 644 '%s/e/ent/sub/f'",
	   tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
	/* names ".", "./ent", "./ent/sub", "./ent/sub/f" */
	snprintf(dir, sizeof(dir), "%s/e", tmpdir);
	a = make_archive(dir, ".", "newc", "ent.cpio", &size);
	TAP_OK(add_archive(a, size) == NULL, "entries: archive accepted");
	TAP_OK(bootfs_for_each_entry(note_entry, &e),
	       "entries: listed straight from an archive without links");
	snprintf(want, sizeof(want), "/ent %o;/ent/sub %o;/ent/sub/f %o",
		 040755u, 040755u, 0100644u);
	TAP_OK(strcmp(e.text, want) == 0,
	       "entries: normalised paths, the root left out, archive "
	       "order: %s",
	       e.text);
	TAP_OK(e.data && memcmp(e.data, "abc", 3) == 0 && e.data > a &&
		   e.data < a + size,
	       "entries: a file's bytes in place in the archive");
	f = bootfs_lookup("/ent/sub/f");
	TAP_OK(f && f->data == e.data,
	       "entries: the first lookup reads the archive into the tree");
	e.text[0] = '\0';
	TAP_OK(!bootfs_for_each_entry(note_entry, &e) && !e.text[0],
	       "entries: none listed once the tree exists");
}

/* ------------------------------------------------------------------ */
/* Running out of heap while the archive is read into the tree */

/*
 * bootfs's allocations come here first (-Wl,--wrap, tests/host/local.mk):
 * fail_in counts down the allocations that succeed; from the one it
 * reaches 0 at, every allocation fails, as when the heap has run out.
 * -1: none fails.
 */
static long fail_in = -1;
void *__real_heap_alloc(size_t size);
void *__real_heap_calloc(size_t n, size_t size);
void *__wrap_heap_alloc(size_t size);
void *__wrap_heap_calloc(size_t n, size_t size);

static bool out_of_heap(void)
{
	if (fail_in > 0)
		fail_in--;
	return fail_in == 0;
}

void *__wrap_heap_alloc(size_t size)
{
	return out_of_heap() ? NULL : __real_heap_alloc(size);
}

void *__wrap_heap_calloc(size_t n, size_t size)
{
	return out_of_heap() ? NULL : __real_heap_calloc(n, size);
}

static void count_node(const struct bootfs_file *f, void *arg)
{
	(void)f;
	++*(size_t *)arg;
}

/*
 * An archive without hard links waits unread until the first lookup; the
 * heap running out at each allocation of that read in turn must leave a
 * shut tree (nothing found, nothing listed) and a message naming the
 * entry, never a tree short of entries.
 */
static void test_out_of_memory(void)
{
	enum { FILES = 12, NODES = 1 + 3 + FILES }; /* "/", 3 dirs, files */
	uint8_t *a;
	size_t size, listed = 0;
	long n;
	int shut = 0, partial = 0, named = 0;
	const struct bootfs_file *f = NULL;
	const char *err = NULL;

	sh("mkdir -p '%s/oom/d1/d2' && for i in $(seq %d); do "
	   "printf x > '%s/oom/d1/d2/f'$i; done",
	   tmpdir, FILES, tmpdir);
	a = make_archive(tmpdir, "oom", "newc", "oom.cpio", &size);
	for (n = 1; n < 1000; n++) {
		bootfs_clear();
		if (add_archive(copy_of(a, size), size))
			bail_out("the out-of-memory archive was refused");
		fail_in = n;
		f = bootfs_lookup("/oom/d1/d2/f1");
		fail_in = -1;
		err = bootfs_error();
		listed = 0;
		bootfs_for_each(count_node, &listed);
		if (!err)
			break;
		shut++;
		if (f || listed) {
			partial++;
			printf("# allocation %ld failed: found %s, %zu listed "
			       "(%s)\n",
			       n, f ? "f1" : "nothing", listed, err);
		}
		if (strstr(err, "out of memory: cannot add /oom"))
			named++;
	}
	TAP_OK(shut > 0 && !err && f && listed == NODES,
	       "out of memory: the read fails at each of its first %d "
	       "allocations, then succeeds whole (%zu of %d nodes)",
	       shut, listed, NODES);
	TAP_OK(partial == 0,
	       "out of memory: a failed read leaves no tree short of "
	       "entries (%d of %d did)",
	       partial, shut);
	TAP_OK(named > FILES,
	       "out of memory: the message names the entry not added "
	       "(%d of %d failures)",
	       named, shut);
	bootfs_clear();
	TAP_OK(!bootfs_error() && !bootfs_lookup("/oom"),
	       "out of memory: bootfs_clear() forgets the failure");
	free(a);
}

/* ------------------------------------------------------------------ */

int main(void)
{
	char dir[512];
	uint8_t *newc, *crc, *bare;
	size_t newc_size, crc_size, bare_size;
	const char *err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (system("cpio --version > /dev/null 2>&1") != 0)
		bail_out("GNU cpio is needed to build the test archives "
			 "(install the cpio package)");
	if (!mkdtemp(tmpdir))
		bail_out("mkdtemp");
	atexit(remove_tmpdir);
	map_arena();
	memset(long_name, 'L', 255);

	TAP_OK(bootfs_lookup("/") == NULL, "an empty bootfs has no root");
	test_entries(); /* initrd fill */

	snprintf(dir, sizeof(dir), "%s/newc", tmpdir);
	make_tree(dir, "/newc");
	newc = make_archive(tmpdir, "newc", "newc", "newc.cpio", &newc_size);
	TAP_OK(count_empty_links(newc, newc_size) == 2,
	       "precondition: cpio wrote two hard links without data");
	err = add_archive(newc, newc_size);
	TAP_OK(err == NULL, "newc archive (%zu bytes) accepted%s%s", newc_size,
	       err ? ": " : "", err ? err : "");
	check_tree("newc", "/newc", newc, newc_size, false);
	check_listing("newc.cpio");

	snprintf(dir, sizeof(dir), "%s/crc", tmpdir);
	make_tree(dir, "");
	crc = make_archive(dir, ".", "crc", "crc.cpio", &crc_size);
	err = add_archive(crc, crc_size);
	TAP_OK(err == NULL, "crc archive with './' names accepted%s%s",
	       err ? ": " : "", err ? err : "");
	check_tree("crc", "", crc, crc_size, false);

	snprintf(dir, sizeof(dir), "%s/bare", tmpdir);
	make_tree(dir, "/bare");
	bare = make_archive(tmpdir, "bare ! -type d", "newc", "bare.cpio",
			    &bare_size);
	err = add_archive(bare, bare_size);
	TAP_OK(err == NULL, "newc archive without directories accepted%s%s",
	       err ? ": " : "", err ? err : "");
	check_tree("bare", "/bare", bare, bare_size, true);
	check_implicit_listing();
	/* Everything from before is still there. */
	check_tree("newc again", "/newc", newc, newc_size, false);

	test_names();
	test_name_limit();

	snprintf(dir, sizeof(dir), "%s/tr", tmpdir);
	sh("mkdir -p '%s/sub' && printf 'one\\n' > '%s/one' && "
	   "printf 'two' > '%s/sub/two' && ln -s sub/two '%s/link'",
	   dir, dir, dir, dir);
	small = make_archive(tmpdir, "tr", "newc", "small.cpio", &small_size);
	small_crc = make_archive(tmpdir, "tr", "crc", "small_crc.cpio",
				 &small_crc_size);
	test_truncation();
	test_corruption();

	test_out_of_memory();

	TAP_OK(corruption_reports == 0 && heap_check() && page_alloc_check(),
	       "the kernel heap is intact");
	for (size_t i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
	free(small);
	free(small_crc);
	return tap_done();
}
