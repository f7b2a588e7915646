/*
 * The 9p filesystem end to end: argv[1] is a host directory shared
 * with osv-run --share (tests/guest/p9fs.test prepares it and checks
 * what this program leaves there on the host afterwards).  The host
 * put in.txt ("from the host\n"), big_in.bin (random bytes, larger than
 * a 9P message), full/ (a directory holding a file), twice.bin and
 * linked.alias (8 KiB of zeros; linked.bin a hard link to linked.alias)
 * and fifo (mkfifo).  With three
 * arguments, DIR TAG MOUNTDIR, the program first mounts the device of
 * mount tag TAG at MOUNTDIR with mount(2) and works there.  With two,
 * DIR two-filesystems, it checks only two_filesystems().
 */
#define _GNU_SOURCE /* O_PATH */
#include <dirent.h>
#include <stdbool.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "../app_check.h"

#define BIG (300 * 1024) /* more than the 128 KiB msize */
#define IN_TEXT "from the host\n"

static char path_buf[4096];

static const char *at(const char *name)
{
	snprintf(path_buf, sizeof(path_buf), "%s/%s", getenv("P9DIR"), name);
	return path_buf;
}

static int write_file(const char *name, const char *text, int flags)
{
	int fd = open(at(name), O_WRONLY | O_CREAT | flags, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	return close(fd) == 0 && n == (ssize_t)strlen(text) ? 0 : -1;
}

static void reads_host_file(void)
{
	char buf[64] = {0};
	int fd = open(at("in.txt"), O_RDONLY);
	CHECK("open in.txt", fd >= 0);
	CHECK("read in.txt", read(fd, buf, sizeof(buf) - 1) == 14 &&
				 strcmp(buf, IN_TEXT) == 0);
	CHECK("read at the end", read(fd, buf, sizeof(buf)) == 0);
	close(fd);
	int mfd = open(at("in.txt"), O_RDONLY);
	char *m = mmap(NULL, 14, PROT_READ, MAP_PRIVATE, mfd, 0);
	CHECK("mmap MAP_PRIVATE in.txt",
	      m != MAP_FAILED && memcmp(m, IN_TEXT, 14) == 0);
	if (m != MAP_FAILED)
		munmap(m, 14);
	close(mfd);
}

static void writes_and_appends(void)
{
	CHECK("create out.txt",
	      write_file("out.txt", "guest wrote\n", O_EXCL) == 0);
	CHECK("append to out.txt",
	      write_file("out.txt", "and appended\n", O_APPEND) == 0);
	struct stat st;
	CHECK("stat out.txt: size",
	      stat(at("out.txt"), &st) == 0 && st.st_size == 25);
	CHECK("stat out.txt: a regular file, 0644",
	      S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644);
	CHECK("chmod 0600", chmod(at("out.txt"), 0600) == 0 &&
				stat(at("out.txt"), &st) == 0 &&
				(st.st_mode & 07777) == 0600);
	int fd = open(at("out.txt"), O_RDWR);
	CHECK("fsync", fd >= 0 && fsync(fd) == 0);
	close(fd);
	CHECK("truncate.txt",
	      write_file("truncate.txt", "0123456789", 0) == 0 &&
		  truncate(at("truncate.txt"), 4) == 0 &&
		  stat(at("truncate.txt"), &st) == 0 && st.st_size == 4);
	struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
	CHECK("utimensat",
	      utimensat(AT_FDCWD, at("truncate.txt"), times, 0) == 0 &&
		  stat(at("truncate.txt"), &st) == 0 &&
		  st.st_mtime == 1000000000);
}

/* A store through a shared mapping reaches the host at msync. */
static void shared_mapping(void)
{
	int fd = open(at("shared.bin"), O_RDWR | O_CREAT, 0644);
	CHECK("ftruncate shared.bin", fd >= 0 && ftruncate(fd, 8192) == 0);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap MAP_SHARED shared.bin", m != MAP_FAILED);
	if (m != MAP_FAILED) {
		memcpy(m + 4096, "shared store", 12);
		CHECK("msync", msync(m, 8192, MS_SYNC) == 0);
		munmap(m, 8192);
	}
	close(fd);
}

/*
 * write() from a mapping of another file of the share, and read() into
 * one: the copy's page fault reads (or loads) that file through 9p
 * while the write or read is under way on the same mount.
 */
static void io_through_mappings(void)
{
	int in = open(at("in.txt"), O_RDONLY);
	char *m = mmap(NULL, 14, PROT_READ, MAP_PRIVATE, in, 0);
	int out = open(at("mapped.txt"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("write() from a mapping of a file of the share",
	      m != MAP_FAILED && out >= 0 && write(out, m, 14) == 14);
	if (m != MAP_FAILED)
		munmap(m, 14);
	char *s = mmap(NULL, 14, PROT_READ | PROT_WRITE, MAP_SHARED, out, 0);
	CHECK("read() into a shared mapping of a file of the share",
	      s != MAP_FAILED && pread(in, s + 5, 4, 0) == 4 &&
		  memcmp(s, "from fromhost\n", 14) == 0);
	if (s != MAP_FAILED)
		munmap(s, 14);
	close(out);
	close(in);
}

#define THREAD_IO (64 * 1024)

/* Writes its file in 1 KiB writes, then reads it back: 0 when right. */
static void *thread_io(void *arg)
{
	char name[16], buf[1024], back[1024];
	long id = (long)arg;
	snprintf(name, sizeof(name), "thread%ld.bin", id);
	int fd = open(at(name), O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'a' + (int)id, sizeof(buf));
	bool ok = fd >= 0;
	for (int i = 0; ok && i < THREAD_IO / 1024; i++)
		ok = write(fd, buf, sizeof(buf)) == sizeof(buf);
	for (int i = 0; ok && i < THREAD_IO / 1024; i++)
		ok = pread(fd, back, sizeof(back), i * 1024L) == sizeof(back) &&
		     memcmp(back, buf, sizeof(buf)) == 0;
	close(fd);
	return ok ? NULL : arg;
}

static bool io_done;

/*
 * statfs in a loop until the I/O threads end: the VFS calls statfs
 * without the mount's lock, so the client must take it, or this
 * request lands in the middle of theirs.  0 when every call was right.
 * It yields after each call: the mount's sleeplock hands nothing over,
 * so a thread that takes it again at once would keep the I/O threads
 * waiting; the count bounds the loop all the same.
 */
static void *statfs_loop(void *arg)
{
	struct statfs sf;
	bool ok = true;
	for (int n = 0;
	     ok && n < 2000 && !__atomic_load_n(&io_done, __ATOMIC_ACQUIRE);
	     n++) {
		ok = statfs(getenv("P9DIR"), &sf) == 0 &&
		     sf.f_type == 0x01021997;
		sched_yield();
	}
	return ok ? NULL : arg;
}

/* Two threads' I/O on one mount at once (and statfs): requests take
 * turns. */
static void two_threads(void)
{
	pthread_t t[2], st;
	void *r[2] = {(void *)1, (void *)1}, *sr = (void *)1;
	pthread_create(&st, NULL, statfs_loop, (void *)1);
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, thread_io, (void *)(i + 1));
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], &r[i]);
	__atomic_store_n(&io_done, true, __ATOMIC_RELEASE);
	pthread_join(st, &sr);
	CHECK("two threads write and read their files at once",
	      r[0] == NULL && r[1] == NULL);
	CHECK("statfs meanwhile, from a third thread, right each time",
	      sr == NULL);
}

