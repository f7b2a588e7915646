/*
 * The functions Debian's libraries still missed, built against glibc's
 * headers and run in the kernel: capabilities, namespaces and ptrace,
 * file handles, futimesat, copy_file_range, the file system ids,
 * asynchronous I/O, user contexts, fts, utmp, the resolver (which fails
 * as glibc's does without a reachable server), pseudo-terminals,
 * parse_printf_format and the data glibc's libraries name.
 */
#define _GNU_SOURCE
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <linux/capability.h>
#include <netdb.h>
#include <netinet/ether.h>
#include <printf.h>
#include <resolv.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>
#include <utmp.h>
#include <wchar.h>

#include "../app_check.h"

int capget(cap_user_header_t h, cap_user_data_t d);
int capset(cap_user_header_t h, const cap_user_data_t d);
extern const char _libc_intl_domainname[];
size_t __mbrlen(const char *s, size_t n, mbstate_t *ps);

static void capabilities(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	CHECK("capget: root has every capability, none inheritable",
	      capget(&h, d) == 0 && d[0].effective == 0xffffffff &&
		  d[0].permitted == 0xffffffff && d[1].effective == 0x1ff &&
		  d[0].inheritable == 0);
	h.version = 0x12345678;
	CHECK("capget: an unknown version is EINVAL, the kernel's written back",
	      capget(&h, d) == -1 && errno == EINVAL &&
		  h.version == _LINUX_CAPABILITY_VERSION_3);
	h.pid = 4242;
	CHECK("capget: another process is ESRCH",
	      capget(&h, d) == -1 && errno == ESRCH);
	h.pid = 0;
	d[0].effective &= ~(1u << CAP_NET_RAW);
	CHECK("capset drops a capability", capset(&h, d) == 0);
	struct __user_cap_data_struct after[2];
	CHECK("capget sees it dropped",
	      capget(&h, after) == 0 &&
		  !(after[0].effective & (1u << CAP_NET_RAW)) &&
		  (after[0].permitted & (1u << CAP_NET_RAW)));
	d[0].effective = 0xffffffff;
	d[0].permitted &= ~(1u << CAP_SYS_ADMIN);
	CHECK("capset: effective beyond permitted is EPERM",
	      capset(&h, d) == -1 && errno == EPERM);
}

static void namespaces(void)
{
	CHECK("unshare(0) succeeds", unshare(0) == 0);
	CHECK("unshare(CLONE_NEWNS) is EINVAL (no namespaces)",
	      unshare(CLONE_NEWNS) == -1 && errno == EINVAL);
	CHECK("setns on a closed descriptor is EBADF",
	      setns(99, 0) == -1 && errno == EBADF);
	int fd = open("/", O_RDONLY);
	CHECK("setns on a directory is EINVAL",
	      setns(fd, CLONE_NEWNET) == -1 && errno == EINVAL);
	close(fd);
	CHECK("ptrace(PTRACE_TRACEME) is EPERM (no parent)",
	      ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1 && errno == EPERM);
	CHECK("ptrace of another process is ESRCH",
	      ptrace(PTRACE_PEEKDATA, 4242, NULL, NULL) == -1 &&
		  errno == ESRCH);
	CHECK("ptrace(PTRACE_ATTACH) of itself is EPERM",
	      ptrace(PTRACE_ATTACH, getpid(), NULL, NULL) == -1 &&
		  errno == EPERM);
}

