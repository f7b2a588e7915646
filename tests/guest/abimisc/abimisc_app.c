/*
 * The glibc functions Debian's libraries need beyond files and sockets,
 * built against glibc's headers and run in the kernel: the user and
 * group databases (the group "files" with /etc/passwd and /etc/group
 * in the image, "builtin" without them), host names and prctl.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <error.h>
#include <execinfo.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <syslog.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <termios.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../app_check.h"

static int has_member(char **mem, const char *name)
{
	for (; *mem; mem++)
		if (!strcmp(*mem, name))
			return 1;
	return 0;
}

static int count_users(void)
{
	int n = 0;
	setpwent();
	while (getpwent())
		n++;
	return n;
}

static int count_groups(void)
{
	int n = 0;
	setgrent();
	while (getgrent())
		n++;
	return n;
}

static void users_from_files(void)
{
	struct passwd *pw = getpwnam("alice");
	CHECK("getpwnam finds a user of /etc/passwd",
	      pw && pw->pw_uid == 1000 && pw->pw_gid == 1000 &&
		  !strcmp(pw->pw_dir, "/home/alice") &&
		  !strcmp(pw->pw_shell, "/bin/bash") &&
		  !strcmp(pw->pw_gecos, "Alice Liddell,,,"));
	pw = getpwuid(0);
	CHECK("getpwuid(0) is the file's root, not the built-in one",
	      pw && !strcmp(pw->pw_name, "root") &&
		  !strcmp(pw->pw_dir, "/root"));
	errno = 0;
	CHECK("getpwnam of no user: NULL, errno unchanged",
	      !getpwnam("nobody") && errno == 0);
	CHECK("a record with a malformed uid is skipped", !getpwnam("broken"));

	struct passwd pwd, *result = &pwd;
	char small[8], big[512];
	CHECK("getpwuid_r with a small buffer: ERANGE",
	      getpwuid_r(1000, &pwd, small, sizeof(small), &result) == ERANGE &&
		  !result);
	result = &pwd;
	CHECK("getpwuid_r of no user: 0 and no result",
	      getpwuid_r(4242, &pwd, big, sizeof(big), &result) == 0 &&
		  !result);
	CHECK("getpwnam_r finds daemon",
	      getpwnam_r("daemon", &pwd, big, sizeof(big), &result) == 0 &&
		  result == &pwd && pwd.pw_uid == 1 &&
		  !strcmp(pwd.pw_shell, "/usr/sbin/nologin"));
	CHECK("getpwent lists the well-formed users", count_users() == 3);
	CHECK("setpwent starts the list again", count_users() == 3);
	setpwent();
	int err = 0;
	while (!(err = getpwent_r(&pwd, big, sizeof(big), &result)))
		;
	CHECK("getpwent_r ends with ENOENT", err == ENOENT && !result);
	endpwent();
	char login[32];
	CHECK("getlogin_r names the user the program runs as",
	      getlogin_r(login, sizeof(login)) == 0 && !strcmp(login, "root"));
	CHECK("getlogin_r with a small buffer: ERANGE",
	      getlogin_r(login, 3) == ERANGE);
}

static void groups_from_files(void)
{
	struct group *gr = getgrnam("users");
	CHECK("getgrnam finds a group and its members",
	      gr && gr->gr_gid == 100 && has_member(gr->gr_mem, "bob") &&
		  has_member(gr->gr_mem, "alice") && !gr->gr_mem[2]);
	gr = getgrgid(4);
	CHECK("getgrgid finds adm", gr && !strcmp(gr->gr_name, "adm"));
	gr = getgrgid(1000);
	CHECK("a group without members has an empty list",
	      gr && gr->gr_mem && !gr->gr_mem[0]);
	CHECK("getgrnam of no group: NULL", !getgrnam("wheel"));
	struct group grp, *result = &grp;
	char small[16], big[512];
	CHECK("getgrnam_r with a small buffer: ERANGE",
	      getgrnam_r("users", &grp, small, sizeof(small), &result) ==
		      ERANGE &&
		  !result);
	CHECK("getgrgid_r finds root",
	      getgrgid_r(0, &grp, big, sizeof(big), &result) == 0 &&
		  result == &grp && !strcmp(grp.gr_name, "root"));
	CHECK("getgrent lists the groups", count_groups() == 4);
	endgrent();

	gid_t list[8];
	int n = 8;
	int got = getgrouplist("alice", 1000, list, &n);
	CHECK("getgrouplist: the primary group, then the member groups",
	      got == 3 && n == 3 && list[0] == 1000 && list[1] == 4 &&
		  list[2] == 100);
	n = 1;
	got = getgrouplist("alice", 1000, list, &n);
	CHECK("getgrouplist with too little room: -1 and the count needed",
	      got == -1 && n == 3 && list[0] == 1000);
	n = 8;
	got = getgrouplist("bob", 100, list, &n);
	CHECK("getgrouplist lists a group once", got == 1 && n == 1);
}

static void builtin_entries(void)
{
	struct passwd *pw = getpwuid(getuid());
	CHECK("without /etc/passwd, getpwuid(getuid()) is the built-in root",
	      pw && !strcmp(pw->pw_name, "root") && pw->pw_uid == 0 &&
		  !strcmp(pw->pw_dir, "/") && !strcmp(pw->pw_shell, "/bin/sh"));
	pw = getpwnam("root");
	CHECK("getpwnam(\"root\") is the built-in root", pw && pw->pw_uid == 0);
	CHECK("no other user", !getpwnam("alice") && !getpwuid(1000));
	CHECK("getpwent lists the built-in root alone", count_users() == 1);
	struct group *gr = getgrgid(getgid());
	CHECK("without /etc/group, getgrgid(getgid()) is the built-in root",
	      gr && !strcmp(gr->gr_name, "root") && !gr->gr_mem[0]);
	CHECK("getgrent lists the built-in root alone", count_groups() == 1);
	gid_t list[4];
	int n = 4;
	CHECK("getgrouplist without /etc/group: the group given",
	      getgrouplist("root", 0, list, &n) == 1 && list[0] == 0);
	CHECK("getlogin is root", getlogin() && !strcmp(getlogin(), "root"));
}

static void host_names(void)
{
	char name[128];
	struct utsname u;
	CHECK("gethostname is uname's nodename",
	      gethostname(name, sizeof(name)) == 0 && uname(&u) == 0 &&
		  !strcmp(name, u.nodename));
	CHECK("sethostname", sethostname("testhost", 8) == 0);
	CHECK("gethostname sees the name set",
	      gethostname(name, sizeof(name)) == 0 &&
		  !strcmp(name, "testhost"));
	CHECK("uname sees the name set",
	      uname(&u) == 0 && !strcmp(u.nodename, "testhost"));
	errno = 0;
	CHECK("gethostname into a small buffer: ENAMETOOLONG",
	      gethostname(name, 4) == -1 && errno == ENAMETOOLONG);
	char longname[65];
	memset(longname, 'a', sizeof(longname));
	errno = 0;
	CHECK("sethostname of 65 bytes: EINVAL",
	      sethostname(longname, 65) == -1 && errno == EINVAL);
	CHECK("sethostname of 64 bytes",
	      sethostname(longname, 64) == 0 &&
		  gethostname(name, sizeof(name)) == 0 && strlen(name) == 64);
	CHECK("setdomainname", setdomainname("example.org", 11) == 0);
	CHECK("getdomainname and uname see the domain set",
	      getdomainname(name, sizeof(name)) == 0 &&
		  !strcmp(name, "example.org") && uname(&u) == 0 &&
		  !strcmp(u.domainname, "example.org"));
	CHECK("seteuid to a user", seteuid(1000) == 0);
	errno = 0;
	CHECK("a user may not set the host name: EPERM",
	      sethostname("x", 1) == -1 && errno == EPERM);
	CHECK("back to root", seteuid(0) == 0);
}

static void prctl_options(void)
{
	char name[16] = "";
	CHECK("PR_SET_NAME",
	      prctl(PR_SET_NAME, "a-very-long-thread-name", 0, 0, 0) == 0);
	CHECK("PR_GET_NAME: the name cut at 15 bytes",
	      prctl(PR_GET_NAME, name, 0, 0, 0) == 0 &&
		  !strcmp(name, "a-very-long-thr"));
	char pname[16] = "";
	CHECK("pthread_getname_np sees the prctl name",
	      pthread_getname_np(pthread_self(), pname, sizeof(pname)) == 0 &&
		  !strcmp(pname, "a-very-long-thr"));
	CHECK("PR_GET_DUMPABLE starts at 1", prctl(PR_GET_DUMPABLE) == 1);
	CHECK("PR_SET_DUMPABLE 0",
	      prctl(PR_SET_DUMPABLE, 0) == 0 && prctl(PR_GET_DUMPABLE) == 0);
	errno = 0;
	CHECK("PR_SET_DUMPABLE 2: EINVAL",
	      prctl(PR_SET_DUMPABLE, 2) == -1 && errno == EINVAL);
	int sig = -1;
	CHECK("PR_SET_PDEATHSIG is accepted and read back",
	      prctl(PR_SET_PDEATHSIG, SIGTERM) == 0 &&
		  prctl(PR_GET_PDEATHSIG, &sig) == 0 && sig == SIGTERM);
	errno = 0;
	CHECK("PR_SET_PDEATHSIG of no signal: EINVAL",
	      prctl(PR_SET_PDEATHSIG, 1000) == -1 && errno == EINVAL);
	CHECK("PR_GET_NO_NEW_PRIVS starts at 0",
	      prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0);
	CHECK("PR_SET_NO_NEW_PRIVS",
	      prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
		  prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	errno = 0;
	CHECK("PR_SET_NO_NEW_PRIVS 0: EINVAL",
	      prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK("PR_GET_SECCOMP: off", prctl(PR_GET_SECCOMP) == 0);
	CHECK("PR_GET_TIMERSLACK: Linux's default 50 us",
	      prctl(PR_GET_TIMERSLACK) == 50000);
	CHECK("PR_SET_TIMERSLACK", prctl(PR_SET_TIMERSLACK, 1000) == 0 &&
				       prctl(PR_GET_TIMERSLACK) == 1000);
	CHECK("PR_SET_TIMERSLACK 0 restores the default",
	      prctl(PR_SET_TIMERSLACK, 0) == 0 &&
		  prctl(PR_GET_TIMERSLACK) == 50000);
	CHECK("PR_CAPBSET_READ: root has CAP_SYS_ADMIN",
	      prctl(PR_CAPBSET_READ, 21) == 1);
	errno = 0;
	CHECK("an unknown option: EINVAL",
	      prctl(9999, 0, 0, 0, 0) == -1 && errno == EINVAL);
}

static void file_limits(void)
{
	errno = 0;
	CHECK("pathconf NAME_MAX", pathconf("/", _PC_NAME_MAX) == 255);
	CHECK("pathconf PATH_MAX", pathconf("/", _PC_PATH_MAX) == 4096);
	CHECK("pathconf PIPE_BUF", pathconf("/", _PC_PIPE_BUF) == 4096);
	CHECK("pathconf LINK_MAX: glibc's for an unknown file system",
	      pathconf("/tmp", _PC_LINK_MAX) == 127);
	CHECK("pathconf NO_TRUNC", pathconf("/", _PC_NO_TRUNC) == 1);
	CHECK("pathconf SYMLINK_MAX: no limit, errno unchanged",
	      pathconf("/", _PC_SYMLINK_MAX) == -1 && errno == 0);
	CHECK("pathconf of a missing file: ENOENT",
	      pathconf("/no/such", _PC_NAME_MAX) == -1 && errno == ENOENT);
	errno = 0;
	CHECK("pathconf of an unknown name: EINVAL",
	      pathconf("/", 999) == -1 && errno == EINVAL);
	int p[2];
	CHECK("pipe", pipe(p) == 0);
	CHECK("fpathconf PIPE_BUF of a pipe",
	      fpathconf(p[0], _PC_PIPE_BUF) == 4096);
	close(p[0]);
	close(p[1]);
	errno = 0;
	CHECK("fpathconf of a closed descriptor: EBADF",
	      fpathconf(p[0], _PC_NAME_MAX) == -1 && errno == EBADF);
	double load[4] = {-1, -1, -1, -1};
	CHECK("getloadavg: three zeros", getloadavg(load, 4) == 3 &&
					     load[0] == 0 && load[1] == 0 &&
					     load[2] == 0 && load[3] == -1);
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static void descriptor_ranges(void)
{
	int fd[4];
	for (int i = 0; i < 4; i++)
		fd[i] = dup(1);
	CHECK("four descriptors",
	      fd[0] > 2 && fd[3] == fd[0] + 3 && is_open(fd[3]));
	CHECK("close_range of the middle two",
	      close_range(fd[1], fd[2], 0) == 0);
	CHECK("they are closed, the others open",
	      is_open(fd[0]) && !is_open(fd[1]) && !is_open(fd[2]) &&
		  is_open(fd[3]));
	CHECK("CLOSE_RANGE_CLOEXEC marks without closing",
	      close_range(fd[0], fd[3], CLOSE_RANGE_CLOEXEC) == 0 &&
		  fcntl(fd[0], F_GETFD) == FD_CLOEXEC &&
		  fcntl(fd[3], F_GETFD) == FD_CLOEXEC);
	errno = 0;
	CHECK("close_range with first > last: EINVAL",
	      close_range(fd[3], fd[0], 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("close_range with an unknown flag: EINVAL",
	      close_range(fd[0], fd[3], 1 << 10) == -1 && errno == EINVAL);
	closefrom(fd[0]);
	CHECK("closefrom closes the rest",
	      !is_open(fd[0]) && !is_open(fd[3]) && is_open(1));
}

static void extended_attributes(void)
{
	int fd = open("/tmp/xattr", O_CREAT | O_RDWR, 0644);
	char buf[64];
	CHECK("a file", fd >= 0);
	errno = 0;
	CHECK("getxattr: ENODATA",
	      getxattr("/tmp/xattr", "user.x", buf, sizeof(buf)) == -1 &&
		  errno == ENODATA);
	errno = 0;
	CHECK("fgetxattr: ENODATA",
	      fgetxattr(fd, "user.x", buf, sizeof(buf)) == -1 &&
		  errno == ENODATA);
	errno = 0;
	CHECK("lsetxattr: ENOTSUP",
	      lsetxattr("/tmp/xattr", "user.x", "v", 1, 0) == -1 &&
		  errno == ENOTSUP);
	CHECK("listxattr: empty",
	      listxattr("/tmp/xattr", buf, sizeof(buf)) == 0 &&
		  flistxattr(fd, NULL, 0) == 0);
	errno = 0;
	CHECK("removexattr: ENODATA",
	      removexattr("/tmp/xattr", "user.x") == -1 && errno == ENODATA);
	errno = 0;
	CHECK("getxattr of a missing file: ENOENT",
	      getxattr("/tmp/none", "user.x", buf, sizeof(buf)) == -1 &&
		  errno == ENOENT);
	errno = 0;
	CHECK("an empty name: ERANGE",
	      getxattr("/tmp/xattr", "", buf, sizeof(buf)) == -1 &&
		  errno == ERANGE);
	close(fd);
	errno = 0;
	CHECK("fsetxattr of a closed descriptor: EBADF",
	      fsetxattr(fd, "user.x", "v", 1, 0) == -1 && errno == EBADF);
	unlink("/tmp/xattr");
}

static void terminal(void)
{
	struct termios saved, t, back;
	CHECK("tcgetattr of the console", tcgetattr(1, &saved) == 0);
	CHECK("the console says B38400, CS8, ICANON, ECHO",
	      cfgetospeed(&saved) == B38400 && (saved.c_cflag & CSIZE) == CS8 &&
		  (saved.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO));
	t = saved;
	cfmakeraw(&t);
	CHECK("cfmakeraw clears ICANON, ECHO, ISIG, OPOST, ICRNL",
	      !(t.c_lflag & (ICANON | ECHO | ISIG)) && !(t.c_oflag & OPOST) &&
		  !(t.c_iflag & ICRNL) && t.c_cc[VMIN] == 1 &&
		  t.c_cc[VTIME] == 0);
	CHECK("tcsetattr TCSANOW", tcsetattr(1, TCSANOW, &t) == 0);
	CHECK("tcgetattr reads the raw settings back",
	      tcgetattr(1, &back) == 0 && back.c_lflag == t.c_lflag &&
		  back.c_iflag == t.c_iflag && back.c_oflag == t.c_oflag &&
		  back.c_cc[VMIN] == 1);
	CHECK("tcsetattr TCSAFLUSH restores",
	      tcsetattr(1, TCSAFLUSH, &saved) == 0 &&
		  tcgetattr(1, &back) == 0 && back.c_lflag == saved.c_lflag);
	errno = 0;
	CHECK("tcsetattr with an unknown action: EINVAL",
	      tcsetattr(1, 42, &saved) == -1 && errno == EINVAL);
	CHECK("cfsetospeed B115200", cfsetospeed(&t, B115200) == 0 &&
					 cfgetospeed(&t) == B115200 &&
					 cfgetispeed(&t) == B115200);
	CHECK("cfsetispeed 0: the output speed, read as 0",
	      cfsetispeed(&t, B0) == 0 && cfgetispeed(&t) == B0 &&
		  cfgetospeed(&t) == B115200);
	errno = 0;
	CHECK("cfsetospeed of no speed: EINVAL",
	      cfsetospeed(&t, 12345) == -1 && errno == EINVAL);
	CHECK("tcflush TCIFLUSH", tcflush(1, TCIFLUSH) == 0);
	errno = 0;
	CHECK("tcflush of no queue: EINVAL",
	      tcflush(1, 7) == -1 && errno == EINVAL);
	CHECK("tcdrain, tcflow, tcsendbreak", tcdrain(1) == 0 &&
						  tcflow(1, TCOON) == 0 &&
						  tcsendbreak(1, 0) == 0);
	CHECK("tcgetpgrp is the program's group", tcgetpgrp(1) == getpgrp());
	CHECK("tcgetsid is its session", tcgetsid(1) == getsid(0));
	CHECK("tcsetpgrp of its own group", tcsetpgrp(1, getpgrp()) == 0);
	errno = 0;
	CHECK("tcsetpgrp of another group: EPERM",
	      tcsetpgrp(1, 77) == -1 && errno == EPERM);
	int p[2];
	pipe(p);
	errno = 0;
	CHECK("tcgetattr of a pipe: ENOTTY",
	      tcgetattr(p[0], &t) == -1 && errno == ENOTTY);
	close(p[0]);
	close(p[1]);
	int fd = open("/tmp/plain", O_CREAT | O_RDWR, 0644);
	errno = 0;
	CHECK("tcsetattr of a file: ENOTTY",
	      tcsetattr(fd, TCSANOW, &saved) == -1 && errno == ENOTTY);
	close(fd);
	unlink("/tmp/plain");
}

static void memory_files(void)
{
	int fd = memfd_create("test", MFD_CLOEXEC);
	CHECK("memfd_create", fd >= 0);
	CHECK("MFD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
	char buf[64] = "";
	CHECK("write and read back", write(fd, "hello", 5) == 5 &&
					 pread(fd, buf, 5, 0) == 5 &&
					 !memcmp(buf, "hello", 5));
	struct stat st;
	CHECK("ftruncate; a regular file of that size",
	      ftruncate(fd, 8192) == 0 && fstat(fd, &st) == 0 &&
		  S_ISREG(st.st_mode) && st.st_size == 8192 &&
		  st.st_nlink == 0);
	/* (a kernel built with --disable-procfs has no /proc) */
	if (access("/proc/self", F_OK) == 0) {
		char link[64], target[80] = "";
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		CHECK("/proc/self/fd shows /memfd:test (deleted)",
		      n > 0 && !strcmp(target, "/memfd:test (deleted)"));
	}
	char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("a shared mapping", map != MAP_FAILED);
	if (map != MAP_FAILED) {
		memcpy(map + 4096, "mapped", 6);
		CHECK("reads see what the mapping wrote",
		      pread(fd, buf, 6, 4096) == 6 &&
			  !memcmp(buf, "mapped", 6) && map[0] == 'h');
		munmap(map, 8192);
	}
	close(fd);
	fd = memfd_create("plain", 0);
	CHECK("without MFD_CLOEXEC", fd >= 0 && fcntl(fd, F_GETFD) == 0);
	close(fd);
	errno = 0;
	CHECK("MFD_HUGETLB: EINVAL",
	      memfd_create("huge", MFD_HUGETLB) == -1 && errno == EINVAL);
	char name[300];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	errno = 0;
	CHECK("a name over 249 bytes: EINVAL",
	      memfd_create(name, 0) == -1 && errno == EINVAL);
}

