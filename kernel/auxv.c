/*
 * The auxiliary vector (auxv.h), with the entries Linux gives an x86_64
 * process, in its order, but AT_SYSINFO_EHDR (there is no vDSO) and the
 * rseq ones (no rseq).  The program's interpreter is the kernel, linked
 * where it runs: AT_BASE, its load bias, is 0.  The ids are root's, the
 * only user.  Written whole when the program is set up, before its
 * constructors and so before any thread of its own: readers need no
 * lock, and AT_RANDOM's bytes never change under one.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "auxv.h"
#include "elf_loader.h"
#include "entropy.h"
#include "libc-internal.h"
#include "mm.h"

#define HWCAP2_FSGSBASE (1UL << 1)

static const unsigned char types[] = {
    AT_MINSIGSTKSZ, AT_HWCAP,  AT_PAGESZ, AT_CLKTCK,   AT_PHDR,
    AT_PHENT,	    AT_PHNUM,  AT_BASE,	  AT_FLAGS,    AT_ENTRY,
    AT_UID,	    AT_EUID,   AT_GID,	  AT_EGID,     AT_SECURE,
    AT_RANDOM,	    AT_HWCAP2, AT_EXECFN, AT_PLATFORM,
};

/* AT_NULL alone until auxv_set_program */
static Elf64_auxv_t vector[sizeof(types) + 1];
static unsigned char random_bytes[16];

/* FSGSBASE: enabled in CR4 whenever CPUID offers it (fpu.c). */
static uint64_t hwcap2(void)
{
	return cpuid(0, 0).eax >= 7 && (cpuid(7, 0).ebx & 1) ? HWCAP2_FSGSBASE
							     : 0;
}

/*
 * A copy of the path, as Linux keeps one apart from argv[0], which the
 * program may overwrite (to retitle itself); the path itself if there
 * is no memory for one.
 */
static const char *copy_execfn(const char *execfn)
{
	size_t len = strlen(execfn) + 1;
	char *copy = heap_alloc(len);
	return copy ? memcpy(copy, execfn, len) : execfn;
}

static uint64_t value(unsigned type, const struct elf_program_info *info,
		      const char *execfn)
{
	switch (type) {
	case AT_MINSIGSTKSZ:
		return LIBC_MINSIGSTKSZ;
	case AT_HWCAP:
		return cpuid(1, 0).edx; /* Linux's on x86: CPUID.1:EDX */
	case AT_PAGESZ:
		return PAGE_SIZE;
	case AT_CLKTCK:
		return LIBC_CLK_TCK;
	case AT_PHDR:
		return (uint64_t)info->phdr;
	case AT_PHENT:
		return sizeof(Elf64_Phdr);
	case AT_PHNUM:
		return info->phnum;
	case AT_ENTRY:
		return info->entry;
	case AT_RANDOM:
		return (uint64_t)random_bytes;
	case AT_HWCAP2:
		return hwcap2();
	case AT_EXECFN:
		return (uint64_t)copy_execfn(execfn);
	case AT_PLATFORM:
		return (uint64_t) "x86_64";
	default: /* AT_BASE, AT_FLAGS, the ids, AT_SECURE */
		return 0;
	}
}

void auxv_set_program(const struct elf_program_info *info, const char *execfn)
{
	/* glibc-built code seeds its stack protector and pointer guard */
	entropy_read(random_bytes, sizeof(random_bytes));
	for (size_t i = 0; i < sizeof(types); i++)
		vector[i] =
		    (Elf64_auxv_t){types[i], {value(types[i], info, execfn)}};
}

const Elf64_auxv_t *auxv_vector(size_t *bytes)
{
	*bytes = sizeof(vector);
	return vector;
}
