/*
 * Host unit test of the VFS and ramfs (kernel/fs/), differential: the
 * same random sequence of file calls runs on the VFS (through
 * fs_calls.h, as the libc calls it) and on a directory of the host
 * through Linux's own system calls, and each call must give the same
 * result and the same errno.  Paths come from a small pool with ".",
 * "..", trailing slashes, symlinks (relative targets, loops) and names
 * under files, so that lookups hit every error; the calls work two
 * levels down, so that names climbing out stay inside both trees.
 * Relative paths run from a working directory and from directory
 * descriptors too.  Then:
 * reference counts return to the mount's root alone, and the mount can be
 * unmounted; a shared mapping's dirty page outlives a getattr that fails.
 *
 * The kernel's locks are stubbed (one thread), the heap runs on an
 * mmap()ed arena, and descriptors use the kernel's own table.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootfs.h"
#include "console_file.h"
#include "fs_calls.h"
#include "mm.h"
#include "tap.h"
#include "vfs.h"
#include "vfs_impl.h"
#include "vm.h"

#define ARENA_SIZE (64UL << 20)
#define STEPS 20000

extern struct vfs_fstype ramfs_type;

/* ---- Stubs of what kernel/fs needs from the rest of the kernel ---- */

/* one thread: a lock taken twice would be a deadlock in the kernel */
void sleep_lock(struct sleeplock *l)
{
	if (l->state) {
		printf("# a sleeplock taken while held: deadlock\n");
		tap_failed++;
	}
	l->state = 1;
}

void sleep_unlock(struct sleeplock *l)
{
	l->state = 0;
}

uint64_t clock_realtime(void);
uint64_t clock_realtime(void)
{
	return 1700000000ULL * 1000000000ULL;
}

/* As before the wall clock's first use: pending, resolved by getattr. */
void clock_stamp(struct timespec *ts)
{
	ts->tv_sec = 0;
	ts->tv_nsec = -1;
}

void clock_stamp_resolve(struct timespec *ts)
{
	if (ts->tv_nsec < 0)
		*ts = (struct timespec){1700000000, 0};
}

void mm_corruption(const char *what, const void *p);
void mm_corruption(const char *what, const void *p)
{
	printf("# mm_corruption: %s at %p\n", what, p);
	tap_failed++;
}

/* no memory mappings here: nothing maps a file's pages */
void vm_file_truncated(const void *file, uint64_t off)
{
	(void)file, (void)off;
}

void vm_file_clean(const void *file, uint64_t off)
{
	(void)file, (void)off;
}

/* and no mapped buffers: every buffer is present */
int vm_prepare_in_region(const void *addr, size_t len, unsigned access)
{
	(void)addr, (void)len, (void)access;
	return 0;
}

/* no locks here (fcntl is not compared): none to drop at a close */
struct file;
void fs_locks_fd_closed(const struct file *f);
void fs_locks_file_released(const struct file *f);
void fs_locks_fd_closed(const struct file *f)
{
	(void)f;
}

void fs_locks_file_released(const struct file *f)
{
	(void)f;
}

/* no inotify here: no watch is ever set, so the hooks call nothing */
unsigned vfs_watch_count;
void vfs_notify_file_slow(struct vnode *vn, struct vnode *dir, const char *name,
			  uint32_t event);
void vfs_notify_entry_slow(struct vnode *dir, const char *name, size_t len,
			   bool isdir, uint32_t event, uint32_t cookie);
void vfs_notify_gone_slow(struct vnode *vn, bool deleted);
uint32_t vfs_notify_cookie(void);
void vfs_notify_unmount_slow(struct vfs_mount *mnt);
void vfs_notify_unmount_slow(struct vfs_mount *mnt)
{
	(void)mnt;
}

void vfs_notify_file_slow(struct vnode *vn, struct vnode *dir, const char *name,
			  uint32_t event)
{
	(void)vn, (void)dir, (void)name, (void)event;
}

