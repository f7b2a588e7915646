/*
 * rofs on the host (rofs/), TAP output:
 *
 * 1. Round trip: a generated tree of 1,000 regular files (many small,
 *    a few of up to 4 MiB, sizes around the block size), nested
 *    directories, relative, absolute and dangling symbolic links, hard
 *    links, a 255-byte name, set-uid and sticky modes and nanosecond
 *    times goes through osv-mkimage; the reader then finds every host
 *    path, with the same type, mode, owner, times, size, link target,
 *    and the same SHA-256 of the data (aligned, zero-padded); nothing
 *    more is in the image; missing names, ".", ".." and over-long
 *    names give the right answers.
 * 2. osv-mkimage's errors: special files, a missing tree, an unwritable
 *    output; no IMAGE.tmp left behind.
 * 3. Every truncation of a small image, and targeted and random
 *    corruptions of it (with the checksums fixed up so that the
 *    structural checks are reached) fail cleanly with a message naming
 *    the structure and its offset; corruptions the reader accepts are
 *    walked completely.  Every buffer the reader sees is malloc'ed to
 *    its exact size, so the sanitizers catch any read past it.
 *
 * osv-mkimage is $top_builddir/rofs/osv-mkimage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rofs_host.h"
#include "rofs_sha256.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_rofs.XXXXXX";
static char mkimage[4096];
static uint64_t rng = 0x9e3779b97f4a7c15;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static _Noreturn void bail_out(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(1);
}

static void remove_tmpdir(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
}

static char *path_of(const char *fmt, ...)
{
	static char buf[8][4096];
	static int turn;
	char *p = buf[turn++ % 8];
	va_list ap;

	int n = snprintf(p, 4096, "%s/", tmpdir);
	va_start(ap, fmt);
	vsnprintf(p + n, 4096 - (size_t)n, fmt, ap);
	va_end(ap);
	return p;
}

/* Runs a shell command; its exit status. */
static int run(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

/* ---- the generated tree ------------------------------------------ */

#define NFILES 1000
#define NDIRS 60
#define MiB (1u << 20)

static char dirs[NDIRS][256];

static void write_file(const char *path, size_t size, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	static char buf[64 * 1024];

	if (fd < 0)
		bail_out(path);
	while (size) {
		size_t n = size < sizeof(buf) ? size : sizeof(buf);
		for (size_t i = 0; i < n; i += 8) {
			uint64_t r = rnd();
			memcpy(buf + i, &r, n - i < 8 ? n - i : 8);
		}
		if (write(fd, buf, n) != (ssize_t)n)
			bail_out(path);
		size -= n;
	}
	if (fchmod(fd, mode) || close(fd))
		bail_out(path);
}

static void set_times(const char *path)
{
	struct timespec t[2] = {
	    {.tv_sec = (time_t)(rnd() % 2000000000),
	     .tv_nsec = rnd() % 1000000000},
	    {.tv_sec = (time_t)(rnd() % 2000000000),
	     .tv_nsec = rnd() % 1000000000},
	};
	if (utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW))
		bail_out(path);
}

static size_t small_size(void)
{
	static const size_t edges[] = {0, 1, 4095, 4096, 4097, 8191, 8192};
	uint64_t r = rnd() % 100;

	if (r < 14)
		return edges[r % 7];
	return rnd() % 12000;
}

