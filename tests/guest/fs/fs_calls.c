/*
 * The POSIX file calls as an application sees them, built against
 * glibc's headers: results and the exact errno of each failure, on the
 * ramfs root (filled from the initrd: tests/guest/fs.test packs /data),
 * the ramfs at /tmp, devfs and procfs.  Prints "PASS name" or
 * "FAIL name: why" per check, then "checks: N failed: M"; returns the
 * number of failures.
 */
#define _GNU_SOURCE
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* readdir_r */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../app_check.h"

/* expr fails with -1 and errno e */
#define FAILS(name, expr, e)                                                   \
	do {                                                                   \
		errno = 0;                                                     \
		long r_ = (long)(expr);                                        \
		int e_ = errno;                                                \
		check(name, r_ == -1 && e_ == (e), #expr " fails with " #e);   \
	} while (0)

static int make_file(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int file_is(const char *path, const char *text)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == (ssize_t)strlen(text) && memcmp(buf, text, n) == 0;
}

static void test_console(void)
{
	struct stat st;
	CHECK("write_stdout", write(1, "console says hi\n", 16) == 16);
	CHECK("fstat_stdout_chr", fstat(1, &st) == 0 && S_ISCHR(st.st_mode));
	CHECK("isatty_stdout", isatty(1) == 1);
	errno = 0;
	CHECK("isatty_badf", isatty(999) == 0 && errno == EBADF);
	int fd = open("/data/hello.txt", O_RDONLY);
	errno = 0;
	CHECK("isatty_file_enotty", isatty(fd) == 0 && errno == ENOTTY);
	close(fd);
	/* fd 1 closed and reopened is the console again */
	int saved = dup(1);
	close(1);
	FAILS("write_closed_stdout", write(1, "x", 1), EBADF);
	CHECK("reopen_console_is_1", open("/dev/console", O_WRONLY) == 1);
	CHECK("write_reopened", write(1, "reopened stdout\n", 16) == 16);
	CHECK("dup2_back", dup2(saved, 1) == 1 && close(saved) == 0);
	/* no input waits on the console: O_NONBLOCK says so */
	int fl = fcntl(0, F_GETFL);
	char c;
	CHECK("stdin_nonblock", fcntl(0, F_SETFL, fl | O_NONBLOCK) == 0);
	FAILS("stdin_eagain", read(0, &c, 1), EAGAIN);
	fcntl(0, F_SETFL, fl);
}

static void test_open_rw(void)
{
	const char *p = "/tmp/f";
	int fd = open(p, O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK("open_creat_excl", fd >= 3);
	FAILS("open_excl_exists", open(p, O_CREAT | O_EXCL | O_RDWR, 0644),
	      EEXIST);
	CHECK("write_abc", write(fd, "abc", 3) == 3);
	CHECK("lseek_cur", lseek(fd, 0, SEEK_CUR) == 3);
	CHECK("pwrite_at_10", pwrite(fd, "Z", 1, 10) == 1);
	CHECK("offset_unchanged_by_pwrite", lseek(fd, 0, SEEK_CUR) == 3);
	char buf[32];
	memset(buf, 7, sizeof(buf));
	CHECK("pread_all", pread(fd, buf, sizeof(buf), 0) == 11);
	CHECK("hole_zero_filled", memcmp(buf, "abc\0\0\0\0\0\0\0Z", 11) == 0);
	CHECK("read_at_eof",
	      lseek(fd, 0, SEEK_END) == 11 && read(fd, buf, 4) == 0);
	CHECK("lseek_end_minus", lseek(fd, -1, SEEK_END) == 10);
	FAILS("lseek_negative", lseek(fd, -100, SEEK_SET), EINVAL);
	FAILS("lseek_bad_whence", lseek(fd, 0, 42), EINVAL);
	CHECK("lseek_past_end", lseek(fd, 100, SEEK_SET) == 100);
	struct iovec w[3] = {{"one ", 4}, {"two ", 4}, {"three", 5}};
	CHECK("writev", lseek(fd, 0, SEEK_SET) == 0 && writev(fd, w, 3) == 13);
	char a[4], b[4], c[5];
	struct iovec r[3] = {{a, 4}, {b, 4}, {c, 5}};
	CHECK("readv", lseek(fd, 0, SEEK_SET) == 0 && readv(fd, r, 3) == 13 &&
			   memcmp(a, "one ", 4) == 0 &&
			   memcmp(c, "three", 5) == 0);
	CHECK("close", close(fd) == 0);
	FAILS("close_twice", close(fd), EBADF);
	FAILS("read_closed", read(fd, buf, 1), EBADF);

	fd = open(p, O_RDONLY);
	FAILS("write_rdonly", write(fd, "x", 1), EBADF);
	close(fd);
	fd = open(p, O_WRONLY);
	FAILS("read_wronly", read(fd, buf, 1), EBADF);
	close(fd);

	fd = open(p, O_WRONLY | O_APPEND);
	CHECK("append_goes_to_end", lseek(fd, 0, SEEK_SET) == 0 &&
					write(fd, "!", 1) == 1 &&
					lseek(fd, 0, SEEK_CUR) == 14);
	close(fd);
	fd = open(p, O_WRONLY | O_TRUNC);
	struct stat st;
	CHECK("o_trunc", fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
	close(fd);
	CHECK("creat", (fd = creat("/tmp/creat", 0600)) >= 0 &&
			   fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600);
	close(fd);

	FAILS("open_enoent", open("/tmp/nope", O_RDONLY), ENOENT);
	FAILS("open_enoent_dir", open("/nope/x", O_RDONLY), ENOENT);
	FAILS("open_file_as_dir", open("/tmp/f/x", O_RDONLY), ENOTDIR);
	FAILS("open_trailing_slash_file", open("/tmp/f/", O_RDONLY), ENOTDIR);
	FAILS("o_directory_file", open(p, O_RDONLY | O_DIRECTORY), ENOTDIR);
	FAILS("open_dir_wronly", open("/tmp", O_WRONLY), EISDIR);
	FAILS("open_dir_rdwr", open("/tmp", O_RDWR), EISDIR);
	FAILS("creat_on_dir", open("/tmp", O_CREAT | O_WRONLY, 0644), EISDIR);
	FAILS("creat_trailing_slash",
	      open("/tmp/newdir/", O_CREAT | O_RDWR, 0644), EISDIR);
	fd = open("/tmp", O_RDONLY);
	FAILS("read_dir_eisdir", read(fd, buf, 1), EISDIR);
	close(fd);
	char longname[300];
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "/tmp/", 5);
	longname[261] = 0;
	FAILS("name_too_long", open(longname, O_RDONLY), ENAMETOOLONG);
	char *longpath = malloc(5000);
	for (int i = 0; i < 4998; i += 2)
		memcpy(longpath + i, "/.", 2);
	longpath[4998] = 0;
	FAILS("path_too_long", open(longpath, O_RDONLY), ENAMETOOLONG);
	free(longpath);
	FAILS("open_empty", open("", O_RDONLY), ENOENT);

	/* openat */
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK("openat_relative", (fd = openat(dfd, "f", O_RDONLY)) >= 0);
	close(fd);
	int ffd = open(p, O_RDONLY);
	FAILS("openat_notdir", openat(ffd, "x", O_RDONLY), ENOTDIR);
	FAILS("openat_badf", openat(999, "x", O_RDONLY), EBADF);
	CHECK("openat_absolute_ignores_fd",
	      (fd = openat(999, "/tmp/f", O_RDONLY)) >= 0);
	close(fd);
	close(ffd);
	close(dfd);
}

static void test_stat(void)
{
	struct stat st, st2;
	CHECK("stat_file", stat("/data/hello.txt", &st) == 0 &&
			       S_ISREG(st.st_mode) && st.st_size == 22 &&
			       st.st_nlink == 1);
	CHECK("initrd_mode_kept", (st.st_mode & 0777) == 0640);
	int fd = open("/data/hello.txt", O_RDONLY);
	CHECK("fstat_same_inode", fstat(fd, &st2) == 0 &&
				      st.st_ino == st2.st_ino &&
				      st.st_dev == st2.st_dev);
	CHECK("fstatat_empty_path", fstatat(fd, "", &st2, AT_EMPTY_PATH) == 0 &&
					st.st_ino == st2.st_ino);
	FAILS("fstatat_empty_no_flag", fstatat(fd, "", &st2, 0), ENOENT);
	close(fd);
	CHECK("lstat_symlink", lstat("/data/link", &st) == 0 &&
				   S_ISLNK(st.st_mode) && st.st_size == 9);
	CHECK("stat_follows", stat("/data/link", &st2) == 0 &&
				  S_ISREG(st2.st_mode) && st2.st_size == 22);
	FAILS("stat_empty", stat("", &st), ENOENT);
	FAILS("stat_enoent", stat("/nope", &st), ENOENT);
	FAILS("fstat_badf", fstat(-1, &st), EBADF);
	struct statx sx;
	CHECK("statx",
	      statx(AT_FDCWD, "/data/hello.txt", 0, STATX_BASIC_STATS, &sx) ==
		      0 &&
		  (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS &&
		  sx.stx_size == 22 && S_ISREG(sx.stx_mode));
	CHECK("statx_nofollow",
	      statx(AT_FDCWD, "/data/link", AT_SYMLINK_NOFOLLOW,
		    STATX_BASIC_STATS, &sx) == 0 &&
		  S_ISLNK(sx.stx_mode));
	CHECK("root_is_dir", stat("/", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK("root_dotdot_is_root", stat("/..", &st2) == 0 &&
					 st.st_ino == st2.st_ino &&
					 st.st_dev == st2.st_dev);
	CHECK("mount_other_dev",
	      stat("/tmp", &st2) == 0 && st2.st_dev != st.st_dev);
	CHECK("mount_dotdot_to_parent", stat("/tmp/..", &st2) == 0 &&
					    st2.st_ino == st.st_ino &&
					    st2.st_dev == st.st_dev);

	CHECK("access_f_ok", access("/data/hello.txt", F_OK) == 0);
	CHECK("access_rw", access("/data/hello.txt", R_OK | W_OK) == 0);
	FAILS("access_enoent", access("/data/nope", F_OK), ENOENT);
	FAILS("access_x_noexec", access("/data/hello.txt", X_OK), EACCES);
	FAILS("access_erofs", access("/proc/cpuinfo", W_OK), EROFS);
	FAILS("access_einval", access("/", 64), EINVAL);
	CHECK("faccessat", faccessat(AT_FDCWD, "/data", X_OK, 0) == 0);
}

static void test_names(void)
{
	struct stat st;
	CHECK("mkdir", mkdir("/tmp/d", 0755) == 0 && stat("/tmp/d", &st) == 0 &&
			   S_ISDIR(st.st_mode) && st.st_nlink == 2);
	FAILS("mkdir_eexist", mkdir("/tmp/d", 0755), EEXIST);
	FAILS("mkdir_root_eexist", mkdir("/", 0755), EEXIST);
	FAILS("mkdir_enoent", mkdir("/tmp/nope/x", 0755), ENOENT);
	FAILS("mkdir_enotdir", mkdir("/tmp/f/x", 0755), ENOTDIR);
	FAILS("mkdir_erofs", mkdir("/proc/x", 0755), EROFS);
	CHECK("mkdir_trailing_slash", mkdir("/tmp/d2/", 0755) == 0);
	CHECK("mkdir_sub", mkdir("/tmp/d/sub", 0700) == 0 &&
			       stat("/tmp/d", &st) == 0 && st.st_nlink == 3);
	FAILS("rmdir_notempty", rmdir("/tmp/d"), ENOTEMPTY);
	FAILS("rmdir_file", rmdir("/tmp/f"), ENOTDIR);
	FAILS("rmdir_dot", rmdir("/tmp/d/."), EINVAL);
	FAILS("rmdir_root", rmdir("/"), EBUSY);
	FAILS("rmdir_mountpoint", rmdir("/tmp"), EBUSY);
	FAILS("rmdir_enoent", rmdir("/tmp/nope"), ENOENT);
	FAILS("unlink_dir", unlink("/tmp/d"), EISDIR);
	FAILS("unlink_enoent", unlink("/tmp/nope"), ENOENT);
	FAILS("unlink_erofs", unlink("/proc/cpuinfo"), EROFS);
	CHECK("rmdir_empty",
	      rmdir("/tmp/d2") == 0 && stat("/tmp/d2", &st) == -1);

	/* rename */
	make_file("/tmp/r1", "r1");
	CHECK("rename_file", rename("/tmp/r1", "/tmp/r2") == 0 &&
				 access("/tmp/r1", F_OK) == -1 &&
				 file_is("/tmp/r2", "r1"));
	make_file("/tmp/r3", "r3");
	CHECK("rename_replaces", rename("/tmp/r2", "/tmp/r3") == 0 &&
				     file_is("/tmp/r3", "r1") &&
				     access("/tmp/r2", F_OK) == -1);
	FAILS("rename_file_over_dir", rename("/tmp/r3", "/tmp/d"), EISDIR);
	FAILS("rename_dir_over_file", rename("/tmp/d", "/tmp/r3"), ENOTDIR);
	FAILS("rename_into_self", rename("/tmp/d", "/tmp/d/sub/x"), EINVAL);
	mkdir("/tmp/e", 0755);
	FAILS("rename_over_nonempty", rename("/tmp/e", "/tmp/d"), ENOTEMPTY);
	CHECK("rename_dir_over_empty",
	      rename("/tmp/d", "/tmp/e") == 0 && stat("/tmp/e/sub", &st) == 0);
	FAILS("rename_exdev", rename("/tmp/r3", "/r3"), EXDEV);
	FAILS("rename_enoent", rename("/tmp/nope", "/tmp/x"), ENOENT);
	FAILS("rename_dot", rename("/tmp/e/.", "/tmp/x"), EBUSY);
	CHECK("rename_dir_moves", rename("/tmp/e/sub", "/tmp/sub") == 0 &&
				      stat("/tmp/sub/..", &st) == 0);
	struct stat tmp;
	stat("/tmp", &tmp);
	CHECK("moved_dir_parent", st.st_ino == tmp.st_ino);

	/* link */
	CHECK("link", link("/tmp/r3", "/tmp/l3") == 0 &&
			  stat("/tmp/r3", &st) == 0 && st.st_nlink == 2);
	struct stat st2;
	CHECK("link_same_inode",
	      stat("/tmp/l3", &st2) == 0 && st2.st_ino == st.st_ino);
	CHECK("rename_same_file", rename("/tmp/r3", "/tmp/l3") == 0 &&
				      access("/tmp/r3", F_OK) == 0);
	FAILS("link_dir", link("/tmp/e", "/tmp/e2"), EPERM);
	FAILS("link_eexist", link("/tmp/r3", "/tmp/l3"), EEXIST);
	FAILS("link_exdev", link("/tmp/r3", "/l3"), EXDEV);
	CHECK("unlink_link", unlink("/tmp/l3") == 0 &&
				 stat("/tmp/r3", &st) == 0 && st.st_nlink == 1);
	int fd = open("/tmp/r3", O_RDONLY);
	char buf[8];
	CHECK("unlinked_still_readable",
	      unlink("/tmp/r3") == 0 && fstat(fd, &st) == 0 &&
		  st.st_nlink == 0 && read(fd, buf, 8) == 2);
	close(fd);

	/* symlinks */
	CHECK("symlink", symlink("r-target", "/tmp/s") == 0);
	char t[64];
	memset(t, 'x', sizeof(t));
	CHECK("readlink", readlink("/tmp/s", t, sizeof(t)) == 8 &&
			      memcmp(t, "r-target", 8) == 0 && t[8] == 'x');
	CHECK("readlink_truncates", readlink("/tmp/s", t, 3) == 3);
	FAILS("readlink_not_link", readlink("/tmp/e", t, sizeof(t)), EINVAL);
	FAILS("readlink_enoent", readlink("/tmp/nope", t, sizeof(t)), ENOENT);
	FAILS("symlink_eexist", symlink("x", "/tmp/s"), EEXIST);
	FAILS("symlink_empty", symlink("", "/tmp/s2"), ENOENT);
	FAILS("open_dangling", open("/tmp/s", O_RDONLY), ENOENT);
	CHECK("creat_through_dangling",
	      (fd = open("/tmp/s", O_CREAT | O_WRONLY, 0644)) >= 0 &&
		  access("/tmp/r-target", F_OK) == 0);
	close(fd);
	FAILS("o_nofollow", open("/tmp/s", O_RDONLY | O_NOFOLLOW), ELOOP);
	FAILS("o_excl_on_link",
	      open("/tmp/s", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	symlink("loop2", "/tmp/loop1");
	symlink("loop1", "/tmp/loop2");
	FAILS("symlink_loop", open("/tmp/loop1", O_RDONLY), ELOOP);
	FAILS("symlink_loop_stat", stat("/tmp/loop1/x", &st), ELOOP);
	CHECK("lstat_loop_ok", lstat("/tmp/loop1", &st) == 0);
	symlink("/tmp/e", "/tmp/dirlink");
	CHECK("symlink_dir_walk", mkdir("/tmp/dirlink/in", 0755) == 0 &&
				      stat("/tmp/e/in", &st) == 0);
	CHECK("symlink_dotdot", stat("/tmp/dirlink/in/../..", &st) == 0 &&
				    st.st_ino == tmp.st_ino);
	FAILS("unlink_link_slash", unlink("/tmp/dirlink/"), ENOTDIR);
	CHECK("unlink_symlink",
	      unlink("/tmp/dirlink") == 0 && stat("/tmp/e", &st) == 0);
	/* 40 links are followed, the 41st is ELOOP */
	char name[32], target[32];
	make_file("/tmp/c0", "end");
	for (int i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "/tmp/c%d", i);
		snprintf(target, sizeof(target), "c%d", i - 1);
		symlink(target, name);
	}
	CHECK("forty_links", file_is("/tmp/c40", "end"));
	FAILS("forty_one_links", open("/tmp/c41", O_RDONLY), ELOOP);

	/* *at forms */
	int dfd = open("/tmp/e", O_RDONLY | O_DIRECTORY);
	CHECK("mkdirat",
	      mkdirat(dfd, "at", 0755) == 0 && stat("/tmp/e/at", &st) == 0);
	CHECK("unlinkat_removedir", unlinkat(dfd, "at", AT_REMOVEDIR) == 0);
	FAILS("unlinkat_badflag", unlinkat(dfd, "in", 0x1), EINVAL);
	CHECK("symlinkat_readlinkat",
	      symlinkat("zz", dfd, "sl") == 0 &&
		  readlinkat(dfd, "sl", t, sizeof(t)) == 2);
	CHECK("renameat", renameat(dfd, "sl", AT_FDCWD, "/tmp/sl2") == 0);
	CHECK("linkat", linkat(AT_FDCWD, "/tmp/f", dfd, "lf", 0) == 0);
	close(dfd);
}

static void test_attrs(void)
{
	struct stat st;
	int fd;
	CHECK("truncate_grow", truncate("/tmp/f", 100) == 0 &&
				   stat("/tmp/f", &st) == 0 &&
				   st.st_size == 100);
	fd = open("/tmp/f", O_RDWR);
	char buf[100];
	CHECK("truncate_zeros", read(fd, buf, 100) == 100 && buf[50] == 0);
	CHECK("ftruncate_shrink",
	      ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
	FAILS("ftruncate_negative", ftruncate(fd, -1), EINVAL);
	CHECK("fsync", fsync(fd) == 0 && fdatasync(fd) == 0);
	close(fd);
	sync();
	fd = open("/tmp/f", O_RDONLY);
	FAILS("ftruncate_rdonly", ftruncate(fd, 0), EINVAL);
	close(fd);
	FAILS("truncate_dir", truncate("/tmp", 0), EISDIR);
	FAILS("truncate_enoent", truncate("/tmp/nope", 0), ENOENT);
	FAILS("fsync_badf", fsync(-1), EBADF);

	CHECK("umask_default", umask(027) == 022);
	fd = open("/tmp/masked", O_CREAT | O_WRONLY, 0666);
	CHECK("umask_applied",
	      fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0640);
	close(fd);
	umask(022);
	CHECK("chmod", chmod("/tmp/masked", 0604) == 0 &&
			   stat("/tmp/masked", &st) == 0 &&
			   (st.st_mode & 07777) == 0604);
	fd = open("/tmp/masked", O_RDONLY);
	CHECK("fchmod", fchmod(fd, 0755) == 0 && fstat(fd, &st) == 0 &&
			    (st.st_mode & 07777) == 0755);
	close(fd);
	CHECK("access_x_after_chmod", access("/tmp/masked", X_OK) == 0);
	FAILS("chmod_enoent", chmod("/tmp/nope", 0644), ENOENT);
	FAILS("chmod_erofs", chmod("/proc/cpuinfo", 0644), EROFS);

	struct timespec ts[2] = {{123, 456}, {789, 1011}};
	CHECK("utimensat",
	      utimensat(AT_FDCWD, "/tmp/masked", ts, 0) == 0 &&
		  stat("/tmp/masked", &st) == 0 && st.st_atim.tv_sec == 123 &&
		  st.st_mtim.tv_sec == 789 && st.st_mtim.tv_nsec == 1011);
	struct timespec omit[2] = {{0, UTIME_OMIT}, {5, 0}};
	CHECK("utime_omit", utimensat(AT_FDCWD, "/tmp/masked", omit, 0) == 0 &&
				stat("/tmp/masked", &st) == 0 &&
				st.st_atim.tv_sec == 123 &&
				st.st_mtim.tv_sec == 5);
	struct timespec bad[2] = {{0, 2000000000}, {0, 0}};
	FAILS("utime_einval", utimensat(AT_FDCWD, "/tmp/masked", bad, 0),
	      EINVAL);
	fd = open("/tmp/masked", O_RDONLY);
	CHECK("futimens_now", futimens(fd, NULL) == 0 && fstat(fd, &st) == 0 &&
				  st.st_mtim.tv_sec > 5);
	close(fd);

	struct statfs sf;
	CHECK("statfs_tmp", statfs("/tmp", &sf) == 0 &&
				sf.f_type == 0x858458f6 && sf.f_bsize == 4096);
	CHECK("statfs_proc", statfs("/proc", &sf) == 0 && sf.f_type == 0x9fa0);
	struct statvfs sv;
	CHECK("statvfs", statvfs("/", &sv) == 0 && sv.f_bsize == 4096 &&
			     sv.f_namemax == 255 && !(sv.f_flag & ST_RDONLY));
	CHECK("statvfs_proc_rdonly",
	      statvfs("/proc/cpuinfo", &sv) == 0 && (sv.f_flag & ST_RDONLY));
	fd = open("/tmp", O_RDONLY);
	CHECK("fstatfs", fstatfs(fd, &sf) == 0 && sf.f_type == 0x858458f6);
	CHECK("fstatvfs", fstatvfs(fd, &sv) == 0);
	close(fd);
	FAILS("statfs_enoent", statfs("/nope", &sf), ENOENT);
}

static void test_cwd(void)
{
	char buf[256];
	CHECK("getcwd_root", getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0);
	CHECK("chdir_tmp", chdir("/tmp/e") == 0 && getcwd(buf, sizeof(buf)) &&
			       strcmp(buf, "/tmp/e") == 0);
	CHECK("relative_open", access("in", F_OK) == 0);
	errno = 0;
	CHECK("getcwd_erange", getcwd(buf, 3) == NULL && errno == ERANGE);
	char *p = getcwd(NULL, 0);
	CHECK("getcwd_malloc", p && strcmp(p, "/tmp/e") == 0);
	free(p);
	CHECK("chdir_dotdot", chdir("../..") == 0 && getcwd(buf, sizeof(buf)) &&
				  strcmp(buf, "/") == 0);
	FAILS("chdir_file", chdir("/tmp/f"), ENOTDIR);
	FAILS("chdir_enoent", chdir("/tmp/nope"), ENOENT);
	int fd = open("/data", O_RDONLY | O_DIRECTORY);
	CHECK("fchdir", fchdir(fd) == 0 && getcwd(buf, sizeof(buf)) &&
			    strcmp(buf, "/data") == 0);
	close(fd);
	fd = open("/data/hello.txt", O_RDONLY);
	FAILS("fchdir_file", fchdir(fd), ENOTDIR);
	close(fd);
	chdir("/");
}

static int count_entries(DIR *d, int *dots, int *regs)
{
	struct dirent *e;
	int n = 0;
	*dots = *regs = 0;
	while ((e = readdir(d))) {
		n++;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			(*dots)++;
		else if (e->d_type == DT_REG)
			(*regs)++;
	}
	return n;
}

static void test_dirs(void)
{
	mkdir("/tmp/ls", 0755);
	make_file("/tmp/ls/c", "");
	make_file("/tmp/ls/a", "");
	make_file("/tmp/ls/b", "");
	DIR *d = opendir("/tmp/ls");
	int dots, regs;
	CHECK("readdir_all", d && count_entries(d, &dots, &regs) == 5 &&
				 dots == 2 && regs == 3);
	rewinddir(d);
	CHECK("rewinddir", count_entries(d, &dots, &regs) == 5);
	rewinddir(d);
	readdir(d);
	readdir(d);
	long pos = telldir(d);
	struct dirent *e = readdir(d);
	char first[256];
	strcpy(first, e ? e->d_name : "");
	readdir(d);
	seekdir(d, pos);
	e = readdir(d);
	CHECK("seekdir", e && strcmp(e->d_name, first) == 0);
	struct dirent ent, *res;
	rewinddir(d);
	CHECK("readdir_r", readdir_r(d, &ent, &res) == 0 && res == &ent &&
			       strcmp(ent.d_name, ".") == 0);
	CHECK("dirfd", dirfd(d) >= 3);
	CHECK("closedir", closedir(d) == 0);
	struct dirent **list;
	int n = scandir("/tmp/ls", &list, NULL, alphasort);
	CHECK("scandir_sorted", n == 5 && !strcmp(list[2]->d_name, "a") &&
				    !strcmp(list[3]->d_name, "b") &&
				    !strcmp(list[4]->d_name, "c"));
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	errno = 0;
	CHECK("opendir_enoent", !opendir("/nope") && errno == ENOENT);
	errno = 0;
	CHECK("opendir_file", !opendir("/tmp/f") && errno == ENOTDIR);
	int fd = open("/tmp/f", O_RDONLY);
	errno = 0;
	CHECK("fdopendir_file", !fdopendir(fd) && errno == ENOTDIR);
	char buf[512];
	FAILS("getdents_file", getdents64(fd, buf, sizeof(buf)), ENOTDIR);
	close(fd);
	fd = open("/tmp/ls", O_RDONLY | O_DIRECTORY);
	FAILS("getdents_small", getdents64(fd, buf, 8), EINVAL);
	FAILS("lseek_dir_end", lseek(fd, 0, SEEK_END), EINVAL);
	CHECK("getdents_some", getdents64(fd, buf, sizeof(buf)) > 0);
	close(fd);
	/* an entry removed while listing is not listed (one a call) */
	fd = open("/tmp/ls", O_RDONLY | O_DIRECTORY);
	int got = 0;
	while (got < 3 && getdents64(fd, buf, 32) > 0)
		got++;
	unlink("/tmp/ls/a");
	int rest = 0;
	ssize_t m;
	while ((m = getdents64(fd, buf, 32)) > 0)
		rest++;
	CHECK("getdents_after_unlink",
	      got == 3 && rest == 1 && m == 0 &&
		  !strcmp(((struct dirent *)buf)->d_name, "b"));
	close(fd);
	/* the root lists the initrd's directories and the mount points */
	d = opendir("/");
	int saw = 0;
	while ((e = readdir(d)))
		saw |= (!strcmp(e->d_name, "data") ? 1 : 0) |
		       (!strcmp(e->d_name, "dev") ? 2 : 0) |
		       (!strcmp(e->d_name, "proc") ? 4 : 0) |
		       (!strcmp(e->d_name, "tmp") ? 8 : 0);
	closedir(d);
	CHECK("root_listing", saw == 15);
}

static volatile int sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void test_fds(void)
{
	int fd = open("/tmp/f", O_RDWR | O_APPEND);
	int d = dup(fd);
	CHECK("dup_lowest", d == fd + 1);
	CHECK("dup_shares_offset",
	      lseek(fd, 2, SEEK_SET) == 2 && lseek(d, 0, SEEK_CUR) == 2);
	CHECK("dup2", dup2(fd, 20) == 20 && fcntl(20, F_GETFD) == 0);
	CHECK("dup2_same", dup2(fd, fd) == fd);
	FAILS("dup3_same", dup3(fd, fd, 0), EINVAL);
	CHECK("dup3_cloexec", dup3(fd, 21, O_CLOEXEC) == 21 &&
				  fcntl(21, F_GETFD) == FD_CLOEXEC);
	FAILS("dup3_badflag", dup3(fd, 22, O_APPEND), EINVAL);
	FAILS("dup2_badf", dup2(999, 23), EBADF);
	FAILS("dup_badf", dup(-1), EBADF);
	CHECK("f_dupfd", fcntl(fd, F_DUPFD, 30) >= 30);
	int c = fcntl(fd, F_DUPFD_CLOEXEC, 40);
	CHECK("f_dupfd_cloexec", c >= 40 && fcntl(c, F_GETFD) == FD_CLOEXEC);
	CHECK("f_setfd", fcntl(c, F_SETFD, 0) == 0 && fcntl(c, F_GETFD) == 0);
	CHECK("f_getfl", (fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND)) ==
			     (O_RDWR | O_APPEND));
	CHECK("f_setfl",
	      fcntl(fd, F_SETFL, 0) == 0 && !(fcntl(d, F_GETFL) & O_APPEND));
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	CHECK("f_setlk", fcntl(fd, F_SETLK, &fl) == 0);
	CHECK("f_setlkw", fcntl(fd, F_SETLKW, &fl) == 0);
	CHECK("f_getlk_unlocked",
	      fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK);
	fl.l_type = 42;
	FAILS("f_setlk_einval", fcntl(fd, F_SETLK, &fl), EINVAL);
	int ro = open("/tmp/f", O_RDONLY);
	fl.l_type = F_WRLCK;
	FAILS("f_setlk_ebadf", fcntl(ro, F_SETLK, &fl), EBADF);
	FAILS("fcntl_badf", fcntl(-1, F_GETFD), EBADF);
	FAILS("fcntl_badcmd", fcntl(fd, 9999), EINVAL);
	close(ro);
	close(c);
	close(20);
	close(21);
	close(d);
	close(fd);

	int p[2];
	char buf[8];
	struct stat st;
	CHECK("pipe", pipe(p) == 0 && write(p[1], "ping", 4) == 4 &&
			  read(p[0], buf, 8) == 4 && !memcmp(buf, "ping", 4));
	CHECK("pipe_fifo", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
	FAILS("pipe_lseek", lseek(p[0], 0, SEEK_SET), ESPIPE);
	close(p[1]);
	CHECK("pipe_eof", read(p[0], buf, 8) == 0);
	close(p[0]);
	CHECK("pipe2_nonblock", pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	FAILS("pipe_eagain", read(p[0], buf, 8), EAGAIN);
	close(p[0]);
	signal(SIGPIPE, on_sigpipe);
	FAILS("pipe_epipe", write(p[1], "x", 1), EPIPE);
	CHECK("pipe_sigpipe", sigpipes == 1);
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void test_devices(void)
{
	char buf[64];
	struct stat st;
	int fd = open("/dev/null", O_RDWR);
	CHECK("null",
	      fd >= 0 && read(fd, buf, 64) == 0 && write(fd, buf, 64) == 64);
	CHECK("null_rdev", fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
			       st.st_rdev == ((1 << 8) | 3));
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 1, sizeof(buf));
	CHECK("zero", read(fd, buf, 64) == 64 && buf[0] == 0 && buf[63] == 0);
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	FAILS("full_enospc", write(fd, "x", 1), ENOSPC);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	unsigned char r1[32], r2[32];
	CHECK("urandom", read(fd, r1, 32) == 32 && read(fd, r2, 32) == 32 &&
			     memcmp(r1, r2, 32) != 0);
	close(fd);
	CHECK("random", access("/dev/random", R_OK) == 0);
	CHECK("console_node",
	      stat("/dev/console", &st) == 0 && S_ISCHR(st.st_mode));
	FAILS("dev_enoent", open("/dev/nope", O_RDONLY), ENOENT);
	fd = open("/dev/stdout", O_WRONLY);
	CHECK("dev_stdout", write(fd, "via /dev/stdout\n", 16) == 16);
	close(fd);
	FAILS("dev_mkdir", mkdir("/dev/x", 0755), EPERM);

	char link[256];
	ssize_t n = readlink("/proc/self/exe", link, sizeof(link) - 1);
	CHECK("proc_self_exe",
	      n > 0 && (link[n] = 0, 1) && strcmp(link, "/fs_calls.so") == 0);
	char *text = malloc(65536);
	fd = open("/proc/self/maps", O_RDONLY);
	n = read(fd, text, 65535);
	text[n > 0 ? n : 0] = 0;
	close(fd);
	CHECK("proc_self_maps",
	      strstr(text, "r-xp") && strstr(text, "/fs_calls.so"));
	fd = open("/proc/cpuinfo", O_RDONLY);
	n = read(fd, text, 65535);
	text[n > 0 ? n : 0] = 0;
	close(fd);
	CHECK("proc_cpuinfo", strstr(text, "processor\t: 0") != NULL);
	/* every x86-64 CPU has them: edx bits 0 and 26 of CPUID leaf 1 */
	CHECK("proc_cpuinfo_flags",
	      strstr(text, "flags\t\t: fpu ") && strstr(text, " sse2 "));
	fd = open("/proc/meminfo", O_RDONLY);
	n = read(fd, text, 65535);
	text[n > 0 ? n : 0] = 0;
	close(fd);
	CHECK("proc_meminfo", strncmp(text, "MemTotal:", 9) == 0);
	fd = open("/proc/mounts", O_RDONLY);
	n = read(fd, text, 65535);
	text[n > 0 ? n : 0] = 0;
	close(fd);
	CHECK("proc_mounts", strstr(text, " /tmp ramfs rw") != NULL);
	free(text);
	FAILS("proc_write_erofs", open("/proc/cpuinfo", O_WRONLY), EROFS);
	fd = open("/data/sub/deep.txt", O_RDONLY);
	char name[64];
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	n = readlink(name, link, sizeof(link) - 1);
	CHECK("proc_self_fd_link",
	      n > 0 && (link[n] = 0, 1) && !strcmp(link, "/data/sub/deep.txt"));
	n = readlink("/proc/self/fd/1", link, sizeof(link) - 1);
	CHECK("proc_self_fd_console",
	      n > 0 && (link[n] = 0, 1) && !strcmp(link, "/dev/console"));
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int fds = 0, seen = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		fds++;
		seen |= atoi(e->d_name) == fd;
	}
	CHECK("proc_self_fd_list", seen && fds >= 5); /* 0-2, fd, dirfd */
	closedir(d);
	close(fd);
	FAILS("proc_self_fd_closed", readlink(name, link, sizeof(link)),
	      ENOENT);
	fd = open("/tmp/del", O_CREAT | O_RDWR, 0644);
	unlink("/tmp/del");
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	n = readlink(name, link, sizeof(link) - 1);
	CHECK("proc_self_fd_deleted",
	      n > 0 && (link[n] = 0, 1) && !strcmp(link, "/tmp/del (deleted)"));
	close(fd);
}

static void test_mounts(void)
{
	mkdir("/tmp/m", 0755);
	CHECK("mount_ramfs", mount("none", "/tmp/m", "ramfs", 0, NULL) == 0);
	CHECK("mounted_file", make_file("/tmp/m/x", "in mount") == 0);
	int fd = open("/tmp/m/x", O_RDONLY);
	FAILS("umount_busy", umount("/tmp/m"), EBUSY);
	close(fd);
	FAILS("rename_exdev_mount", rename("/tmp/m/x", "/tmp/x"), EXDEV);
	CHECK("umount", umount("/tmp/m") == 0);
	CHECK("unmounted_gone",
	      access("/tmp/m/x", F_OK) == -1 && errno == ENOENT);
	FAILS("mount_enodev", mount("none", "/tmp/m", "nofs", 0, NULL), ENODEV);
	FAILS("mount_enoent", mount("none", "/tmp/nope", "ramfs", 0, NULL),
	      ENOENT);
	FAILS("umount_not_mount", umount("/tmp/e"), EINVAL);
	CHECK("mount_rdonly",
	      mount("none", "/tmp/m", "ramfs", MS_RDONLY, NULL) == 0);
	FAILS("rdonly_erofs", open("/tmp/m/y", O_CREAT | O_WRONLY, 0644),
	      EROFS);
	CHECK("umount2", umount2("/tmp/m", 0) == 0);
}

/* Entries in dir, "." and ".." included; -1 when it cannot be listed. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* Pages that the filesystem of path holds (statfs: blocks - free). */
static long used_pages(const char *path)
{
	struct statfs st;
	return statfs(path, &st) == 0 ? (long)(st.f_blocks - st.f_bfree) : -1;
}

/* O_TMPFILE: a file with no name, gone with its last descriptor. */
static void test_tmpfile(void)
{
	int listed = entries("/tmp");
	long used = used_pages("/tmp");
	int fd = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	struct stat st;
	char buf[8] = {0};
	static char mib[1 << 20];
	CHECK("tmpfile_open", fd >= 0);
	CHECK("tmpfile_rw", write(fd, "abc", 3) == 3 &&
				pread(fd, buf, sizeof(buf), 0) == 3 &&
				!memcmp(buf, "abc", 3));
	CHECK("tmpfile_stat", fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
				  st.st_nlink == 0 && st.st_size == 3 &&
				  (st.st_mode & 07777) == 0600);
	CHECK("tmpfile_no_name", entries("/tmp") == listed);
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("tmpfile_map_shared",
	      p != MAP_FAILED && p[1] == 'b' && (p[1] = 'B') &&
		  pread(fd, buf, 3, 0) == 3 && !memcmp(buf, "aBc", 3));
	if (p != MAP_FAILED)
		munmap(p, 4096);
	memset(mib, 'x', sizeof(mib));
	CHECK("tmpfile_holds_pages",
	      write(fd, mib, sizeof(mib)) == (ssize_t)sizeof(mib) &&
		  used_pages("/tmp") >= used + 256);
	close(fd);
	CHECK("tmpfile_freed_on_close", used_pages("/tmp") == used);
	FAILS("tmpfile_rdonly", open("/tmp", O_TMPFILE | O_RDONLY, 0600),
	      EINVAL);
	FAILS("tmpfile_creat", open("/tmp", O_TMPFILE | O_CREAT | O_RDWR, 0600),
	      EINVAL);
	FAILS("tmpfile_enoent", open("/tmp/nope", O_TMPFILE | O_RDWR, 0600),
	      ENOENT);
	make_file("/tmp/plain", "plain");
	FAILS("tmpfile_enotdir", open("/tmp/plain", O_TMPFILE | O_RDWR, 0600),
	      ENOTDIR);
	unlink("/tmp/plain");
	mkdir("/tmp/ro", 0755);
	CHECK("tmpfile_ro_mount",
	      mount("none", "/tmp/ro", "ramfs", MS_RDONLY, NULL) == 0);
	FAILS("tmpfile_erofs", open("/tmp/ro", O_TMPFILE | O_RDWR, 0600),
	      EROFS);
	umount("/tmp/ro");
	rmdir("/tmp/ro");
}

/* renameat2: RENAME_NOREPLACE and RENAME_EXCHANGE. */
static void test_rename_flags(void)
{
	struct stat st, up, tmp_before, tmp_after;
	mkdir("/tmp/x", 0755);
	make_file("/tmp/x/a", "A");
	make_file("/tmp/x/b", "B");
	FAILS("noreplace_eexist",
	      renameat2(AT_FDCWD, "/tmp/x/a", AT_FDCWD, "/tmp/x/b",
			RENAME_NOREPLACE),
	      EEXIST);
	CHECK("noreplace_new_name",
	      renameat2(AT_FDCWD, "/tmp/x/a", AT_FDCWD, "/tmp/x/c",
			RENAME_NOREPLACE) == 0 &&
		  file_is("/tmp/x/c", "A"));
	CHECK("exchange_files", renameat2(AT_FDCWD, "/tmp/x/c", AT_FDCWD,
					  "/tmp/x/b", RENAME_EXCHANGE) == 0 &&
				    file_is("/tmp/x/c", "B") &&
				    file_is("/tmp/x/b", "A"));
	mkdir("/tmp/x/d", 0755);
	mkdir("/tmp/x/e", 0755);
	make_file("/tmp/x/e/f", "F");
	stat("/tmp/x", &tmp_before);
	CHECK("exchange_dir_and_file",
	      renameat2(AT_FDCWD, "/tmp/x/d", AT_FDCWD, "/tmp/x/e/f",
			RENAME_EXCHANGE) == 0 &&
		  file_is("/tmp/x/d", "F") && stat("/tmp/x/e/f", &st) == 0 &&
		  S_ISDIR(st.st_mode));
	/* the directory moved down: its ".." and the links follow */
	CHECK("exchange_dir_parent",
	      stat("/tmp/x/e/f/..", &st) == 0 && stat("/tmp/x/e", &up) == 0 &&
		  st.st_ino == up.st_ino && up.st_nlink == 3 &&
		  stat("/tmp/x", &tmp_after) == 0 &&
		  tmp_after.st_nlink == tmp_before.st_nlink - 1);
	FAILS("exchange_enoent",
	      renameat2(AT_FDCWD, "/tmp/x/b", AT_FDCWD, "/tmp/x/nope",
			RENAME_EXCHANGE),
	      ENOENT);
	FAILS("exchange_ancestor",
	      renameat2(AT_FDCWD, "/tmp/x/e", AT_FDCWD, "/tmp/x/e/f",
			RENAME_EXCHANGE),
	      EINVAL);
	FAILS("exchange_noreplace",
	      renameat2(AT_FDCWD, "/tmp/x/b", AT_FDCWD, "/tmp/x/c",
			RENAME_EXCHANGE | RENAME_NOREPLACE),
	      EINVAL);
	FAILS("exchange_exdev",
	      renameat2(AT_FDCWD, "/tmp/x/b", AT_FDCWD, "/data/sub",
			RENAME_EXCHANGE),
	      EXDEV);
}

/* mount(MS_REMOUNT): read-only and back; MS_BIND is not supported. */
static void test_remount(void)
{
	mkdir("/tmp/r", 0755);
	CHECK("remount_mount", mount("none", "/tmp/r", "ramfs", 0, NULL) == 0 &&
				   make_file("/tmp/r/f", "f") == 0);
	int fd = open("/tmp/r/f", O_WRONLY);
	FAILS("remount_ro_writer",
	      mount(NULL, "/tmp/r", NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
	CHECK("remount_ro_writer_writes", write(fd, "w", 1) == 1);
	close(fd);
	fd = open("/tmp/r/f", O_RDONLY);
	CHECK("remount_ro",
	      mount(NULL, "/tmp/r", NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
	close(fd);
	FAILS("remount_ro_erofs", open("/tmp/r/g", O_CREAT | O_WRONLY, 0644),
	      EROFS);
	struct statvfs sv;
	CHECK("remount_ro_statvfs",
	      statvfs("/tmp/r", &sv) == 0 && (sv.f_flag & ST_RDONLY));
	CHECK("remount_rw",
	      mount(NULL, "/tmp/r", NULL, MS_REMOUNT, NULL) == 0 &&
		  make_file("/tmp/r/g", "g") == 0);
	CHECK("remount_bind_ro",
	      mount(NULL, "/tmp/r", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
		    NULL) == 0 &&
		  unlink("/tmp/r/g") == -1 && errno == EROFS);
	mkdir("/tmp/r2", 0755);
	FAILS("remount_not_mount",
	      mount(NULL, "/tmp/r2", NULL, MS_REMOUNT | MS_RDONLY, NULL),
	      EINVAL);
	FAILS("bind_einval", mount("/tmp/r", "/tmp/r2", NULL, MS_BIND, NULL),
	      EINVAL);
	CHECK("remount_umount", umount("/tmp/r") == 0);
	rmdir("/tmp/r");
	rmdir("/tmp/r2");
}

static void test_helpers(void)
{
	char buf[4096];
	CHECK("realpath", realpath("/tmp/e/../sub/./", buf) &&
			      strcmp(buf, "/tmp/sub") == 0);
	symlink("/tmp/e", "/tmp/rp");
	char *p = realpath("/tmp/rp//", NULL);
	CHECK("realpath_link_malloc", p && strcmp(p, "/tmp/e") == 0);
	free(p);
	CHECK("realpath_root", realpath("/..", buf) && strcmp(buf, "/") == 0);
	errno = 0;
	CHECK("realpath_enoent",
	      !realpath("/tmp/nope", buf) && errno == ENOENT);
	errno = 0;
	CHECK("realpath_eloop", !realpath("/tmp/loop1", buf) && errno == ELOOP);
	char t1[] = "/tmp/tmpXXXXXX", t2[] = "/tmp/tmpXXXXXX";
	int a = mkstemp(t1), b = mkstemp(t2);
	struct stat st;
	CHECK("mkstemp", a >= 0 && b >= 0 && strcmp(t1, t2) != 0 &&
			     strncmp(t1, "/tmp/tmp", 8) == 0 &&
			     fstat(a, &st) == 0 && (st.st_mode & 0777) == 0600);
	close(a);
	close(b);
	char bad[] = "/tmp/tmpXXXXX";
	FAILS("mkstemp_einval", mkstemp(bad), EINVAL);
	char s1[] = "/tmp/sXXXXXX.txt";
	a = mkstemps(s1, 4);
	CHECK("mkstemps", a >= 0 && strcmp(s1 + 13, "txt") == 0);
	close(a);
	char d1[] = "/tmp/dirXXXXXX";
	CHECK("mkdtemp", mkdtemp(d1) == d1 && stat(d1, &st) == 0 &&
			     S_ISDIR(st.st_mode) &&
			     (st.st_mode & 0777) == 0700);
	int fd = open("/tmp/f", O_RDWR);
	CHECK("posix_fadvise",
	      posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED) == 0);
	CHECK("posix_fadvise_einval", posix_fadvise(fd, 0, 0, 99) == EINVAL);
	CHECK("posix_fadvise_ebadf", posix_fadvise(-1, 0, 0, 0) == EBADF);
	CHECK("posix_fallocate", posix_fallocate(fd, 0, 8192) == 0 &&
				     fstat(fd, &st) == 0 && st.st_size == 8192);
	close(fd);
	CHECK("ttyname", ttyname(1) && strcmp(ttyname(1), "/dev/console") == 0);
	fd = open("/tmp/f", O_RDONLY);
	CHECK("ttyname_r_enotty", ttyname_r(fd, buf, sizeof(buf)) == ENOTTY);
	close(fd);
}

/* ---- Threads: the VFS under concurrent use ---- */

#define WORKERS 4
#define FILES 50
#define RECORDS 200

static int worker_errors;

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	char path[64], rec[17], back[16];
	int errors = 0;
	int log = open("/tmp/th/log", O_WRONLY | O_APPEND);
	for (int i = 0; i < RECORDS; i++) {
		snprintf(rec, sizeof(rec), "w%d rec %08d\n", id, i);
		if (write(log, rec, 16) != 16)
			errors++;
	}
	close(log);
	for (int i = 0; i < FILES; i++) {
		snprintf(path, sizeof(path), "/tmp/th/%d-%d", id, i);
		int fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0644);
		snprintf(rec, sizeof(rec), "%d/%d ..........", id, i);
		if (fd < 0 || pwrite(fd, rec, 16, 0) != 16 ||
		    pread(fd, back, 16, 0) != 16 || memcmp(rec, back, 16))
			errors++;
		close(fd);
	}
	for (int i = 0; i < FILES; i += 2) {
		snprintf(path, sizeof(path), "/tmp/th/%d-%d", id, i);
		if (unlink(path))
			errors++;
	}
	__atomic_add_fetch(&worker_errors, errors, __ATOMIC_RELAXED);
	return NULL;
}

static void *pipe_writer(void *arg)
{
	int fd = (int)(long)arg;
	unsigned char buf[1000];
	for (int i = 0; i < 1000; i++) {
		for (int j = 0; j < 1000; j++)
			buf[j] = (unsigned char)(i + j);
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			worker_errors++;
	}
	close(fd);
	return NULL;
}

/* two threads moving two directories into each other, back and forth */
static void *mover(void *arg)
{
	int id = (int)(long)arg;
	const char *a = id ? "/tmp/mv/x" : "/tmp/mv/y";
	const char *b = id ? "/tmp/mv/y/x" : "/tmp/mv/x/y";
	for (int i = 0; i < 2000; i++) {
		if (rename(a, b) == 0)
			rename(b, a);
	}
	return NULL;
}

static void test_threads(void)
{
	mkdir("/tmp/mv", 0755);
	mkdir("/tmp/mv/x", 0755);
	mkdir("/tmp/mv/y", 0755);
	pthread_t m[2];
	for (long i = 0; i < 2; i++)
		pthread_create(&m[i], NULL, mover, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(m[i], NULL);
	/* no loop was made: both are still reachable from the root */
	char px[256] = "", py[256] = "";
	int found = 0;
	const char *where[] = {"/tmp/mv/x", "/tmp/mv/y", "/tmp/mv/x/y",
			       "/tmp/mv/y/x"};
	const int is_y[] = {0, 1, 1, 0};
	for (int i = 0; i < 4; i++)
		if (access(where[i], F_OK) == 0) {
			found++;
			realpath(where[i], is_y[i] ? py : px);
		}
	CHECK("threads_moves_no_loop", found == 2 && px[0] && py[0]);

	mkdir("/tmp/th", 0755);
	close(open("/tmp/th/log", O_CREAT | O_WRONLY, 0644));
	pthread_t t[WORKERS];
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	CHECK("threads_no_errors", worker_errors == 0);
	struct stat st;
	CHECK("threads_append_size", stat("/tmp/th/log", &st) == 0 &&
					 st.st_size == WORKERS * RECORDS * 16);
	/* every record whole: appends never interleave */
	int fd = open("/tmp/th/log", O_RDONLY), whole = 0;
	char rec[16];
	while (read(fd, rec, 16) == 16)
		whole += rec[0] == 'w' && rec[15] == '\n';
	close(fd);
	CHECK("threads_append_whole", whole == WORKERS * RECORDS);
	DIR *d = opendir("/tmp/th");
	int n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	CHECK("threads_files_left", n == 2 + 1 + WORKERS * FILES / 2);
	int p[2];
	pipe(p);
	pthread_t w;
	pthread_create(&w, NULL, pipe_writer, (void *)(long)p[1]);
	unsigned char buf[777];
	long total = 0, bad = 0;
	ssize_t got;
	while ((got = read(p[0], buf, sizeof(buf))) > 0) {
		for (ssize_t k = 0; k < got; k++) {
			long at = total + k;
			if (buf[k] != (unsigned char)(at / 1000 + at % 1000))
				bad++;
		}
		total += got;
	}
	pthread_join(w, NULL);
	close(p[0]);
	CHECK("threads_pipe_stream", total == 1000000 && bad == 0);
}

/* glibc before 2.33 compiled stat() into these */
int __xstat(int ver, const char *path, struct stat *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
	       int flags);

static void test_more(void)
{
	struct stat st;
	CHECK("__xstat", __xstat(1, "/tmp/f", &st) == 0 && S_ISREG(st.st_mode));
	CHECK("__fxstatat", __fxstatat(1, AT_FDCWD, "/tmp/loop1", &st,
				       AT_SYMLINK_NOFOLLOW) == 0 &&
				S_ISLNK(st.st_mode));
	FAILS("__xstat_badver", __xstat(99, "/tmp/f", &st), EINVAL);
	CHECK("chown", chown("/tmp/f", 1000, 2000) == 0 &&
			   stat("/tmp/f", &st) == 0 && st.st_uid == 1000 &&
			   st.st_gid == 2000);
	CHECK("lchown", lchown("/tmp/loop1", 7, -1) == 0 &&
			    lstat("/tmp/loop1", &st) == 0 && st.st_uid == 7 &&
			    stat("/tmp/f", &st) == 0 && st.st_uid == 1000);
	struct timeval tv[2] = {{100, 5}, {200, 7}};
	CHECK("utimes", utimes("/tmp/f", tv) == 0 && stat("/tmp/f", &st) == 0 &&
			    st.st_mtim.tv_sec == 200 &&
			    st.st_mtim.tv_nsec == 7000);
	int fd = open("/tmp/v", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct iovec w[2] = {{"ab", 2}, {"cd", 2}};
	char x[2], y[2];
	struct iovec r[2] = {{x, 2}, {y, 2}};
	CHECK("pwritev_preadv", pwritev(fd, w, 2, 10) == 4 &&
				    lseek(fd, 0, SEEK_CUR) == 0 &&
				    preadv(fd, r, 2, 11) == 3 &&
				    !memcmp(x, "bc", 2) && y[0] == 'd');
	CHECK("syncfs", syncfs(fd) == 0);
	close(fd);
	struct dirent **list;
	mkdir("/tmp/vs", 0755);
	make_file("/tmp/vs/f10", "");
	make_file("/tmp/vs/f9", "");
	int n = scandir("/tmp/vs", &list, NULL, versionsort);
	CHECK("versionsort", n == 4 && !strcmp(list[2]->d_name, "f9") &&
				 !strcmp(list[3]->d_name, "f10"));
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	chdir("/tmp/vs");
	char *cwd = get_current_dir_name();
	CHECK("get_current_dir_name", cwd && !strcmp(cwd, "/tmp/vs"));
	free(cwd);
	chdir("/");
	CHECK("eaccess", eaccess("/tmp/f", R_OK) == 0);
	CHECK("fstatat_dirfd", (fd = open("/tmp", O_RDONLY)) >= 0 &&
				   fstatat(fd, "f", &st, 0) == 0 &&
				   st.st_uid == 1000);
	close(fd);
}

static void test_initrd(void)
{
	CHECK("initrd_file",
	      file_is("/data/hello.txt", "hello from the initrd\n"));
	CHECK("initrd_link", file_is("/data/link", "hello from the initrd\n"));
	struct stat st;
	CHECK("initrd_dir",
	      stat("/data/sub/deep.txt", &st) == 0 && st.st_size == 5);
	struct stat hard;
	CHECK("initrd_hard_link", stat("/data/hard", &hard) == 0 &&
				      hard.st_ino == st.st_ino &&
				      hard.st_nlink == 2 && st.st_nlink == 2);
	/* written: the file gets a copy of its own; others stay */
	int fd = open("/data/sub/deep.txt", O_WRONLY);
	CHECK("initrd_write", pwrite(fd, "D", 1, 0) == 1);
	close(fd);
	CHECK("initrd_cow", file_is("/data/sub/deep.txt", "Deep\n"));
	CHECK("initrd_cow_hard_link", file_is("/data/hard", "Deep\n"));
	CHECK("initrd_other_intact",
	      file_is("/data/hello.txt", "hello from the initrd\n"));
	CHECK("initrd_unlink", unlink("/data/hello.txt") == 0 &&
				   access("/data/link", F_OK) == -1);
}

/*
 * /dev/NAME (vblk0, nvme0): a 1 MiB disk whose bytes at 5000 the host
 * set; writes "hello disk" at 1000 and 512 bytes of 'S' at 6144.
 */
static void test_disk(const char *name)
{
	struct stat st;
	char path[32];
	snprintf(path, sizeof(path), "/dev/%s", name);
	int fd = open(path, O_RDWR);
	CHECK("disk_open", fd >= 0);
	CHECK("disk_blk", fstat(fd, &st) == 0 && S_ISBLK(st.st_mode));
	unsigned long long size = 0;
	CHECK("disk_size",
	      ioctl(fd, 0x80081272 /* BLKGETSIZE64 */, &size) == 0 &&
		  size == 1 << 20);
	int block = 0;
	CHECK("disk_block_size",
	      ioctl(fd, 0x1268 /* BLKSSZGET */, &block) == 0);
	printf("%s: blocks of %d bytes\n", name, block);
	char buf[16];
	CHECK("disk_read_host_bytes",
	      pread(fd, buf, 9, 5000) == 9 && !memcmp(buf, "from host", 9));
	CHECK("disk_write_unaligned", pwrite(fd, "hello disk", 10, 1000) == 10);
	CHECK("disk_read_back",
	      pread(fd, buf, 10, 1000) == 10 && !memcmp(buf, "hello disk", 10));
	/* a whole sector inside a 4096-byte block (sector 12 of 8..15) */
	char sector[512], back[512];
	memset(sector, 'S', sizeof(sector));
	CHECK("disk_write_sector", pwrite(fd, sector, 512, 6144) == 512);
	CHECK("disk_read_sector",
	      pread(fd, back, 512, 6144) == 512 && !memcmp(back, sector, 512));
	CHECK("disk_fsync", fsync(fd) == 0);
	CHECK("disk_read_at_end", pread(fd, buf, 16, 1 << 20) == 0);
	FAILS("disk_write_at_end", pwrite(fd, "x", 1, 1 << 20), ENOSPC);
	close(fd);
	DIR *d = opendir("/dev");
	struct dirent *e;
	int seen = 0;
	while ((e = readdir(d)))
		seen |= !strcmp(e->d_name, name) && e->d_type == DT_BLK;
	closedir(d);
	CHECK("disk_listed", seen);
}

/* A filesystem type from a loadable module (tests/guest/fs/modfs.c). */
static void test_module(void)
{
	void *h = dlopen("/libmodfs.so", RTLD_NOW);
	int *registered = h ? dlsym(h, "modfs_registered") : NULL;
	CHECK("module_registers", registered && *registered == 0);
	mkdir("/tmp/mod", 0755);
	CHECK("module_mount", mount("none", "/tmp/mod", "modfs", 0, NULL) == 0);
	CHECK("module_read",
	      file_is("/tmp/mod/hello", "hello from a module\n"));
	struct stat st;
	CHECK("module_stat", stat("/tmp/mod/hello", &st) == 0 &&
				 S_ISREG(st.st_mode) && st.st_size == 20);
	DIR *d = opendir("/tmp/mod");
	int n = 0;
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	CHECK("module_readdir", n == 3);
	FAILS("module_erofs", open("/tmp/mod/new", O_CREAT | O_WRONLY, 0644),
	      EROFS);
	CHECK("module_umount", umount("/tmp/mod") == 0);
	CHECK("module_dlclose", h && dlclose(h) == 0);
	FAILS("module_type_gone", mount("none", "/tmp/mod", "modfs", 0, NULL),
	      ENODEV);
}

/* Last: a mount over "/" becomes the root (how a disk root comes). */
static void test_new_root(void)
{
	struct stat old, st;
	stat("/", &old);
	int keep = open("/data", O_RDONLY | O_DIRECTORY);
	chdir("/data");
	CHECK("mount_over_root", mount("none", "/", "ramfs", 0, NULL) == 0);
	CHECK("new_root", stat("/", &st) == 0 && st.st_dev != old.st_dev);
	CHECK("new_root_empty", access("/data", F_OK) == -1 && errno == ENOENT);
	CHECK("new_root_dotdot",
	      stat("/..", &st) == 0 && st.st_dev != old.st_dev);
	char buf[64];
	CHECK("cwd_kept_in_old_tree",
	      getcwd(buf, sizeof(buf)) == NULL || strcmp(buf, "/data") == 0);
	CHECK("old_tree_by_fd", faccessat(keep, "sub/deep.txt", F_OK, 0) == 0);
	CHECK("new_root_writable",
	      make_file("/x", "x") == 0 && file_is("/x", "x"));
	FAILS("umount_root_busy", umount("/"), EBUSY);
	close(keep);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "disk") == 0) {
		test_disk(argc > 2 ? argv[2] : "vblk0");
		return app_check_summary();
	}
	test_console();
	test_open_rw();
	test_stat();
	test_names();
	test_attrs();
	test_cwd();
	test_dirs();
	test_fds();
	test_devices();
	test_mounts();
	test_tmpfile();
	test_rename_flags();
	test_remount();
	test_helpers();
	test_more();
	test_threads();
	test_initrd();
	test_module();
	test_new_root();
	return app_check_summary();
}