void vfs_notify_entry_slow(struct vnode *dir, const char *name, size_t len,
			   bool isdir, uint32_t event, uint32_t cookie)
{
	(void)dir, (void)name, (void)len, (void)isdir, (void)event,
	    (void)cookie;
}

void vfs_notify_gone_slow(struct vnode *vn, bool deleted)
{
	(void)vn, (void)deleted;
}

uint32_t vfs_notify_cookie(void)
{
	return 0;
}

/* no built-in types (ramfs registers), and the default boot's tree's
 * mounts that kernel/fs/devfs.c and procfs.c define (never used here) */
struct vfs_fstype *const vfs_builtin_types[1];
const size_t vfs_builtin_count = 0;
struct vfs_mount vfs_tree_dev, vfs_tree_proc;

/* no boot archive here: nothing is borrowed from one */
void bootfs_drop(const void *data, size_t keep)
{
	(void)data, (void)keep;
}

/* no FIFOs here (the calls make none): kernel/fs/pipe.c is not linked */
int fifo_open(struct vnode *vn, int flags, struct file **out)
{
	(void)vn, (void)flags, (void)out;
	return -ENXIO;
}

static long no_read(struct file *f, void *b, size_t n, uint64_t *off)
{
	(void)f, (void)b, (void)n, (void)off;
	return -EIO;
}

static int no_stat(struct file *f, struct vfs_attr *a)
{
	(void)f;
	memset(a, 0, sizeof(*a));
	return 0;
}

static const struct file_ops stub_console_ops = {
    .read = no_read,
    .write = (long (*)(struct file *, const void *, size_t, uint64_t *))no_read,
    .stat = no_stat,
};
struct file console_file = {.ops = &stub_console_ops, .refs = 4};

/* ---- The two sides ---- */

static char hostdir[] = "/tmp/test_vfs.XXXXXX";

static const char *pool[] = {
    "a",     "b",	 "c",	   "d",	 "d/a",	     "d/b",  "d/d",
    "d/d/a", "e",	 "e/a",	   "a/", "d/",	     "d/..", "d/./a",
    "a/x",   "nosuch/x", "d/../b", "l",	 "l/a",	     "m",    "d/l",
    "loop",  "d/d/",	 "e/..",   ".",	 "d/d/../a", "l/",   "e/b",
};
static const char *targets[] = {"a",   "d", "b", "nosuch", "loop",
				"d/a", "l", "e", "../a",   "."};

#define POOL (sizeof(pool) / sizeof(*pool))

/* Phase 2: many names in one directory (ramfs hashes them). */
static bool big_phase;

static const char *pick(void)
{
	static char names[2][32];
	static int which;
	if (!big_phase)
		return pool[rand() % POOL];
	which ^= 1;
	snprintf(names[which], sizeof(names[which]), "big/n%d", rand() % 300);
	return names[which];
}

static void host_path(char *out, size_t len, const char *p)
{
	snprintf(out, len, "%s/x/w/%s", hostdir, p);
}

static void vfs_path(char *out, size_t len, const char *p)
{
	snprintf(out, len, "/t/x/w/%s", p);
}

/* a result: the value, or -errno */
static long host_ret(long r)
{
	return r < 0 ? -errno : r;
}

struct outcome {
	long r;
	char text[4096]; /* what else the call showed (stat fields, ...) */
};

static int mismatches, steps_run;

static void compare(const char *what, const struct outcome *h,
		    const struct outcome *v)
{
	bool same_sign = (h->r < 0) == (v->r < 0);
	bool same = same_sign && (h->r >= 0 || h->r == v->r) &&
		    strcmp(h->text, v->text) == 0;
	if (same)
		return;
	if (mismatches++ < 10)
		printf("# step %d: %s: host %ld [%s], vfs %ld [%s]\n",
		       steps_run, what, h->r, h->text, v->r, v->text);
}

static const char *type_name(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "reg";
	case S_IFDIR:
		return "dir";
	case S_IFLNK:
		return "lnk";
	default:
		return "other";
	}
}

