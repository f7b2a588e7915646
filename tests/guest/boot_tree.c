/*
 * The boot's namespace seen from inside (tests/guest/boot_tree.test):
 * prints what a program sees of the root, /dev, /proc and /tmp, then
 * changes it (files, directories, unmounting and mounting /tmp again)
 * and prints what it sees then.  The test boots it without an initrd
 * (the default boot's tree, built with the kernel) and with an empty
 * one (the boot's mounts made by code) and wants the same lines.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"

static void list(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		printf("list %s: error %d\n", path, errno);
		return;
	}
	printf("list %s:", path);
	struct dirent *e;
	while ((e = readdir(d)))
		printf(" %s/%lu/%d", e->d_name, (unsigned long)e->d_ino,
		       e->d_type);
	printf("\n");
	closedir(d);
}

/* The times of a file made at boot are the boot's: within a few
 * seconds of now, resolved (a valid tv_nsec), and stable; procfs has
 * none (zero). */
static void show(const char *path)
{
	struct stat st, again;
	if (stat(path, &st) || stat(path, &again)) {
		printf("stat %s: error %d\n", path, errno);
		return;
	}
	time_t now = time(NULL);
	int near = st.st_mtim.tv_sec <= now && st.st_mtim.tv_sec >= now - 5 &&
		   st.st_ctim.tv_sec <= now && st.st_atim.tv_sec <= now &&
		   st.st_mtim.tv_nsec >= 0 && st.st_mtim.tv_nsec < 1000000000 &&
		   again.st_mtim.tv_nsec == st.st_mtim.tv_nsec;
	int zero = !st.st_mtim.tv_sec && !st.st_mtim.tv_nsec &&
		   !st.st_ctim.tv_sec && !st.st_atim.tv_sec;
	printf("stat %s: mode %o nlink %lu ino %lu dev %lu rdev %lu size %ld "
	       "times %s\n",
	       path, st.st_mode, (unsigned long)st.st_nlink,
	       (unsigned long)st.st_ino, (unsigned long)st.st_dev,
	       (unsigned long)st.st_rdev, (long)st.st_size,
	       near   ? "now"
	       : zero ? "zero"
		      : "wrong");
}

static void mounts(void)
{
	char text[1024];
	int fd = open("/proc/mounts", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		printf("mounts: error %d\n", errno);
		return;
	}
	text[n] = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		printf("mount: %s\n", line);
}

static void result(const char *what, int r)
{
	printf("%s: %s\n", what, r == 0 ? "ok" : strerror(errno));
}

static void write_file(const char *path, int flags, const char *text)
{
	int fd = open(path, O_WRONLY | flags, 0644);
	int r = fd < 0 ? -1 : (int)write(fd, text, strlen(text));
	if (fd >= 0)
		close(fd);
	printf("write %s: %s\n", path,
	       r == (int)strlen(text) ? "ok" : strerror(errno));
}

static void read_file(const char *path)
{
	char buf[64] = {0};
	int fd = open(path, O_RDONLY);
	int r = fd < 0 ? -1 : (int)read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	printf("read %s: %s\n", path, r < 0 ? strerror(errno) : buf);
}

int app_main(int argc, char **argv)
{
	(void)argc, (void)argv;
	show("/");
	show("/dev");
	show("/proc");
	show("/tmp");
	show("/dev/null");
	show("/proc/self");
	list("/");
	list("/dev");
	list("/proc");
	list("/tmp");
	mounts();

	char cwd[64];
	result("chdir /tmp", chdir("/tmp"));
	printf("cwd: %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : strerror(errno));
	result("chdir /", chdir("/"));
	write_file("/tmp/a", O_CREAT | O_EXCL, "in tmp");
	write_file("/b", O_CREAT | O_EXCL, "in the root");
	result("mkdir /c", mkdir("/c", 0750));
	write_file("/c/d", O_CREAT | O_EXCL, "in c");
	read_file("/tmp/a");
	read_file("/b");
	read_file("/c/d");
	write_file("/dev/null", 0, "gone");
	list("/");
	list("/tmp");
	show("/");
	show("/b");
	/* the built-in singletons */
	result("mount proc again", mount("proc", "/c", "proc", 0, NULL));
	result("mount devfs again", mount("devfs", "/c", "devfs", 0, NULL));
	result("rmdir /tmp", rmdir("/tmp"));
	result("umount /proc", umount("/proc"));
	result("umount /", umount("/"));
	/* /tmp away and back */
	result("umount /tmp", umount("/tmp"));
	show("/tmp");
	list("/tmp");
	result("rmdir /tmp", rmdir("/tmp"));
	list("/");
	result("mkdir /tmp", mkdir("/tmp", 0700));
	result("mount /tmp", mount("again", "/tmp", "ramfs", 0, NULL));
	show("/tmp");
	write_file("/tmp/e", O_CREAT | O_EXCL, "in the new tmp");
	read_file("/tmp/e");
	list("/tmp");
	mounts();
	result("umount /tmp", umount("/tmp"));
	result("rmdir /tmp", rmdir("/tmp"));
	result("rmdir /dev", rmdir("/dev"));
	list("/");
	printf("boot_tree: done\n");
	return 0;
}