static void make_tree(const char *root)
{
	static const size_t large[] = {4 * MiB, 4 * MiB - 1, 0, 0};
	static const mode_t modes[] = {0644,  0600,  0755, 0444,
				       04755, 02711, 0640, 0700};

	if (mkdir(root, 0755))
		bail_out(root);
	strcpy(dirs[0], "");
	for (int i = 1; i < NDIRS; i++) {
		/* a parent among the directories made so far: depth grows */
		int parent = (int)(rnd() % (uint64_t)i);
		snprintf(dirs[i], sizeof(dirs[i]), "%s/d%02d", dirs[parent], i);
		char *p = path_of("tree%s", dirs[i]);
		if (mkdir(p, i == 7 ? 01777 : 0755))
			bail_out(p);
	}
	for (int i = 0; i < NFILES; i++) {
		const char *d = dirs[rnd() % NDIRS];
		size_t size =
		    i < 4 ? (large[i] ? large[i] : 1 + rnd() % (4 * MiB))
			  : small_size();
		char *p = path_of("tree%s/f%04d", d, i);
		write_file(p, size, modes[rnd() % 8]);
		set_times(p);
	}
	char name[256];
	memset(name, 'n', 255);
	name[255] = '\0';
	write_file(path_of("tree/%s", name), 17, 0644);
	if (mkdir(path_of("tree/empty"), 0750))
		bail_out("empty");
	static const char *links[][2] = {
	    {"tree/l-rel", "d01/../f0001"},
	    {"tree/l-abs", "/etc/passwd"},
	    {"tree/l-dangling", "nowhere/at/all"},
	    {"tree/d01/l-dir", ".."},
	    {"tree/l-dot", "."},
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		char *p = path_of("%s", links[i][0]);
		if (symlink(links[i][1], p))
			bail_out(p);
		set_times(p);
	}
	for (int i = 0; i < 20; i++) {
		char *p = path_of("tree%s/s%02d", dirs[rnd() % NDIRS], i);
		char target[64];
		snprintf(target, sizeof(target), "target-%d-%.*s", i, i,
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		if (symlink(target, p))
			bail_out(p);
	}
	/* f0010 gets two more names (wherever it is, find it by shell) */
	if (run("cd '%s/tree' && f=$(find . -name f0010) && ln \"$f\" h1 && "
		"ln \"$f\" d01/h2",
		tmpdir))
		bail_out("hard links");
	for (int i = NDIRS - 1; i >= 0; i--)
		set_times(path_of("tree%s", dirs[i]));
}

/* ---- round trip -------------------------------------------------- */

static struct rofs_image img;
static int nft_checked, nft_bad, nft_count;
static size_t root_len;

static bool same_time(int64_t ns, struct timespec t)
{
	return ns == (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static const char *host_sha(const char *path, size_t size)
{
	static char hex[65];
	static char buf[64 * 1024];
	struct sha256 c;
	int fd = open(path, O_RDONLY);

	sha256_init(&c);
	if (fd < 0)
		return "unreadable";
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		sha256_update(&c, buf, (size_t)n);
		size -= (size_t)n;
	}
	close(fd);
	sha256_hex(&c, hex);
	return size ? "size changed" : hex;
}

static bool check_file_data(uint32_t ino, const char *host)
{
	size_t len;
	const unsigned char *p = rofs_image_data(&img, ino, &len);
	struct rofs_inode in;
	struct sha256 c;
	char hex[65];

	rofs_inode(&img.fs, ino, &in);
	if (len &&
	    (in.where % ROFS_BLOCK_SIZE || in.where < img.fs.data_offset))
		return false;
	for (size_t i = len; i % ROFS_BLOCK_SIZE; i++)
		if (p[i])
			return false; /* the padding of the last block */
	sha256_init(&c);
	sha256_update(&c, p, len);
	sha256_hex(&c, hex);
	return !strcmp(hex, host_sha(host, len));
}

static const char *compare(const char *path, const struct stat *st)
{
	const char *rel = path + root_len;
	struct rofs_inode in;
	uint32_t ino;
	int rc = rofs_lookup_path(&img.fs, *rel ? rel : "/", &ino);

	if (rc)
		return "not found";
	rofs_inode(&img.fs, ino, &in);
	if (in.mode != (st->st_mode & (ROFS_S_IFMT | ROFS_S_PERM)))
		return "mode";
	if (in.uid != st->st_uid || in.gid != st->st_gid)
		return "owner";
	/* not atime: reading the files (as osv-mkimage did) may change it */
	if (!same_time(in.mtime_ns, st->st_mtim) ||
	    !same_time(in.ctime_ns, st->st_ctim))
		return "times";
	if (S_ISDIR(st->st_mode))
		return NULL;
	if (in.nlink != st->st_nlink)
		return "link count";
	if (S_ISLNK(st->st_mode)) {
		char target[4096];
		size_t len;
		const char *t = rofs_link_target(&img.fs, ino, &len);
		ssize_t n = readlink(path, target, sizeof(target));
		return n == (ssize_t)len && !memcmp(t, target, len)
			   ? NULL
			   : "link target";
	}
	if (in.size != (uint64_t)st->st_size)
		return "size";
	return check_file_data(ino, path) ? NULL : "data (SHA-256)";
}

static int nft_compare(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	(void)flag, (void)ftw;
	const char *why = compare(path, st);

	nft_count++;
	if (why) {
		if (nft_bad++ < 10)
			printf("# %s: %s differs\n", path + root_len, why);
	} else {
		nft_checked++;
	}
	return 0;
}

static uint32_t count_reachable(uint32_t dir)
{
	struct rofs_inode in;
	uint32_t n = 0;

	rofs_inode(&img.fs, dir, &in);
	for (uint64_t i = 0; i < in.size; i++) {
		struct rofs_entry e;
		rofs_dirent_at(&img.fs, dir, i, &e);
		n++;
		if (e.type == ROFS_DT_DIR)
			n += count_reachable(e.ino);
	}
	return n;
}

static void test_lookups(void)
{
	uint32_t ino, d01, f;
	char longname[300];

	TAP_OK(rofs_lookup_path(&img.fs, "/d01", &d01) == 0 &&
		   rofs_is_dir(&img.fs, d01),
	       "lookup: /d01 is a directory");
	TAP_OK(rofs_lookup(&img.fs, d01, ".", 1, &ino) == 0 && ino == d01 &&
		   rofs_lookup(&img.fs, d01, "..", 2, &ino) == 0 &&
		   ino == ROFS_ROOT_INO &&
		   rofs_lookup(&img.fs, ROFS_ROOT_INO, "..", 2, &ino) == 0 &&
		   ino == ROFS_ROOT_INO,
	       "lookup: '.' and '..', the root its own parent");
	static const char *missing[] = {"",	"!", "0",    "d00",    "d01x",
					"zzzz", "f", "l-re", "l-rel0", "\xff"};
	int bad = 0;
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		bad += rofs_lookup(&img.fs, ROFS_ROOT_INO, missing[i],
				   strlen(missing[i]), &ino) != -ENOENT;
	TAP_OK(bad == 0, "lookup: names before, between and after the "
			 "entries are ENOENT");
	TAP_OK(rofs_lookup_path(&img.fs, "/h1", &f) == 0 &&
		   rofs_lookup(&img.fs, f, "x", 1, &ino) == -ENOTDIR &&
		   rofs_lookup_path(&img.fs, "/h1/", &ino) == -ENOTDIR,
	       "lookup: below a file is ENOTDIR");
	memset(longname, 'n', sizeof(longname));
	TAP_OK(rofs_lookup(&img.fs, ROFS_ROOT_INO, longname, 255, &ino) == 0 &&
		   rofs_lookup(&img.fs, ROFS_ROOT_INO, longname, 256, &ino) ==
		       -ENAMETOOLONG,
	       "lookup: a 255-byte name is found, 256 bytes ENAMETOOLONG");
	TAP_OK(rofs_lookup_path(&img.fs, "//d01/./../d01//", &ino) == 0 &&
		   ino == d01,
	       "lookup: repeated slashes, '.' and '..' in a path");
}

static void test_round_trip(void)
{
	char *root = strdup(path_of("tree")),
	     *image = strdup(path_of("tree.img"));

	make_tree(root);
	int rc = run("'%s' --fs=rofs --no-mount-points '%s' -o '%s'", mkimage,
		     root, image);
	TAP_OK(rc == 0, "osv-mkimage builds the 1,000-file tree (status %d)",
	       rc);
	if (rc || rofs_image_open(&img, image)) {
		TAP_OK(0, "the image opens");
		free(root);
		free(image);
		return;
	}
	TAP_OK(1, "the image opens: %u inodes, %u entries, %llu bytes",
	       img.fs.inode_count, img.fs.dirent_count,
	       (unsigned long long)img.fs.image_size);
	root_len = strlen(root);
	nftw(root, nft_compare, 32, FTW_PHYS);
	TAP_OK(nft_bad == 0 && nft_checked > NFILES + NDIRS,
	       "every host path is in the image with the same type, mode, "
	       "owner, times, size, link target and SHA-256 (%d checked, %d "
	       "differ)",
	       nft_checked, nft_bad);
	uint32_t reachable = count_reachable(ROFS_ROOT_INO) + 1;
	TAP_OK(reachable == (uint32_t)nft_count,
	       "nothing else: %u names in the image, %d on the host", reachable,
	       nft_count);
	TAP_OK(img.fs.inode_count == (uint32_t)nft_count - 2,
	       "hard links share one inode (%u inodes for %d names)",
	       img.fs.inode_count, nft_count);
	TAP_OK(rofs_image_verify(&img) == 0, "every file's checksum verifies");
	test_lookups();
	rofs_image_close(&img);
	rc = run("'%s' --extract '%s' '%s' && diff -r --no-dereference '%s' "
		 "'%s'",
		 mkimage, image, path_of("extracted"), root,
		 path_of("extracted"));
	TAP_OK(rc == 0, "--extract gives the same tree (diff -r)");
	rc = run(
	    "cd '%s' && find tree -printf '%%P %%y %%m %%n %%T@ %%l\\n' | "
	    "sort >a && find extracted -printf '%%P %%y %%m %%n %%T@ %%l\\n' | "
	    "sort >b && cmp -s a b",
	    tmpdir);
	TAP_OK(rc == 0, "--extract: the same modes, link counts and times");
	run("rm -rf '%s' '%s'", root, path_of("extracted"));
	free(root);
	free(image);
}

/* ---- osv-mkimage's errors ------------------------------------------ */

static void test_tool_errors(void)
{
	char *t = strdup(path_of("errs")), *out = strdup(path_of("errs.out"));
	int rc;

	if (mkdir(t, 0755) || mkdir(path_of("errs/sub"), 0755) ||
	    mkfifo(path_of("errs/sub/fifo"), 0644))
		bail_out("errs");
	write_file(path_of("errs/file"), 10, 0644);
	rc = run("'%s' '%s' -o '%s/e.img' 2>'%s'", mkimage, t, tmpdir, out);
	TAP_OK(rc == 1 &&
		   !run("grep -q 'errs/sub/fifo: a FIFO, which rofs "
			"cannot hold' '%s'",
			out) &&
		   access(path_of("e.img"), F_OK) &&
		   access(path_of("e.img.tmp"), F_OK),
	       "a FIFO fails the build, naming it; no image is left");
	rc = run("'%s' --skip-special --no-mount-points '%s' -o '%s/e.img' "
		 "2>'%s' && '%s' --list '%s/e.img' | grep -c . | grep -qx 3",
		 mkimage, t, tmpdir, out, mkimage, tmpdir);
	TAP_OK(
	    rc == 0 &&
		!run("grep -q 'warning: .*fifo: a FIFO, left out' '%s'", out),
	    "--skip-special leaves it out with a warning");
	rc = run("'%s' '%s/none' -o '%s/e.img' 2>'%s'", mkimage, tmpdir, tmpdir,
		 out);
	TAP_OK(rc == 1 && !run("grep -q 'none: No such file' '%s'", out),
	       "a missing tree is an error");
	rc = run("'%s' --skip-special '%s' -o '%s/no/dir/e.img' 2>'%s'",
		 mkimage, t, tmpdir, out);
	TAP_OK(rc == 1 && !run("grep -q 'e.img.tmp: No such file' '%s'", out),
	       "an unwritable output is an error");
	rc = run("'%s' --skip-special '%s' -o '%s/mp.img' 2>/dev/null && "
		 "'%s' --list '%s/mp.img' | cut -d' ' -f1,2,8 | tr '\n' ' ' | "
		 "grep -qx 'd 0755 / d 0755 /dev - 0644 /file d 0555 /proc "
		 "d 0755 /sub d 1777 /tmp '",
		 mkimage, t, tmpdir, mkimage, tmpdir);
	TAP_OK(rc == 0, "empty dev, proc and tmp directories are added by "
			"default");
	rc = run("'%s' '%s' 2>/dev/null", mkimage, t);
	TAP_OK(rc == 2, "no -o is a usage error (status %d)", rc);
	rc = run("'%s' --fs=ext4 '%s' -o x 2>/dev/null", mkimage, t);
	TAP_OK(rc == 2, "an unknown --fs is a usage error");
	if (geteuid() == 0) {
		printf("ok %d - # SKIP unreadable files: running as root\n",
		       ++tap_count);
	} else {
		chmod(path_of("errs/file"), 0);
		rc = run("'%s' --skip-special '%s' -o '%s/e.img' 2>'%s'",
			 mkimage, t, tmpdir, out);
		TAP_OK(rc == 1 && !run("grep -q 'errs/file: Permission denied' "
				       "'%s'",
				       out),
		       "an unreadable file fails the build, naming it");
	}
	free(t);
	free(out);
}

/* ---- truncation and corruption ------------------------------------- */

static unsigned char *small;
static size_t small_size_bytes;

static void fix_crcs(unsigned char *buf, size_t len)
{
	struct rofs_super s;

	if (len < ROFS_SUPER_SIZE)
		return;
	memcpy(&s, buf, sizeof(s));
	if (s.meta_size <= len - ROFS_SUPER_SIZE)
		s.meta_crc = rofs_crc32c(0, buf + ROFS_SUPER_SIZE, s.meta_size);
	memcpy(buf, &s, sizeof(s));
	s.super_crc = rofs_crc32c(0, buf, ROFS_SUPER_CRC_OFFSET);
	memcpy(buf + ROFS_SUPER_CRC_OFFSET, &s.super_crc, 4);
}

/* Everything a mounted filesystem may be asked, for an accepted image. */
static void walk_everything(const struct rofs *fs)
{
	for (uint32_t ino = 0; ino < fs->inode_count; ino++) {
		struct rofs_inode in;
		rofs_inode(fs, ino, &in);
		if (rofs_type(fs, ino) == ROFS_S_IFLNK) {
			size_t len;
			volatile char c = *rofs_link_target(fs, ino, &len);
			(void)c;
		}
		if (!rofs_is_dir(fs, ino))
			continue;
		for (uint64_t i = 0; i < in.size; i++) {
			struct rofs_entry e;
			uint32_t found;
			rofs_dirent_at(fs, ino, i, &e);
			if (rofs_lookup(fs, ino, e.name, e.name_len, &found) ||
			    found != e.ino)
				printf("# lookup of entry %llu of inode %u "
				       "failed\n",
				       (unsigned long long)i, ino);
		}
	}
}

/*
 * Mounts the image in buf[0, len) as the kernel does: superblock, then
 * the metadata copied into its own exact buffer.
 */
static int mount_copy(const unsigned char *buf, size_t len,
		      struct rofs_error *err, bool walk)
{
	struct rofs fs;
	int rc = rofs_check_super(&fs, buf, len, len, err);

	if (rc)
		return rc;
	unsigned char *meta = malloc(fs.meta_size ? fs.meta_size : 1);
	memcpy(meta, buf + fs.meta_offset, fs.meta_size);
	rc = rofs_check_meta(&fs, meta, err);
	if (!rc && walk)
		walk_everything(&fs);
	free(meta);
	return rc;
}

static void make_small(void)
{
	char *t = strdup(path_of("small"));

	if (mkdir(t, 0755) || mkdir(path_of("small/a"), 0755) ||
	    mkdir(path_of("small/a/b"), 0700) ||
	    mkdir(path_of("small/c"), 0755) ||
	    symlink("../c", path_of("small/a/up")) ||
	    symlink("/x", path_of("small/z")))
		bail_out("small");
	write_file(path_of("small/a/b/f"), 5000, 0644);
	write_file(path_of("small/c/e"), 0, 0600);
	write_file(path_of("small/c/g"), 10, 0755);
	if (run("'%s' --no-mount-points '%s' -o '%s'", mkimage, t,
		path_of("small.img")))
		bail_out("small image");
	free(t);
	FILE *f = fopen(path_of("small.img"), "rb");
	small = malloc(1 << 20);
	small_size_bytes = fread(small, 1, 1 << 20, f);
	fclose(f);
}

static void test_truncation(void)
{
	struct rofs_error err;
	int bad = 0;

	for (size_t len = 0; len < small_size_bytes; len++) {
		unsigned char *buf = malloc(len ? len : 1);
		memcpy(buf, small, len);
		err.msg[0] = '\0';
		int rc = mount_copy(buf, len, &err, true);
		if (rc != -EUCLEAN || !strstr(err.msg, "offset")) {
			if (bad++ < 5)
				printf("# length %zu: %d %s\n", len, rc,
				       err.msg);
		}
		free(buf);
	}
	TAP_OK(bad == 0,
	       "each of the %zu truncations fails with EUCLEAN and a message",
	       small_size_bytes);
	TAP_OK(mount_copy(small, small_size_bytes, &err, true) == 0,
	       "the whole image mounts");
}

/* A corruption of the small image at byte off, checksums fixed or not. */
static int corrupt(size_t off, const void *bytes, size_t n, bool fix,
		   struct rofs_error *err)
{
	unsigned char *buf = malloc(small_size_bytes);

	memcpy(buf, small, small_size_bytes);
	memcpy(buf + off, bytes, n);
	if (fix)
		fix_crcs(buf, small_size_bytes);
	err->msg[0] = '\0';
	int rc = mount_copy(buf, small_size_bytes, err, true);
	free(buf);
	return rc;
}

static void expect(int rc, int want, const struct rofs_error *err,
		   const char *words, const char *what)
{
	bool ok = rc == want && strstr(err->msg, words);

	TAP_OK(ok, "%s: %s", what, err->msg);
	if (!ok)
		printf("# got %d, wanted %d and '%s'\n", rc, want, words);
}

static uint64_t inode_off(uint32_t ino, size_t field)
{
	return ROFS_SUPER_SIZE + (uint64_t)ino * ROFS_INODE_SIZE + field;
}

static uint64_t dirent_off(uint32_t i, size_t field)
{
	struct rofs_super s;

	memcpy(&s, small, sizeof(s));
	return ROFS_SUPER_SIZE + (uint64_t)s.inode_count * ROFS_INODE_SIZE +
	       (uint64_t)i * ROFS_DIRENT_SIZE + field;
}

#define FIELD(type, f) __builtin_offsetof(struct type, f)

static void test_corruptions(void)
{
	struct rofs_error err;
	uint32_t v32;
	uint64_t v64;
	uint8_t v8;

	/* small: inodes 0 /, 1 a, 2 c, 3 z, 4 a/b, 5 a/up, 6 c/e, 7 c/g,
	 * 8 a/b/f; entries: / [a c z], a [b up], c [e g], b [f] */
	expect(corrupt(0, "X", 1, false, &err), -EINVAL, &err, "bad magic",
	       "a bad magic");
	v32 = 2;
	expect(corrupt(8, &v32, 4, false, &err), -EOPNOTSUPP, &err,
	       "version 2 at offset 8", "version 2");
	expect(corrupt(60, "\x07", 1, false, &err), -EUCLEAN, &err,
	       "superblock: checksum", "the superblock's checksum");
	expect(corrupt(inode_off(3, 4), "\x07", 1, false, &err), -EUCLEAN, &err,
	       "metadata at offset 0x80", "the metadata's checksum");
	v32 = 1;
	expect(corrupt(20, &v32, 4, true, &err), -EOPNOTSUPP, &err,
	       "unknown flags", "unknown flags");
	v64 = small_size_bytes + 4096;
	expect(corrupt(24, &v64, 8, true, &err), -EUCLEAN, &err,
	       "device has only", "an image larger than its device");
	v32 = 1;
	expect(corrupt(60, &v32, 4, true, &err), -EUCLEAN, &err, "tables take",
	       "a metadata size that disagrees with the tables");
	expect(corrupt(80, "\x01", 1, true, &err), -EUCLEAN, &err,
	       "reserved bytes at offset 72", "reserved superblock bytes");
	v64 = ROFS_SUPER_SIZE;
	expect(corrupt(48, &v64, 8, true, &err), -EUCLEAN, &err, "data offset",
	       "data overlapping the metadata");
	v64 = 4096 + 1;
	expect(corrupt(inode_off(8, FIELD(rofs_inode, where)), &v64, 8, true,
		       &err),
	       -EUCLEAN, &err, "inode 8 (offset 0x280): data at 0x1001",
	       "a misaligned file extent");
	v64 = 1 << 20;
	expect(
	    corrupt(inode_off(8, FIELD(rofs_inode, size)), &v64, 8, true, &err),
	    -EUCLEAN, &err, "inode 8", "a file extent past the image");
	v32 = 0010644;
	expect(corrupt(inode_off(7, 0), &v32, 4, true, &err), -EUCLEAN, &err,
	       "inode 7 (offset 0x240): unknown type", "a FIFO inode");
	v64 = 0;
	expect(
	    corrupt(inode_off(3, FIELD(rofs_inode, size)), &v64, 8, true, &err),
	    -EUCLEAN, &err, "symbolic link of length 0", "an empty link");
	v64 = 1 << 30;
	expect(corrupt(inode_off(3, FIELD(rofs_inode, where)), &v64, 8, true,
		       &err),
	       -EUCLEAN, &err, "past the string table",
	       "a link target past the strings");
	v32 = 4;
	expect(
	    corrupt(inode_off(4, FIELD(rofs_inode, aux)), &v32, 4, true, &err),
	    -EUCLEAN, &err, "inode 4 (offset 0x180): parent 4",
	    "a directory that is its own parent");
	v32 = 2;
	expect(
	    corrupt(inode_off(4, FIELD(rofs_inode, aux)), &v32, 4, true, &err),
	    -EUCLEAN, &err,
	    "directory inode 4 is not a child of directory "
	    "inode 1",
	    "a directory whose parent does not name it");
	v32 = 1; /* root's entry "c" names a, which / names already */
	expect(corrupt(dirent_off(1, FIELD(rofs_dirent, ino)), &v32, 4, true,
		       &err),
	       -EUCLEAN, &err, "named twice", "a directory with two names");
	v32 = 99;
	expect(corrupt(dirent_off(0, FIELD(rofs_dirent, ino)), &v32, 4, true,
		       &err),
	       -EUCLEAN, &err, "directory entry 0 (offset 0x2c0): inode 99",
	       "an entry naming no inode");
	v32 = 0;
	expect(corrupt(dirent_off(2, FIELD(rofs_dirent, ino)), &v32, 4, true,
		       &err),
	       -EUCLEAN, &err, "inode 0, not 1..", "an entry naming the root");
	v8 = ROFS_DT_REG;
	expect(corrupt(dirent_off(2, FIELD(rofs_dirent, type)), &v8, 1, true,
		       &err),
	       -EUCLEAN, &err, "type 8, but inode 3",
	       "an entry of the wrong type");
	uint16_t len = 256;
	expect(corrupt(dirent_off(0, FIELD(rofs_dirent, name_len)), &len, 2,
		       true, &err),
	       -EUCLEAN, &err, "not 1..255 bytes", "a 256-byte name");
	v32 = 1 << 30;
	expect(corrupt(dirent_off(0, FIELD(rofs_dirent, name_off)), &v32, 4,
		       true, &err),
	       -EUCLEAN, &err, "inside the string table",
	       "a name past the strings");
	/* entries 3 and 4 (in a: "b", "up") swapped by their names */
	struct rofs_dirent d3, d4;
	memcpy(&d3, small + dirent_off(3, 0), sizeof(d3));
	memcpy(&d4, small + dirent_off(4, 0), sizeof(d4));
	uint32_t offs[2] = {d4.name_off, d3.name_off};
	uint16_t lens[2] = {d4.name_len, d3.name_len};
	unsigned char *buf = malloc(small_size_bytes);
	memcpy(buf, small, small_size_bytes);
	memcpy(buf + dirent_off(3, FIELD(rofs_dirent, name_off)), &offs[0], 4);
	memcpy(buf + dirent_off(3, FIELD(rofs_dirent, name_len)), &lens[0], 2);
	memcpy(buf + dirent_off(4, FIELD(rofs_dirent, name_off)), &offs[1], 4);
	memcpy(buf + dirent_off(4, FIELD(rofs_dirent, name_len)), &lens[1], 2);
	fix_crcs(buf, small_size_bytes);
	int rc = mount_copy(buf, small_size_bytes, &err, true);
	expect(rc, -EUCLEAN, &err,
	       "directory entry 4 (offset 0x2f0): not sorted",
	       "entries out of order");
	free(buf);
	v64 = 5;
	expect(corrupt(inode_off(1, FIELD(rofs_inode, where)), &v64, 8, true,
		       &err),
	       -EUCLEAN, &err, "do not follow", "overlapping directories");
	expect(corrupt(dirent_off(4, FIELD(rofs_dirent, name_off)),
		       small + dirent_off(3, FIELD(rofs_dirent, name_off)), 6,
		       true, &err),
	       -EUCLEAN, &err, "not sorted", "a duplicate name");
	struct rofs_super s;
	memcpy(&s, small, sizeof(s));
	expect(corrupt(ROFS_SUPER_SIZE + s.meta_size - s.strings_size, "/", 1,
		       true, &err),
	       -EUCLEAN, &err, "'/' or NUL in the name", "a '/' in a name");
}

static void test_random_corruption(void)
{
	struct rofs_super s;
	struct rofs_error err;
	int accepted = 0, clean = 0, runs = 20000;

	memcpy(&s, small, sizeof(s));
	size_t meta_end = ROFS_SUPER_SIZE + s.meta_size;
	for (int i = 0; i < runs; i++) {
		unsigned char *buf = malloc(small_size_bytes);
		memcpy(buf, small, small_size_bytes);
		int n = 1 + (int)(rnd() % 4);
		for (int k = 0; k < n; k++) {
			size_t off = rnd() % meta_end;
			buf[off] = rnd() % 3 ? (uint8_t)rnd()
					     : buf[off] ^ (1 << (rnd() % 8));
		}
		if (i % 8)
			fix_crcs(buf, small_size_bytes);
		err.msg[0] = '\0';
		int rc = mount_copy(buf, small_size_bytes, &err, true);
		if (rc == 0)
			accepted++;
		else if ((rc == -EUCLEAN || rc == -EINVAL ||
			  rc == -EOPNOTSUPP) &&
			 strlen(err.msg) > 10)
			clean++;
		free(buf);
	}
	TAP_OK(accepted + clean == runs,
	       "%d random corruptions: %d rejected with a message, %d accepted "
	       "(and walked)",
	       runs, clean, accepted);
}

int main(void)
{
	const char *top = getenv("top_builddir");
	struct sha256 c;
	char hex[65];

	snprintf(mkimage, sizeof(mkimage), "%s/rofs/osv-mkimage",
		 top ? top : ".");
	if (access(mkimage, X_OK))
		bail_out(mkimage);
	if (!mkdtemp(tmpdir))
		bail_out("mkdtemp");
	atexit(remove_tmpdir);

	TAP_OK(rofs_crc32c(0, "123456789", 9) == 0xe3069283,
	       "CRC-32C check value");
	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_hex(&c, hex);
	TAP_OK(!strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
			    "b410ff61f20015ad"),
	       "SHA-256 of \"abc\"");
	test_round_trip();
	test_tool_errors();
	make_small();
	test_truncation();
	test_corruptions();
	test_random_corruption();
	return tap_done();
}