static void describe_stat(struct outcome *o, unsigned mode, long size,
			  long nlink)
{
	bool reg = S_ISREG(mode), lnk = S_ISLNK(mode);
	snprintf(o->text, sizeof(o->text), "%s size %ld nlink %ld",
		 type_name(mode), reg || lnk ? size : -1, reg ? nlink : -1);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a listing, without "." and "..". */
static void describe_names(struct outcome *o, char **names, int n)
{
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	o->text[0] = 0;
	for (int i = 0; i < n; i++) {
		strncat(o->text, names[i],
			sizeof(o->text) - strlen(o->text) - 2);
		strcat(o->text, " ");
		free(names[i]);
	}
}

static void host_list(struct outcome *o, const char *p)
{
	int fd = open(p, O_RDONLY | O_DIRECTORY);
	o->r = host_ret(fd);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	char *names[400];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 400)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	describe_names(o, names, n);
}

struct rec {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

static void vfs_list(struct outcome *o, const char *p)
{
	int fd = fs_openat(AT_FDCWD, p, O_RDONLY | O_DIRECTORY, 0);
	o->r = fd;
	if (fd < 0)
		return;
	char buf[4096], *names[400];
	int n = 0;
	long got;
	while ((got = fs_getdents64(fd, buf, sizeof(buf))) > 0)
		for (long at = 0; at < got;) {
			struct rec *r = (struct rec *)(buf + at);
			if (strcmp(r->name, ".") && strcmp(r->name, "..") &&
			    n < 400)
				names[n++] = strdup(r->name);
			at += r->reclen;
		}
	fs_close(fd);
	describe_names(o, names, n);
}

/* A file's last bytes and their hash, read in odd-sized pieces. */
static void describe_contents(struct outcome *o, const unsigned char *b,
			      size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	snprintf(o->text, sizeof(o->text), "%zu bytes, hash %016llx", n,
		 (unsigned long long)h);
}

#define CONTENTS_MAX (16 * 4096)

/* Reads fd to its end (or CONTENTS_MAX) in odd-sized pieces. */
static void read_contents(struct outcome *o, int fd,
			  long (*rd)(int, void *, size_t))
{
	static unsigned char b[CONTENTS_MAX];
	size_t n = 0;
	long r = 0;
	while (n < sizeof(b) &&
	       (r = rd(fd, b + n,
		       sizeof(b) - n < 1000 ? sizeof(b) - n : 1000)) > 0)
		n += (size_t)r;
	o->r = r < 0 ? r : 0;
	if (o->r == 0)
		describe_contents(o, b, n);
}

static long host_read(int fd, void *buf, size_t len)
{
	return host_ret(read(fd, buf, len));
}

static void host_contents(struct outcome *o, const char *path)
{
	int fd = open(path, O_RDONLY);
	o->r = host_ret(fd);
	off_t end = fd >= 0 ? lseek(fd, 0, SEEK_END) : 0;
	if (fd >= 0 && lseek(fd, end > CONTENTS_MAX ? end - CONTENTS_MAX : 0,
			     SEEK_SET) >= 0) {
		read_contents(o, fd, host_read);
		close(fd);
	}
}

static void vfs_contents(struct outcome *o, const char *path)
{
	int fd = fs_openat(AT_FDCWD, path, O_RDONLY, 0);
	o->r = fd;
	int64_t end = fd >= 0 ? fs_lseek(fd, 0, SEEK_END) : 0;
	if (fd >= 0 && fs_lseek(fd, end > CONTENTS_MAX ? end - CONTENTS_MAX : 0,
				SEEK_SET) >= 0) {
		read_contents(o, fd, fs_read);
		fs_close(fd);
	}
}

/* One random call on both sides. */
static void step(void)
{
	const char *p = pick(), *q = pick();
	char hp[256], hq[256], vp[256], vq[256];
	host_path(hp, sizeof(hp), p);
	host_path(hq, sizeof(hq), q);
	vfs_path(vp, sizeof(vp), p);
	vfs_path(vq, sizeof(vq), q);
	struct outcome h = {0}, v = {0};
	char what[600];
	int op = rand() % 20;
	int flags = 0;
	switch (op) {
	case 0: { /* creat, maybe exclusive or truncating */
		flags = O_CREAT | O_WRONLY | (rand() % 2 ? O_EXCL : 0) |
			(rand() % 2 ? O_TRUNC : 0);
		int fd = open(hp, flags, 0644);
		h.r = host_ret(fd) >= 0 ? 0 : host_ret(fd);
		if (fd >= 0)
			close(fd);
		fd = fs_openat(AT_FDCWD, vp, flags, 0644);
		v.r = fd >= 0 ? 0 : fd;
		if (fd >= 0)
			fs_close(fd);
		snprintf(what, sizeof(what), "open(%s, %#o)", p, flags);
		break;
	}
	case 1: { /* open for reading and read */
		flags = O_RDONLY | (rand() % 3 == 0 ? O_DIRECTORY : 0) |
			(rand() % 3 == 0 ? O_NOFOLLOW : 0);
		char hb[64], vb[64];
		int fd = open(hp, flags);
		h.r = fd < 0 ? host_ret(fd) : host_ret(read(fd, hb, 64));
		if (fd >= 0)
			close(fd);
		fd = fs_openat(AT_FDCWD, vp, flags, 0);
		v.r = fd < 0 ? fd : fs_read(fd, vb, 64);
		if (fd >= 0)
			fs_close(fd);
		if (h.r > 0 && v.r == h.r && memcmp(hb, vb, (size_t)h.r))
			strcpy(v.text, "different bytes");
		snprintf(what, sizeof(what), "open+read(%s, %#o)", p, flags);
		break;
	}
	case 2: { /* append or write at the start */
		flags = O_WRONLY | (rand() % 2 ? O_APPEND : 0);
		int len = rand() % 20;
		char data[20];
		memset(data, 'a' + rand() % 26, sizeof(data));
		int fd = open(hp, flags);
		h.r = fd < 0 ? host_ret(fd) : host_ret(write(fd, data, len));
		if (fd >= 0)
			close(fd);
		fd = fs_openat(AT_FDCWD, vp, flags, 0);
		v.r = fd < 0 ? fd : fs_write(fd, data, len);
		if (fd >= 0)
			fs_close(fd);
		snprintf(what, sizeof(what), "write(%s, %#o, %d)", p, flags,
			 len);
		break;
	}
	case 3:
		h.r = host_ret(mkdir(hp, 0755));
		v.r = fs_mkdirat(AT_FDCWD, vp, 0755);
		snprintf(what, sizeof(what), "mkdir(%s)", p);
		break;
	case 4:
		h.r = host_ret(rmdir(hp));
		v.r = fs_unlinkat(AT_FDCWD, vp, AT_REMOVEDIR);
		snprintf(what, sizeof(what), "rmdir(%s)", p);
		break;
	case 5:
		h.r = host_ret(unlink(hp));
		v.r = fs_unlinkat(AT_FDCWD, vp, 0);
		snprintf(what, sizeof(what), "unlink(%s)", p);
		break;
	case 6: { /* rename, RENAME_NOREPLACE, RENAME_EXCHANGE */
		static const unsigned rflags[] = {
		    0, 0, RENAME_NOREPLACE, RENAME_EXCHANGE,
		    RENAME_EXCHANGE | RENAME_NOREPLACE};
		unsigned rf = rflags[rand() % 5];
		h.r = host_ret(renameat2(AT_FDCWD, hp, AT_FDCWD, hq, rf));
		v.r = fs_renameat2(AT_FDCWD, vp, AT_FDCWD, vq, rf);
		snprintf(what, sizeof(what), "renameat2(%s, %s, %u)", p, q, rf);
		break;
	}
	case 7:
		h.r = host_ret(link(hp, hq));
		v.r = fs_linkat(AT_FDCWD, vp, AT_FDCWD, vq, 0);
		snprintf(what, sizeof(what), "link(%s, %s)", p, q);
		break;
	case 8: {
		const char *t =
		    targets[rand() % (sizeof(targets) / sizeof(*targets))];
		h.r = host_ret(symlink(t, hq));
		v.r = fs_symlinkat(t, AT_FDCWD, vq);
		snprintf(what, sizeof(what), "symlink(%s, %s)", t, q);
		break;
	}
	case 9: {
		char hb[64] = {0}, vb[64] = {0};
		h.r = host_ret(readlink(hp, hb, sizeof(hb) - 1));
		v.r = fs_readlinkat(AT_FDCWD, vp, vb, sizeof(vb) - 1);
		snprintf(h.text, sizeof(h.text), "%s", h.r > 0 ? hb : "");
		snprintf(v.text, sizeof(v.text), "%s", v.r > 0 ? vb : "");
		snprintf(what, sizeof(what), "readlink(%s)", p);
		break;
	}
	case 10: { /* stat or lstat */
		bool l = rand() % 2;
		struct stat st;
		struct vfs_attr a;
		h.r = host_ret(l ? lstat(hp, &st) : stat(hp, &st));
		if (h.r == 0)
			describe_stat(&h, st.st_mode, st.st_size,
				      (long)st.st_nlink);
		v.r = fs_fstatat(AT_FDCWD, vp, &a, l ? AT_SYMLINK_NOFOLLOW : 0);
		if (v.r == 0)
			describe_stat(&v, a.mode, (long)a.size, a.nlink);
		snprintf(what, sizeof(what), "%s(%s)", l ? "lstat" : "stat", p);
		break;
	}
	case 11: {
		long len = rand() % 3 == 0 ? -1 : rand() % 100;
		h.r = host_ret(truncate(hp, len));
		v.r = fs_truncate(vp, len);
		snprintf(what, sizeof(what), "truncate(%s, %ld)", p, len);
		break;
	}
	case 12:
		host_list(&h, hp);
		vfs_list(&v, vp);
		snprintf(what, sizeof(what), "list(%s)", p);
		break;
	case 14: { /* relative to a working directory, then back */
		h.r = host_ret(chdir(hp));
		v.r = fs_chdir(vp);
		snprintf(what, sizeof(what), "chdir(%s)", p);
		if (h.r == 0 && v.r == 0) {
			struct stat st;
			struct vfs_attr a;
			long hr = host_ret(lstat(q, &st));
			long vr =
			    fs_fstatat(AT_FDCWD, q, &a, AT_SYMLINK_NOFOLLOW);
			struct outcome h2 = {hr, ""}, v2 = {vr, ""};
			if (hr == 0)
				describe_stat(&h2, st.st_mode, st.st_size,
					      (long)st.st_nlink);
			if (vr == 0)
				describe_stat(&v2, a.mode, (long)a.size,
					      a.nlink);
			char w2[600];
			snprintf(w2, sizeof(w2), "chdir(%s) + lstat(%s)", p, q);
			compare(w2, &h2, &v2);
		}
		char home[256];
		snprintf(home, sizeof(home), "%s/x/w", hostdir);
		if (chdir(home) || fs_chdir("/t/x/w"))
			printf("# cannot go back to the work directory\n");
		break;
	}
	case 15: { /* *at calls from an open directory */
		int hd = open(hp, O_RDONLY | O_DIRECTORY);
		int vd = fs_openat(AT_FDCWD, vp, O_RDONLY | O_DIRECTORY, 0);
		h.r = host_ret(hd) < 0 ? host_ret(hd) : 0;
		v.r = vd < 0 ? vd : 0;
		snprintf(what, sizeof(what), "open dir(%s)", p);
		if (hd >= 0 && vd >= 0) {
			const char *t =
			    q + (q[0] == 'd' && q[1] == '/' ? 2 : 0);
			int m = rand() % 3;
			struct outcome h2 = {0, ""}, v2 = {0, ""};
			if (m == 0) {
				h2.r = host_ret(mkdirat(hd, t, 0755));
				v2.r = fs_mkdirat(vd, t, 0755);
			} else if (m == 1) {
				h2.r = host_ret(unlinkat(hd, t, 0));
				v2.r = fs_unlinkat(vd, t, 0);
			} else {
				int hf =
				    openat(hd, t, O_CREAT | O_WRONLY, 0644);
				int vf =
				    fs_openat(vd, t, O_CREAT | O_WRONLY, 0644);
				h2.r = hf < 0 ? host_ret(hf) : 0;
				v2.r = vf < 0 ? vf : 0;
				if (hf >= 0)
					close(hf);
				if (vf >= 0)
					fs_close(vf);
			}
			char w2[600];
			snprintf(w2, sizeof(w2), "at(%s, %s) op %d", p, t, m);
			compare(w2, &h2, &v2);
		}
		if (hd >= 0)
			close(hd);
		if (vd >= 0)
			fs_close(vd);
		break;
	}
	case 16: { /* pwrite across pages and past the end (holes) */
		static unsigned char data[3 * 4096];
		size_t len = (size_t)(rand() % (int)sizeof(data));
		long off = rand() % (6 * 4096);
		if (rand() % 8 == 0) /* deeper in the page tree */
			off += (long)(rand() % 4) << (rand() % 2 ? 21 : 30);
		unsigned char seed = (unsigned char)rand();
		for (size_t i = 0; i < len; i++)
			data[i] = (unsigned char)(seed + i * 31 + i / 4096);
		int fd = open(hp, O_WRONLY);
		h.r = fd < 0 ? host_ret(fd)
			     : host_ret(pwrite(fd, data, len, off));
		if (fd >= 0)
			close(fd);
		fd = fs_openat(AT_FDCWD, vp, O_WRONLY, 0);
		v.r = fd < 0 ? fd : fs_pwrite(fd, data, len, off);
		if (fd >= 0)
			fs_close(fd);
		snprintf(h.text, sizeof(h.text), "%ld", h.r);
		snprintf(v.text, sizeof(v.text), "%ld", v.r);
		snprintf(what, sizeof(what), "pwrite(%s, %zu at %ld)", p, len,
			 off);
		break;
	}
	case 13: { /* O_TMPFILE: a file with no name */
		flags = O_TMPFILE | (rand() % 4 ? O_RDWR : O_RDONLY) |
			(rand() % 4 ? 0 : O_CREAT);
		struct stat st;
		struct vfs_attr a;
		int fd = open(hp, flags, 0600);
		h.r = fd < 0 ? host_ret(fd) : host_ret(write(fd, "tmp", 3));
		if (h.r >= 0 && fstat(fd, &st) == 0)
			describe_stat(&h, st.st_mode, st.st_size,
				      (long)st.st_nlink);
		if (fd >= 0)
			close(fd);
		fd = fs_openat(AT_FDCWD, vp, flags, 0600);
		v.r = fd < 0 ? fd : fs_write(fd, "tmp", 3);
		if (v.r >= 0 && fs_fstat(fd, &a) == 0)
			describe_stat(&v, a.mode, (long)a.size, a.nlink);
		if (fd >= 0)
			fs_close(fd);
		snprintf(what, sizeof(what), "open(%s, O_TMPFILE %#o)", p,
			 flags);
		break;
	}
	case 17: /* the whole contents */
		host_contents(&h, hp);
		vfs_contents(&v, vp);
		snprintf(what, sizeof(what), "contents(%s)", p);
		break;
	case 18: {
		long len = rand() % (7 * 4096);
		h.r = host_ret(truncate(hp, len));
		v.r = fs_truncate(vp, len);
		snprintf(what, sizeof(what), "truncate(%s, %ld)", p, len);
		break;
	}
	default: {
		int mode = rand() % 2 ? F_OK : R_OK | W_OK;
		h.r = host_ret(access(hp, mode));
		v.r = fs_faccessat(AT_FDCWD, vp, mode, 0);
		snprintf(what, sizeof(what), "access(%s, %d)", p, mode);
		break;
	}
	}
	compare(what, &h, &v);
	steps_run++;
}

static void setup(void)
{
	void *arena = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED) {
		printf("Bail out! mmap\n");
		exit(1);
	}
	page_alloc_add_range((uintptr_t)arena, (uintptr_t)arena + ARENA_SIZE);
	if (!mkdtemp(hostdir)) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
}