static void files(void)
{
	struct file_handle *fh = malloc(sizeof(*fh) + MAX_HANDLE_SZ);
	int mount_id;
	fh->handle_bytes = MAX_HANDLE_SZ;
	CHECK("name_to_handle_at: EOPNOTSUPP (no exportable file system)",
	      name_to_handle_at(AT_FDCWD, "/", fh, &mount_id, 0) == -1 &&
		  errno == EOPNOTSUPP);
	CHECK("name_to_handle_at: a missing file is ENOENT",
	      name_to_handle_at(AT_FDCWD, "/nothing", fh, &mount_id, 0) == -1 &&
		  errno == ENOENT);
	CHECK("open_by_handle_at: ESTALE",
	      open_by_handle_at(AT_FDCWD, fh, O_RDONLY) == -1 &&
		  errno == ESTALE);
	free(fh);

	int fd = open("/tmp/cfr_in", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int out = open("/tmp/cfr_out", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char data[10000];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	CHECK("write the input", write(fd, data, sizeof(data)) == 10000);
	off_t in_off = 100;
	CHECK("copy_file_range at an offset copies to the end",
	      copy_file_range(fd, &in_off, out, NULL, 20000, 0) == 9900 &&
		  in_off == 10000);
	char back[10000];
	CHECK("the copy reads back",
	      pread(out, back, sizeof(back), 0) == 9900 &&
		  !memcmp(back, data + 100, 9900));
	CHECK("copy_file_range: flags are EINVAL",
	      copy_file_range(fd, NULL, out, NULL, 10, 1) == -1 &&
		  errno == EINVAL);
	CHECK("copy_file_range at the end copies 0",
	      copy_file_range(fd, NULL, out, NULL, 10, 0) == 0);
	struct timeval tv[2] = {{1000000, 0}, {2000000, 500000}};
	struct stat st;
	CHECK("futimesat sets the times",
	      futimesat(AT_FDCWD, "/tmp/cfr_out", tv) == 0 &&
		  stat("/tmp/cfr_out", &st) == 0 &&
		  st.st_mtim.tv_sec == 2000000 &&
		  st.st_mtim.tv_nsec == 500000000);
	close(fd);
	close(out);
	CHECK("setfsuid returns the old id (0) and sets",
	      setfsuid(1000) == 0 && setfsuid(1000) == 1000);
	CHECK("setfsgid returns the old id", setfsgid(50) == 0);
	setfsuid(0);
}

static void async_io(void)
{
	int fd = open("/tmp/aio", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char a[] = "hello ", b[] = "world", got[16] = {0};
	struct aiocb w1 = {.aio_fildes = fd,
			   .aio_buf = a,
			   .aio_nbytes = 6,
			   .aio_lio_opcode = LIO_WRITE};
	struct aiocb w2 = {.aio_fildes = fd,
			   .aio_buf = b,
			   .aio_nbytes = 5,
			   .aio_offset = 6,
			   .aio_lio_opcode = LIO_WRITE};
	struct aiocb *list[] = {&w1, &w2};
	CHECK("lio_listio(LIO_WAIT) writes both",
	      lio_listio(LIO_WAIT, list, 2, NULL) == 0 && aio_error(&w1) == 0 &&
		  aio_return(&w1) == 6 && aio_return(&w2) == 5);
	struct aiocb r = {.aio_fildes = fd, .aio_buf = got, .aio_nbytes = 11};
	CHECK("aio_read reads them back",
	      aio_read(&r) == 0 && aio_error(&r) == 0 && aio_return(&r) == 11 &&
		  !strcmp(got, "hello world"));
	const struct aiocb *wait[] = {&r};
	CHECK("aio_suspend returns at once", aio_suspend(wait, 1, NULL) == 0);
	CHECK("aio_cancel: all done", aio_cancel(fd, NULL) == AIO_ALLDONE);
	struct aiocb bad = {.aio_fildes = 77, .aio_buf = got, .aio_nbytes = 1};
	CHECK("aio_read on a closed descriptor is EBADF",
	      aio_read(&bad) == -1 && errno == EBADF);
	close(fd);
}

/* The rounding mode (0 nearest .. 3 toward zero) in the x87 control
 * word and MXCSR, without libm. */
enum { NEAREST, DOWNWARD, UPWARD };

static int get_rounding(void)
{
	uint16_t cw;
	uint32_t mxcsr;
	__asm__ volatile("fnstcw %0; stmxcsr %1" : "=m"(cw), "=m"(mxcsr));
	int x87 = (cw >> 10) & 3, sse = (mxcsr >> 13) & 3;
	return x87 == sse ? x87 : -1;
}

static void set_rounding(int mode)
{
	uint16_t cw;
	uint32_t mxcsr;
	__asm__ volatile("fnstcw %0; stmxcsr %1" : "=m"(cw), "=m"(mxcsr));
	cw = (uint16_t)((cw & ~0xc00) | mode << 10);
	mxcsr = (mxcsr & ~0x6000u) | (uint32_t)mode << 13;
	__asm__ volatile("fldcw %0; ldmxcsr %1" : : "m"(cw), "m"(mxcsr));
}

static ucontext_t main_ctx, co_ctx;
static long co_args[8];
static int co_round;
static int co_rounding;

static void co_fn(long a, long b, long c, long d, long e, long f, long g,
		  long h)
{
	long v[8] = {a, b, c, d, e, f, g, h};
	memcpy(co_args, v, sizeof(v));
	co_rounding = get_rounding();
	set_rounding(DOWNWARD);
	co_round = 1;
	swapcontext(&co_ctx, &main_ctx);
	co_round = get_rounding() == DOWNWARD ? 2 : -2;
}

static void contexts(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	volatile int loops = 0;
	ucontext_t uc;
	int got = getcontext(&uc);
	if (++loops < 3)
		setcontext(&uc);
	CHECK("setcontext resumes getcontext's return", got == 0 && loops == 3);
	CHECK("fpregs points at __fpregs_mem",
	      uc.uc_mcontext.fpregs == &uc.__fpregs_mem);

	getcontext(&co_ctx);
	co_ctx.uc_stack.ss_sp = stack;
	co_ctx.uc_stack.ss_size = sizeof(stack);
	co_ctx.uc_link = &main_ctx;
	makecontext(&co_ctx, (void (*)(void))co_fn, 8, 1L, 2L, 3L, 4L, 5L, 6L,
		    -7L, 0x123456789aL);
	set_rounding(UPWARD);
	CHECK("swapcontext into the function",
	      swapcontext(&main_ctx, &co_ctx) == 0);
	long want[8] = {1, 2, 3, 4, 5, 6, -7, 0x123456789aL};
	CHECK("makecontext passed eight arguments (two on the stack)",
	      !memcmp(co_args, want, sizeof(want)));
	CHECK("the function started with its context's rounding",
	      co_round == 1 && co_rounding == NEAREST);
	CHECK("back here, this context's rounding", get_rounding() == UPWARD);
	swapcontext(&main_ctx, &co_ctx);
	CHECK("the function kept its rounding and returned through uc_link",
	      co_round == 2 && get_rounding() == UPWARD);
	set_rounding(NEAREST);
}

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

static void walk(void)
{
	mkdir("/tmp/t", 0755);
	mkdir("/tmp/t/d", 0755);
	close(open("/tmp/t/d/f", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/t/a", O_CREAT | O_WRONLY, 0644));
	symlink("d", "/tmp/t/l");
	char *roots[] = {"/tmp/t", NULL};
	FTS *fts = fts_open(roots, FTS_PHYSICAL, by_name);
	char seen[256] = "";
	FTSENT *e;
	while ((e = fts_read(fts))) {
		char one[64];
		snprintf(one, sizeof(one), "%d:%s ", e->fts_info, e->fts_path);
		strcat(seen, one);
	}
	fts_close(fts);
	CHECK("fts walks in order: pre- and postorder directories, files, "
	      "the link",
	      !strcmp(seen, "1:/tmp/t 8:/tmp/t/a 1:/tmp/t/d 8:/tmp/t/d/f "
			    "6:/tmp/t/d 12:/tmp/t/l 6:/tmp/t "));
	if (strcmp(seen, "1:/tmp/t 8:/tmp/t/a 1:/tmp/t/d 8:/tmp/t/d/f "
			 "6:/tmp/t/d 12:/tmp/t/l 6:/tmp/t "))
		printf("fts gave: %s\n", seen);
	fts = fts_open(roots, FTS_LOGICAL, by_name);
	int dirs = 0;
	while ((e = fts_read(fts)))
		dirs += e->fts_info == FTS_D;
	fts_close(fts);
	CHECK("fts follows the link in a logical walk", dirs == 3);
}

static void login_records(void)
{
	errno = 0;
	setutent();
	CHECK("no /var/run/utmp: getutent NULL", getutent() == NULL);
	endutent();
	mkdir("/tmp/run", 0755);
	CHECK("utmpname", utmpname("/tmp/run/utmp") == 0);
	struct utmp u;
	memset(&u, 0, sizeof(u));
	u.ut_type = USER_PROCESS;
	strcpy(u.ut_id, "c1");
	strcpy(u.ut_line, "console");
	strcpy(u.ut_user, "root");
	setutent();
	CHECK("pututline creates the file", pututline(&u) != NULL);
	strcpy(u.ut_user, "alice");
	CHECK("pututline replaces the same id", pututline(&u) != NULL);
	struct stat st;
	CHECK("one record in the file",
	      stat("/tmp/run/utmp", &st) == 0 && st.st_size == sizeof(u));
	struct utmp key;
	memset(&key, 0, sizeof(key));
	strcpy(key.ut_line, "console");
	setutent();
	struct utmp *got = getutline(&key);
	CHECK("getutline finds it", got && !strcmp(got->ut_user, "alice"));
	endutent();
	CHECK("logout marks it dead", logout("console") == 1);
	setutent();
	got = getutent();
	CHECK("the record is DEAD_PROCESS",
	      got && got->ut_type == DEAD_PROCESS && got->ut_user[0] == 0);
	endutent();
	utmpname(_PATH_UTMP);
}

static void resolver(void)
{
	unsigned char answer[512];
	CHECK("res_init reads /etc/resolv.conf",
	      res_init() == 0 && _res.nscount == 1 && _res.retrans == 1 &&
		  _res.retry == 1 &&
		  _res.nsaddr_list[0].sin_addr.s_addr == htonl(0x7f000001) &&
		  !strcmp(_res.dnsrch[0], "example.org"));
	unsigned char q[512];
	int n = res_mkquery(QUERY, "www.example.org", C_IN, 1, NULL, 0, NULL, q,
			    sizeof(q));
	CHECK("res_mkquery builds a question", n == 33 && q[5] == 1);
	char name[256];
	CHECK("dn_expand reads its name back",
	      dn_expand(q, q + n, q + 12, name, sizeof(name)) == 17 &&
		  !strcmp(name, "www.example.org"));
	CHECK("dn_skipname", dn_skipname(q + 12, q + n) == 17);
	errno = 0;
	h_errno = 0;
	int r = res_query("www.example.org", C_IN, 1, answer, sizeof(answer));
	CHECK("res_query without a reachable server: -1, TRY_AGAIN",
	      r == -1 && h_errno == TRY_AGAIN &&
		  (errno == EAFNOSUPPORT || errno == ECONNREFUSED ||
		   errno == ETIMEDOUT));
	printf("res_query: errno %d h_errno %d\n", errno, h_errno);
	r = res_search("www", C_IN, 1, answer, sizeof(answer));
	CHECK("res_search fails the same way", r == -1 && h_errno == TRY_AGAIN);
}

static void odds_and_ends(void)
{
	CHECK("posix_openpt: no /dev/ptmx (ENOENT)",
	      posix_openpt(O_RDWR) == -1 && errno == ENOENT);
	CHECK("grantpt on a file is EINVAL",
	      grantpt(1) == -1 && errno == EINVAL);
	CHECK("unlockpt on a file is ENOTTY",
	      unlockpt(1) == -1 && errno == ENOTTY);
	CHECK("ptsname is NULL, ENOTTY", ptsname(1) == NULL && errno == ENOTTY);
	int types[4];
	CHECK("parse_printf_format: seven arguments, their types",
	      parse_printf_format("%d %*.*s %lld %Lf %n", 4, types) == 7 &&
		  types[0] == PA_INT && types[1] == PA_INT &&
		  types[2] == PA_INT && types[3] == PA_STRING);
	CHECK("_libc_intl_domainname is \"libc\"",
	      !strcmp(_libc_intl_domainname, "libc"));
	CHECK("__mbrlen", __mbrlen("abc", 3, NULL) == 1);
	CHECK("no /etc/networks: getnetbyname NULL",
	      getnetbyname("loopback") == NULL);
	struct ether_addr *ea = ether_aton("0:1a:2b:3c:4d:5e");
	CHECK("ether_aton and ether_ntoa",
	      ea && ea->ether_addr_octet[1] == 0x1a &&
		  !strcmp(ether_ntoa(ea), "0:1a:2b:3c:4d:5e"));
	sethostent(0);
	struct hostent *h = gethostent();
	CHECK("gethostent: /etc/hosts's first entry",
	      h && !strcmp(h->h_name, "gateway") && h->h_addr_list[0][0] == 10);
	endhostent();
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"capabilities", capabilities},
	    {"namespaces", namespaces},
	    {"files", files},
	    {"aio", async_io},
	    {"contexts", contexts},
	    {"fts", walk},
	    {"utmp", login_records},
	    {"resolver", resolver},
	    {"misc", odds_and_ends},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