/* big_in.bin copied to big_out.bin with one read and one write. */
static void copies_big_file(void)
{
	char *buf = malloc(BIG + 1);
	int in = open(at("big_in.bin"), O_RDONLY);
	ssize_t got = in >= 0 ? read(in, buf, BIG + 1) : -1;
	CHECK("read big_in.bin whole", got == BIG);
	close(in);
	int out = open(at("big_out.bin"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK("write big_out.bin whole",
	      out >= 0 && write(out, buf, BIG) == BIG);
	close(out);
	free(buf);
}

static void names(void)
{
	struct stat st;
	CHECK("mkdir newdir", mkdir(at("newdir"), 0750) == 0);
	CHECK("stat newdir: a directory, 0750",
	      stat(at("newdir"), &st) == 0 && S_ISDIR(st.st_mode) &&
		  (st.st_mode & 07777) == 0750);
	CHECK("create newdir/moved",
	      write_file("newdir/moved", "moved\n", 0) == 0);
	char to[4096];
	snprintf(to, sizeof(to), "%s/renamed.txt", getenv("P9DIR"));
	CHECK("rename newdir/moved to renamed.txt",
	      rename(at("newdir/moved"), to) == 0);
	CHECK("the old name is gone",
	      stat(at("newdir/moved"), &st) < 0 && errno == ENOENT);
	CHECK("create gone.txt", write_file("gone.txt", "x", 0) == 0);
	CHECK("unlink gone.txt", unlink(at("gone.txt")) == 0);
	CHECK("gone.txt is gone",
	      stat(at("gone.txt"), &st) < 0 && errno == ENOENT);
	CHECK("symlink", symlink("in.txt", at("link")) == 0);
	char target[64] = {0};
	CHECK("readlink", readlink(at("link"), target, sizeof(target)) == 6 &&
			      strcmp(target, "in.txt") == 0);
	struct stat a, b;
	char from[4096];
	snprintf(from, sizeof(from), "%s", at("in.txt")); /* at()'s is one */
	CHECK("link: one inode (the qid's path), two links",
	      link(from, at("hard")) == 0 && stat(from, &a) == 0 &&
		  stat(at("hard"), &b) == 0 && a.st_ino == b.st_ino &&
		  b.st_nlink == 2);
	struct statfs sf;
	CHECK("statfs: 9p's magic",
	      statfs(getenv("P9DIR"), &sf) == 0 && sf.f_type == 0x01021997);
}

/* Lists DIR: bit i of the result set when want[i] is there. */
static unsigned list(const char *const *want, unsigned n, unsigned *entries)
{
	DIR *d = opendir(getenv("P9DIR"));
	unsigned seen = 0;
	struct dirent *e;
	*entries = 0;
	while (d && (e = readdir(d))) {
		++*entries;
		for (unsigned i = 0; i < n; i++)
			if (strcmp(e->d_name, want[i]) == 0 &&
			    (strcmp(want[i], "newdir") || e->d_type == DT_DIR))
				seen |= 1u << i;
	}
	if (d)
		closedir(d);
	return seen;
}

static void lists(void)
{
	static const char *const want[] = {
	    "in.txt", "out.txt",    "newdir",	"renamed.txt",
	    "full",   "big_in.bin", "gone.txt", "later.txt"};
	unsigned entries, later;
	CHECK("readdir lists the files, newdir a DT_DIR, not gone.txt",
	      list(want, 8, &entries) == 0x3f);
	printf("entries: %u\n", entries);
	CHECK("create later.txt", write_file("later.txt", "", 0) == 0);
	CHECK("listed again: later.txt too, one entry more",
	      list(want, 8, &later) == 0xbf && later == entries + 1);
}

/*
 * An open file outlives its name, as on Linux: the host's open file.
 * (Not ftruncate: QEMU 7.2's server truncates by the path, ENOENT.)
 */
static void open_unlinked(void)
{
	int fd = open(at("unlinked.txt"), O_RDWR | O_CREAT | O_EXCL, 0644);
	CHECK("create unlinked.txt", fd >= 0 && write(fd, "abc", 3) == 3);
	CHECK("unlink it, open", unlink(at("unlinked.txt")) == 0);
	struct stat st;
	CHECK("fstat of the unlinked file: its size",
	      fstat(fd, &st) == 0 && st.st_size == 3);
	char buf[8] = {0};
	CHECK("write to it and read it back",
	      pwrite(fd, "de", 2, 3) == 2 &&
		  pread(fd, buf, sizeof(buf), 0) == 5 &&
		  memcmp(buf, "abcde", 5) == 0);
	close(fd);
}

#define PAIR 8192 /* two pages: twice.bin and linked.alias, zeros */

/* MAP_SHARED mappings of one file through two open()s, of a then b. */
struct pair {
	int fd[2];
	char *m[2];
};

static bool map_pair(struct pair *p, const char *a, const char *b)
{
	char first[4096];
	snprintf(first, sizeof(first), "%s", at(a)); /* at()'s is one */
	p->fd[0] = open(first, O_RDWR);
	p->fd[1] = open(at(b), O_RDWR);
	for (int i = 0; i < 2; i++)
		p->m[i] = p->fd[i] < 0
			      ? MAP_FAILED
			      : mmap(NULL, PAIR, PROT_READ | PROT_WRITE,
				     MAP_SHARED, p->fd[i], 0);
	return p->m[0] != MAP_FAILED && p->m[1] != MAP_FAILED;
}

/* len bytes of the file name at off, by a new open(); the count. */
static ssize_t read_at(const char *name, char *buf, size_t len, off_t off)
{
	int fd = open(at(name), O_RDONLY);
	ssize_t n = fd < 0 ? -1 : pread(fd, buf, len, off);
	close(fd);
	return n;
}

/* Each mapping sees the other's store, made once both have the pages. */
static bool stores_seen(struct pair *p)
{
	volatile char sum = 0;
	for (int i = 0; i < 2; i++)
		sum += p->m[i][0] + p->m[i][4096];
	memcpy(p->m[0], "one", 3);
	memcpy(p->m[1] + 4096, "two", 3);
	return sum == 0 && memcmp(p->m[1], "one", 3) == 0 &&
	       memcmp(p->m[0] + 4096, "two", 3) == 0;
}

static void unmap_pair(struct pair *p)
{
	for (int i = 0; i < 2; i++) {
		if (p->m[i] != MAP_FAILED)
			munmap(p->m[i], PAIR);
		if (p->fd[i] >= 0)
			close(p->fd[i]);
	}
}

/*
 * One file has one vnode: two opens of it, by one name or by the two
 * names of a hard link the host made, share the pages of their shared
 * mappings.  The name the vnode last looked up (linked.bin) then goes,
 * with both files closed: the mappings' writebacks still reach the
 * file, as a mapping keeps its file open (the host checks linked.alias).
 */
static void one_vnode_per_file(void)
{
	struct pair p;
	CHECK("two opens of one file: their MAP_SHARED mappings see each "
	      "other's stores",
	      map_pair(&p, "twice.bin", "twice.bin") && stores_seen(&p));
	unmap_pair(&p);
	struct stat a, b;
	CHECK("a hard link made on the host: mappings through its two names "
	      "see each other's stores",
	      map_pair(&p, "linked.alias", "linked.bin") &&
		  fstat(p.fd[0], &a) == 0 && fstat(p.fd[1], &b) == 0 &&
		  a.st_ino == b.st_ino && stores_seen(&p));
	for (int i = 0; i < 2; i++) {
		close(p.fd[i]);
		p.fd[i] = -1;
	}
	char back[8] = {0};
	CHECK("unlink linked.bin, both closed: a store through its mapping "
	      "msyncs, and linked.alias reads it",
	      unlink(at("linked.bin")) == 0 && p.m[1] != MAP_FAILED &&
		  memcpy(p.m[1] + 100, "after", 5) &&
		  msync(p.m[1], PAIR, MS_SYNC) == 0 &&
		  msync(p.m[0], PAIR, MS_SYNC) == 0 &&
		  read_at("linked.alias", back, 5, 100) == 5 &&
		  memcmp(back, "after", 5) == 0);
	unmap_pair(&p);
}

/*
 * A name that comes to hold another file (a rename over it, as the
 * host's mv does): an open file is still the old one, and so is an
 * O_PATH descriptor of it (one vnode: its size is the old file's); the
 * name gives the new one.  A
 * file known only by its name (an O_PATH descriptor alone) cannot be
 * reached any more: its fstat is ESTALE, not the new file's.
 */
static void replaced(void)
{
	char old[4096], lone[4096], buf[8] = {0}, got[8] = {0};
	snprintf(old, sizeof(old), "%s", at("old.txt"));
	snprintf(lone, sizeof(lone), "%s", at("lone.txt"));
	bool made = write_file("old.txt", "old", 0) == 0 &&
		    write_file("new.txt", "new!", 0) == 0 &&
		    write_file("lone.txt", "lone", 0) == 0 &&
		    write_file("new2.txt", "new2", 0) == 0;
	int fd = open(old, O_RDONLY), path = open(old, O_PATH);
	int lone_path = open(lone, O_PATH);
	bool moved = made && rename(at("new.txt"), old) == 0 &&
		     rename(at("new2.txt"), lone) == 0;
	int now = open(old, O_RDONLY);
	struct stat a, b, c;
	CHECK("new.txt renamed over old.txt: its open file reads old, an "
	      "O_PATH descriptor of it stats as it, the name reads new!",
	      moved && pread(fd, buf, sizeof(buf), 0) == 3 &&
		  pread(now, got, sizeof(got), 0) == 4 &&
		  memcmp(buf, "old", 3) == 0 && memcmp(got, "new!", 4) == 0 &&
		  fstat(fd, &a) == 0 && fstat(path, &b) == 0 &&
		  fstat(now, &c) == 0 && a.st_size == 3 && b.st_size == 3 &&
		  c.st_size == 4);
	errno = 0;
	CHECK("new2.txt renamed over lone.txt, not open: an O_PATH "
	      "descriptor's fstat is ESTALE",
	      fstat(lone_path, &a) < 0 && errno == ESTALE);
	close(lone_path);
	close(now);
	close(path);
	close(fd);
}

/*
 * keep, made with text, an O_PATH descriptor of it opened, then its
 * hard link gone made, stat-ed first when stat_gone (a second lookup of
 * the name) and unlinked: the descriptor, -1 when a step failed.
 */
static int other_name_unlinked(const char *keep, const char *gone,
			       const char *text, bool stat_gone)
{
	char keep_path[4096], gone_path[4096];
	snprintf(keep_path, sizeof(keep_path), "%s", at(keep));
	snprintf(gone_path, sizeof(gone_path), "%s", at(gone));
	struct stat st;
	int path =
	    write_file(keep, text, 0) == 0 ? open(keep_path, O_PATH) : -1;
	if (path >= 0 && (link(keep_path, gone_path) != 0 ||
			  (stat_gone && stat(gone_path, &st) != 0) ||
			  unlink(gone_path) != 0)) {
		close(path);
		return -1;
	}
	return path;
}

/*
 * Two names of a file made by the guest, the vnode's name switched to
 * the second by a later lookup (the unlink's own), then that name
 * unlinked: an O_PATH descriptor found by the first still stats the
 * file, as on Linux.
 */
static void other_name_gone(void)
{
	struct stat st;
	int path = other_name_unlinked("keep.txt", "gone.txt", "keep", false);
	CHECK("a hard link's other name unlinked (looked up last): an O_PATH "
	      "descriptor of the first stats the file",
	      path >= 0 && fstat(path, &st) == 0 && st.st_size == 4);
	close(path);
	/* stat then unlink: two lookups of the second name */
	path = other_name_unlinked("keep2.txt", "gone2.txt", "keep2", true);
	CHECK("a hard link's other name stat-ed, then unlinked: an O_PATH "
	      "descriptor of the first stats the file",
	      path >= 0 && fstat(path, &st) == 0 && st.st_size == 5);
	close(path);
	/* a request other than getattr is the first through the name left */
	char again[4096];
	snprintf(again, sizeof(again), "%s", at("again3.txt"));
	path = other_name_unlinked("keep3.txt", "gone3.txt", "keep3!", false);
	CHECK("a hard link's other name unlinked: linkat(AT_EMPTY_PATH) of an "
	      "O_PATH descriptor of the first links the file",
	      path >= 0 &&
		  linkat(path, "", AT_FDCWD, again, AT_EMPTY_PATH) == 0 &&
		  stat(again, &st) == 0 && st.st_size == 6);
	close(path);
}

/* The d_type DIR's listing gives name; DT_UNKNOWN when not listed. */
static int listed_type(const char *name)
{
	DIR *d = opendir(getenv("P9DIR"));
	struct dirent *e;
	int type = DT_UNKNOWN;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, name) == 0)
			type = e->d_type;
	if (d)
		closedir(d);
	return type;
}