/*
 * ---- The shared mappings' pages of a file whose size is unknown ----
 * A filesystem whose getattr fails (9p: the file's name now holds
 * another file) must not lose the stores of a shared mapping: msync
 * fails with its error and the page stays dirty, and a write()'s
 * notice keeps it too; once the size is known, it is written back.
 */
static char faked[8192]; /* the file's bytes */
static int faked_attr_error;
static unsigned faked_writes;

static int faked_getattr(struct vnode *vn, struct vfs_attr *a)
{
	(void)vn;
	a->size = sizeof(faked);
	return faked_attr_error;
}

static long faked_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
		       int ioflags)
{
	(void)vn, (void)ioflags;
	size_t n = off >= sizeof(faked)	       ? 0
		   : len > sizeof(faked) - off ? sizeof(faked) - off
					       : len;
	memcpy(buf, faked + off, n);
	return (long)n;
}

static long faked_write(struct vnode *vn, const void *buf, size_t len,
			uint64_t off, int ioflags)
{
	(void)vn, (void)ioflags;
	faked_writes++;
	memcpy(faked + off, buf, len); /* within: the pages are the file's */
	return (long)len;
}

static const struct vnode_ops faked_ops = {
    .getattr = faked_getattr,
    .read = faked_read,
    .write = faked_write,
};
static struct vfs_fstype faked_type = {.name = "faked"};
static struct vfs_mount faked_mount = {.type = &faked_type};