__attribute__((noinline)) int bt_inner(void **buf, int size)
{
	int n = backtrace(buf, size);
	__asm__ volatile("" ::: "memory"); /* not a tail call */
	return n;
}

__attribute__((noinline)) int bt_middle(void **buf, int size)
{
	int n = bt_inner(buf, size);
	__asm__ volatile("" ::: "memory");
	return n;
}

__attribute__((noinline)) int bt_outer(void **buf, int size)
{
	int n = bt_middle(buf, size);
	__asm__ volatile("" ::: "memory");
	return n;
}

static void backtraces(void)
{
	void *buf[32];
	int n = bt_outer(buf, 32);
	CHECK("backtrace finds the frames", n >= 4);
	char **lines = backtrace_symbols(buf, n);
	CHECK("backtrace_symbols names them in order",
	      lines && strstr(lines[0], "(bt_inner+0x") &&
		  strstr(lines[1], "(bt_middle+0x") &&
		  strstr(lines[2], "(bt_outer+0x") &&
		  strstr(lines[3], "(backtraces+0x") == NULL);
	CHECK("the object and the address",
	      lines && strstr(lines[0], "abimisc_app.so(") &&
		  strstr(lines[0], "] ") == NULL &&
		  lines[0][strlen(lines[0]) - 1] == ']');
	if (lines)
		printf("backtrace: %s | %s | %s\n", lines[0], lines[1],
		       lines[2]);
	free(lines);
	CHECK("backtrace stops at the size given", bt_outer(buf, 2) == 2);
	int p[2];
	pipe(p);
	backtrace_symbols_fd(buf, 2, p[1]);
	close(p[1]);
	char text[1024] = "";
	ssize_t got = read(p[0], text, sizeof(text) - 1);
	close(p[0]);
	CHECK("backtrace_symbols_fd writes a line each",
	      got > 0 && strstr(text, "(bt_inner+0x") && strchr(text, '\n') &&
		  strstr(strchr(text, '\n'), "bt_middle"));
}

