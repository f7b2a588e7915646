/*
 * The auxiliary vector three ways: getauxval's answers, the vector the
 * program's start code found after envp (built as an executable,
 * -DAUXV_EXECUTABLE, entered at its entry point), and /proc/self/auxv;
 * and what the entries point at: AT_PHDR at the program's own headers
 * (as dl_iterate_phdr reports them), AT_ENTRY at its entry point,
 * AT_RANDOM at 16 bytes, AT_EXECFN (a copy of the path) and AT_PLATFORM
 * at strings; /proc/self/auxv read in pieces and at offsets; the
 * vector as an ifunc resolver reads it, during relocation.  Built
 * against glibc's headers.  (On Linux, glibc's getauxval(AT_HWCAP) is
 * not the vector's: glibc answers its own view of the CPU.)
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "app_check.h"

/* The entries Linux gives an x86_64 process (AT_SYSINFO_EHDR aside). */
static const unsigned long wanted[] = {
    AT_PHDR,   AT_PHENT,  AT_PHNUM,    AT_PAGESZ,      AT_BASE,
    AT_FLAGS,  AT_ENTRY,  AT_UID,      AT_EUID,	       AT_GID,
    AT_EGID,   AT_HWCAP,  AT_HWCAP2,   AT_CLKTCK,      AT_RANDOM,
    AT_SECURE, AT_EXECFN, AT_PLATFORM, AT_MINSIGSTKSZ,
};
#define NWANTED (sizeof(wanted) / sizeof(wanted[0]))

static Elf64_auxv_t file_auxv[64];

static size_t read_proc_auxv(void)
{
	int fd = open("/proc/self/auxv", O_RDONLY);
	if (fd < 0)
		return 0;
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, (char *)file_auxv + got,
			 sizeof(file_auxv) - got)) > 0)
		got += (size_t)n;
	close(fd);
	return got;
}

/*
 * /proc/self/auxv read 5 bytes at a time (entries split across reads)
 * and an entry read at its offset: the same bytes as one whole read.
 */
static void check_partial_reads(size_t bytes)
{
	static char bits[sizeof(file_auxv)];
	int fd = open("/proc/self/auxv", O_RDONLY);
	size_t got = 0;
	ssize_t n;
	while (fd >= 0 && got + 5 <= sizeof(bits) &&
	       (n = read(fd, bits + got, 5)) > 0)
		got += (size_t)n;
	CHECK("/proc/self/auxv read 5 bytes at a time: the same bytes",
	      fd >= 0 && got == bytes && !memcmp(bits, file_auxv, bytes));
	Elf64_auxv_t second = {0};
	CHECK("/proc/self/auxv at an entry's offset: that entry",
	      fd >= 0 && bytes >= 2 * sizeof(second) &&
		  pread(fd, &second, sizeof(second), sizeof(second)) ==
		      (ssize_t)sizeof(second) &&
		  !memcmp(&second, &file_auxv[1], sizeof(second)));
	char c;
	CHECK("/proc/self/auxv past its end: 0 bytes",
	      fd >= 0 && pread(fd, &c, 1, (off_t)bytes) == 0);
	if (fd >= 0)
		close(fd);
}

/*
 * AT_EXECFN is a copy of the path, not argv[0] itself, which a program
 * may overwrite (to retitle itself), as on Linux.
 */
static void check_execfn_copy(char **argv)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char saved = argv[0][0];
	argv[0][0] = saved == 'X' ? 'Y' : 'X';
	CHECK("AT_EXECFN keeps the path when argv[0] is overwritten",
	      execfn && execfn != argv[0] && execfn[0] == saved);
	argv[0][0] = saved;
}

/*
 * An ifunc's resolver runs while the program is relocated, before its
 * constructors: what it reads of the vector must be what main reads
 * (AT_RANDOM's bytes too: glibc-built code seeds its guards with them).
 */
static unsigned long resolver_hwcap, resolver_pagesz;
static unsigned char resolver_random[16];

static int probe_target(void)
{
	return 1;
}

static int (*resolve_probe(void))(void)
{
	resolver_hwcap = getauxval(AT_HWCAP);
	resolver_pagesz = getauxval(AT_PAGESZ);
	const unsigned char *random =
	    (const unsigned char *)getauxval(AT_RANDOM);
	for (int i = 0; random && i < 16; i++)
		resolver_random[i] = random[i];
	return probe_target;
}

static int probe(void) __attribute__((ifunc("resolve_probe")));

static void check_resolver(void)
{
	const void *random = (const void *)getauxval(AT_RANDOM);
	CHECK("an ifunc resolver ran", probe() == 1);
	CHECK("an ifunc resolver read AT_HWCAP and AT_PAGESZ as main does",
	      resolver_hwcap == getauxval(AT_HWCAP) && resolver_hwcap &&
		  resolver_pagesz == getauxval(AT_PAGESZ));
	CHECK("an ifunc resolver read AT_RANDOM's bytes as main does",
	      random && !memcmp(resolver_random, random, 16));
}