static void mapped_size_unknown(void)
{
	struct vnode vn;
	uint64_t pa = 0;
	vnode_init(&vn, &faked_mount, &faked_ops, VFS_IFREG, 1, NULL);
	bool stored = vnode_pages_init(&vn) == 0 &&
		      vnode_pages_ops.load(&vn, 0) == 0 &&
		      vnode_pages_ops.shared_page(&vn, 0, true, &pa) == 0;
	if (stored)
		memcpy((void *)(uintptr_t)pa, "mapped", 6);
	faked_attr_error = -ESTALE;
	int r = vfs_pages_flush(&vn, 0, UINT64_MAX);
	TAP_OK(stored && r == -ESTALE && faked_writes == 0,
	       "msync of a mapped file whose getattr fails: its error, "
	       "nothing written (%d)",
	       r);
	vfs_changed(&vn, 100, 4);
	faked_attr_error = 0;
	r = vfs_pages_flush(&vn, 0, UINT64_MAX);
	TAP_OK(r == 0 && faked_writes == 1 && memcmp(faked, "mapped", 6) == 0,
	       "the page stayed dirty (also through a write's notice): "
	       "written back once the size is known");
	vfs_pages_free(&vn);
}

static unsigned root_busy;

static void busy_of(const struct vfs_mount *m, void *arg)
{
	if (strcmp(m->path, (const char *)arg) == 0)
		root_busy = m->busy;
}