/* fifo, made by the host's mkfifo: its type, but not opened. */
static void host_fifo(void)
{
	struct stat st, lst;
	CHECK("a host FIFO: stat and lstat S_IFIFO, listed DT_FIFO",
	      stat(at("fifo"), &st) == 0 && S_ISFIFO(st.st_mode) &&
		  lstat(at("fifo"), &lst) == 0 && S_ISFIFO(lst.st_mode) &&
		  listed_type("fifo") == DT_FIFO);
	static const int modes[] = {O_RDONLY, O_WRONLY | O_NONBLOCK, O_RDWR,
				    O_RDONLY | O_NONBLOCK};
	bool refused = true;
	for (unsigned i = 0; i < sizeof(modes) / sizeof(*modes); i++) {
		errno = 0;
		int fd = open(at("fifo"), modes[i]);
		refused = refused && fd < 0 && errno == ENXIO;
		if (fd >= 0)
			close(fd);
	}
	int path = open(at("fifo"), O_PATH);
	CHECK("the host FIFO: open with any access ENXIO, O_PATH opens and "
	      "fstats S_IFIFO",
	      refused && path >= 0 && fstat(path, &st) == 0 &&
		  S_ISFIFO(st.st_mode));
	close(path);
}

/*
 * DIR/a and DIR/b are two host filesystems (the test mounts a tmpfs on
 * each) whose f has the same inode number: a/f holds "on a\n", b/f
 * "on b\n".  They are two files to the guest: with a/f open, b/f reads
 * b's bytes and a write to it reaches b's file, not a's.
 */