static void change_root(void)
{
	CHECK("a directory to become the root",
	      mkdir("/tmp/jail", 0755) == 0 &&
		  mkdir("/tmp/jail/etc", 0755) == 0);
	int fd = open("/tmp/jail/etc/hello", O_CREAT | O_WRONLY, 0644);
	CHECK("a file in it", fd >= 0 && write(fd, "jailed", 6) == 6);
	close(fd);
	errno = 0;
	CHECK("chroot of a file: ENOTDIR",
	      chroot("/tmp/jail/etc/hello") == -1 && errno == ENOTDIR);
	errno = 0;
	CHECK("chroot of nothing: ENOENT",
	      chroot("/tmp/none") == -1 && errno == ENOENT);
	seteuid(1000);
	errno = 0;
	CHECK("chroot as a user: EPERM",
	      chroot("/tmp/jail") == -1 && errno == EPERM);
	seteuid(0);
	CHECK("chroot", chroot("/tmp/jail") == 0);
	char cwd[64] = "";
	errno = 0;
	CHECK("the working directory, outside, is unreachable: ENOENT",
	      !getcwd(cwd, sizeof(cwd)) && errno == ENOENT);
	CHECK("chdir(\"/\")",
	      chdir("/") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"));
	char buf[16] = "";
	fd = open("/etc/hello", O_RDONLY);
	CHECK("/etc/hello is the file in the new root",
	      fd >= 0 && read(fd, buf, sizeof(buf)) == 6 &&
		  !memcmp(buf, "jailed", 6));
	close(fd);
	struct stat st;
	CHECK("\"..\" stops at the new root",
	      stat("/../../etc/hello", &st) == 0 && st.st_size == 6);
	errno = 0;
	CHECK("the old tree is out of reach",
	      stat("/tmp", &st) == -1 && errno == ENOENT);
}

/*
 * Messages on the console, which abimisc.test reads: the system log's
 * lines (a masked priority leaves none), err.h's and error()'s.
 */
static void logging(void)
{
	openlog("abimisc", LOG_PID, LOG_DAEMON);
	syslog(LOG_INFO, "hello %d", 42);
	CHECK("setlogmask returns the old mask",
	      setlogmask(LOG_UPTO(LOG_NOTICE)) == 0xff);
	CHECK("setlogmask(0) reads the mask",
	      setlogmask(0) == LOG_UPTO(LOG_NOTICE));
	syslog(LOG_DEBUG, "masked debug message");
	errno = ENOENT;
	syslog(LOG_ERR, "gone: %m");
	CHECK("syslog leaves errno", errno == ENOENT);
	closelog();
	syslog(LOG_WARNING | LOG_LOCAL0, "after closelog");
	fflush(stdout);
	warnx("warnx %d", 1);
	errno = EACCES;
	warn("warn %s", "x");
	warn(NULL);
	unsigned before = error_message_count;
	error(0, ENOENT, "error %d", 2);
	error_at_line(0, 0, "file.c", 10, "at line");
	error_one_per_line = 1;
	error_at_line(0, 0, "file.c", 20, "once per line");
	error_at_line(0, 0, "file.c", 20, "once per line");
	error_one_per_line = 0;
	CHECK("error_message_count counts the messages printed",
	      error_message_count == before + 3);
}

static void err_exit(void)
{
	errx(3, "fatal %s", "end");
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"files", users_from_files},
	    {"files", groups_from_files},
	    {"builtin", builtin_entries},
	    {"hostname", host_names},
	    {"prctl", prctl_options},
	    {"logging", logging},
	    {"errx", err_exit},
	    {"limits", file_limits},
	    {"ranges", descriptor_ranges},
	    {"xattr", extended_attributes},
	    {"termios", terminal},
	    {"memfd", memory_files},
	    {"backtrace", backtraces},
	    /* last: the later groups would not find their files */
	    {"chroot", change_root},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