/* test_vfs [SEED [STEPS]]: other sequences, for exploring */
int main(int argc, char **argv)
{
	unsigned seed = argc > 1 ? (unsigned)atoi(argv[1]) : 6;
	int steps = argc > 2 ? atoi(argv[2]) : STEPS;
	setup();
	TAP_OK(vfs_register_fstype(&ramfs_type) == 0, "ramfs registers");
	TAP_OK(vfs_register_fstype(&ramfs_type) == -EEXIST,
	       "a second type of the same name is refused");
	TAP_OK(vfs_mount("rootfs", "/", "ramfs", 0, NULL) == 0,
	       "the root mounts");
	TAP_OK(fs_mkdirat(AT_FDCWD, "/t", 0755) == 0 &&
		   vfs_mount("t", "/t", "ramfs", 0, NULL) == 0,
	       "a ramfs mounts on /t");
	char x[256], w[256];
	snprintf(x, sizeof(x), "%s/x", hostdir);
	snprintf(w, sizeof(w), "%s/x/w", hostdir);
	TAP_OK(mkdir(x, 0755) == 0 && mkdir(w, 0755) == 0 &&
		   fs_mkdirat(AT_FDCWD, "/t/x", 0755) == 0 &&
		   fs_mkdirat(AT_FDCWD, "/t/x/w", 0755) == 0,
	       "both sides get a work directory two levels down (names climb "
	       "out of it)");
	TAP_OK(vfs_mount("x", "/t", "nofs", 0, NULL) == -ENODEV,
	       "an unknown type is ENODEV");
	char home[300];
	snprintf(home, sizeof(home), "%s/x/w", hostdir);
	if (chdir(home) || fs_chdir("/t/x/w"))
		printf("Bail out! cannot enter the work directories\n");
	srand(seed);
	for (int i = 0; i < steps; i++)
		step();
	TAP_OK(mismatches == 0,
	       "%d random calls give Linux's results and errno (%d differ)",
	       steps_run, mismatches);
	char big[300];
	snprintf(big, sizeof(big), "%s/x/w/big", hostdir);
	mkdir(big, 0755);
	fs_mkdirat(AT_FDCWD, "/t/x/w/big", 0755);
	big_phase = true;
	mismatches = steps_run = 0;
	for (int i = 0; i < steps; i++)
		step();
	struct outcome h = {0}, v = {0};
	host_list(&h, big);
	vfs_list(&v, "/t/x/w/big");
	compare("list(big)", &h, &v);
	TAP_OK(mismatches == 0,
	       "and %d on 300 names in one directory (%d differ)", steps_run,
	       mismatches);
	fs_chdir("/"); /* the working directory holds a vnode too */
	vfs_for_each_mount(busy_of, "/t");
	TAP_OK(root_busy == 1, "no vnode of /t stays referenced (busy %u)",
	       root_busy);
	struct vfs_statfs st;
	unsigned long fl;
	TAP_OK(fs_statfs("/t", &st, &fl) == 0 && st.magic == 0x858458f6,
	       "statfs says ramfs");
	int fd = fs_openat(AT_FDCWD, "/t/held", O_CREAT | O_RDWR, 0644);
	TAP_OK(fd >= 0 && vfs_umount("/t", 0) == -EBUSY,
	       "an open file keeps the mount busy");
	struct vfs_attr ta;
	TAP_OK(fs_fstatat(AT_FDCWD, "/t/held", &ta, 0) == 0 &&
		   ta.mtime.tv_sec == 1700000000 && ta.mtime.tv_nsec == 0 &&
		   ta.btime.tv_sec == 1700000000,
	       "ramfs's pending time stamps come out resolved");
	fs_close(fd);
	TAP_OK(vfs_umount("/t", 0) == 0, "then it unmounts");
	struct vfs_attr a;
	TAP_OK(fs_fstatat(AT_FDCWD, "/t/held", &a, 0) == -ENOENT,
	       "the covered directory shows again");
	mapped_size_unknown();
	TAP_OK(heap_check(), "the heap is consistent");
	TAP_OK(page_alloc_check(), "so is the page allocator (ramfs's pages)");
	char cmd[64];
	if (chdir("/"))
		printf("# cannot leave %s\n", hostdir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", hostdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", hostdir);
	return tap_done();
}