static void two_filesystems(void)
{
	char a_buf[16] = {0}, b_buf[16] = {0}, again[16] = {0};
	/* both read-write: one vnode would use a's opened fid for both */
	int a = open(at("a/f"), O_RDWR);
	CHECK("two filesystems: a/f reads a's bytes",
	      a >= 0 && read(a, a_buf, sizeof(a_buf) - 1) == 5 &&
		  strcmp(a_buf, "on a\n") == 0);
	int b = open(at("b/f"), O_RDWR);
	CHECK("two filesystems: b/f, a/f open, reads b's bytes",
	      b >= 0 && read(b, b_buf, sizeof(b_buf) - 1) == 5 &&
		  strcmp(b_buf, "on b\n") == 0);
	struct stat sa, sb;
	CHECK("two filesystems: a/f and b/f have different st_ino",
	      fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
		  sa.st_ino != sb.st_ino);
	CHECK("two filesystems: write b/f", pwrite(b, "guest", 5, 0) == 5);
	CHECK("two filesystems: a/f still reads a's bytes",
	      pread(a, again, sizeof(again) - 1, 0) == 5 &&
		  strcmp(again, "on a\n") == 0);
	close(a);
	close(b);
}

static void host_errors(void)
{
	errno = 0;
	CHECK("open a directory for writing: EISDIR",
	      open(at("full"), O_WRONLY) < 0 && errno == EISDIR);
	errno = 0;
	CHECK("rmdir of the host's non-empty directory: ENOTEMPTY",
	      rmdir(at("full")) < 0 && errno == ENOTEMPTY);
	errno = 0;
	CHECK("open a missing file: ENOENT",
	      open(at("nosuch"), O_RDONLY) < 0 && errno == ENOENT);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[2], "two-filesystems") == 0) {
		setenv("P9DIR", argv[1], 1);
		two_filesystems();
		return app_check_summary() != 0;
	}
	if (argc != 2 && argc != 4) {
		printf(
		    "usage: p9fs_app DIR [TAG MOUNTDIR | two-filesystems]\n");
		return 2;
	}
	if (argc == 4) {
		mkdir(argv[3], 0755);
		CHECK("mount(2) of type 9p",
		      mount(argv[2], argv[3], "9p", 0, NULL) == 0);
		/* the server would reset the first session's fids */
		mkdir("/again", 0755);
		errno = 0;
		CHECK("a second mount of the tag: EBUSY",
		      mount(argv[2], "/again", "9p", 0, NULL) < 0 &&
			  errno == EBUSY);
		errno = 0;
		CHECK("mount(2) of a tag no device has: ENOENT",
		      mount("nosuch", "/again", "9p", 0, NULL) < 0 &&
			  errno == ENOENT);
		argv[1] = argv[3];
	}
	setenv("P9DIR", argv[1], 1);
	reads_host_file();
	writes_and_appends();
	copies_big_file();
	shared_mapping();
	io_through_mappings();
	two_threads();
	names();
	lists();
	open_unlinked();
	one_vnode_per_file();
	replaced();
	other_name_gone();
	host_fifo();
	host_errors();
	if (argc == 4)
		CHECK("unmounted, the tag mounts again",
		      umount(argv[3]) == 0 &&
			  mount(argv[2], "/again", "9p", 0, NULL) == 0 &&
			  access("/again/in.txt", R_OK) == 0);
	return app_check_summary() != 0;
}