/* The number of entries before AT_NULL, or -1 without an AT_NULL. */
static long entries(const Elf64_auxv_t *v, size_t max)
{
	for (size_t i = 0; i < max; i++)
		if (v[i].a_type == AT_NULL)
			return (long)i;
	return -1;
}

/* Each entry as getauxval answers it, and no other. */
static void compare(const char *what, const Elf64_auxv_t *v, long n)
{
	char name[96];
	for (long i = 0; i < n; i++) {
		errno = 0;
		unsigned long got = getauxval(v[i].a_type);
		snprintf(name, sizeof(name), "%s: type %lu is getauxval's",
			 what, (unsigned long)v[i].a_type);
		check(name, got == v[i].a_un.a_val && errno == 0,
		      "getauxval differs");
	}
	for (size_t w = 0; w < NWANTED; w++) {
		long i = 0;
		while (i < n && v[i].a_type != wanted[w])
			i++;
		snprintf(name, sizeof(name), "%s: has type %lu", what,
			 wanted[w]);
		check(name, i < n, "missing");
	}
}

struct program_headers {
	const ElfW(Phdr) * phdr;
	size_t phnum;
};

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct program_headers *p = data;
	p->phdr = info->dlpi_phdr;
	p->phnum = info->dlpi_phnum;
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	size_t bytes = read_proc_auxv();
	long n = entries(file_auxv, bytes / sizeof(Elf64_auxv_t));
	CHECK("/proc/self/auxv: whole entries ending with AT_NULL",
	      bytes % sizeof(Elf64_auxv_t) == 0 && n > 0 &&
		  (size_t)(n + 1) * sizeof(Elf64_auxv_t) == bytes);
	if (n > 0) {
		compare("/proc/self/auxv", file_auxv, n);
		check_partial_reads(bytes);
	}
#ifdef AUXV_EXECUTABLE
	{
		char **e = envp;
		while (*e)
			e++;
		const Elf64_auxv_t *v = (const Elf64_auxv_t *)(e + 1);
		long sn = entries(v, 64);
		CHECK("stack: an AT_NULL", sn > 0);
		if (sn > 0) {
			compare("stack", v, sn);
			CHECK("stack: the same bytes as /proc/self/auxv",
			      sn == n && !memcmp(v, file_auxv,
						 (size_t)(n + 1) * sizeof(*v)));
		}
	}
#else
	(void)envp;
#endif

	/* the first object dl_iterate_phdr reports is the program */
	struct program_headers self = {0};
	dl_iterate_phdr(first_object, &self);
	CHECK("AT_PHDR is the program's headers (dl_iterate_phdr's)",
	      self.phdr && getauxval(AT_PHDR) == (unsigned long)self.phdr);
	CHECK("AT_PHNUM is their number",
	      getauxval(AT_PHNUM) == self.phnum && self.phnum > 0);
	CHECK("AT_PHENT is an Elf64_Phdr's size",
	      getauxval(AT_PHENT) == sizeof(Elf64_Phdr));
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	int has_load = 0;
	for (size_t i = 0; ph && i < self.phnum; i++)
		has_load |= ph[i].p_type == PT_LOAD;
	CHECK("AT_PHDR's headers hold a PT_LOAD", has_load);
#ifdef AUXV_EXECUTABLE
	extern char _start[];
	CHECK("AT_ENTRY is the program's _start",
	      getauxval(AT_ENTRY) == (unsigned long)_start);
#endif
	CHECK("AT_PAGESZ is the page size",
	      getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE));
	CHECK("AT_CLKTCK is the clock tick",
	      getauxval(AT_CLKTCK) == (unsigned long)sysconf(_SC_CLK_TCK));
	CHECK("AT_MINSIGSTKSZ is sysconf(_SC_MINSIGSTKSZ)",
	      getauxval(AT_MINSIGSTKSZ) ==
		  (unsigned long)sysconf(_SC_MINSIGSTKSZ));
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	CHECK("AT_PLATFORM is \"x86_64\"",
	      platform && !strcmp(platform, "x86_64"));
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	CHECK("AT_EXECFN names the program",
	      execfn &&
		  !strcmp(strrchr(execfn, '/') ? strrchr(execfn, '/') + 1
					       : execfn,
			  strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
						: argv[0]));
	check_execfn_copy(argv);
	check_resolver();
	const unsigned char *random =
	    (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; random && i < 16; i++)
		nonzero |= random[i];
	CHECK("AT_RANDOM points at 16 bytes, not all zero", nonzero);
	errno = 0;
	CHECK("an unknown type is 0 with ENOENT",
	      getauxval(12345) == 0 && errno == ENOENT);
	errno = 0;
	CHECK("AT_NULL is 0 with ENOENT",
	      getauxval(AT_NULL) == 0 && errno == ENOENT);
	return app_check_summary() != 0;
}
