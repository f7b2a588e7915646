/*
 * The auxiliary vector (auxv.h), with the entries Linux gives an x86_64
 * process, in its order, but AT_SYSINFO_EHDR (there is no vDSO) and the
 * rseq ones (no rseq).  The program's interpreter is the kernel, linked
 * where it runs: AT_BASE, its load bias, is 0.  The ids are root's, the
 * only user.  Written as the program is set up, before its ifunc
 * resolvers and constructors and so before any thread of its own:
 * readers need no lock, and AT_RANDOM's bytes never change under one.
 */
#include <stdint.h>

#include "arch.h"
#include "auxv.h"
#include "elf_loader.h"
#include "entropy.h"
#include "libc-internal.h"
#include "mm.h"

#define HWCAP2_FSGSBASE (1UL << 1)

/* The entries' places, in Linux's order. */
enum {
	I_MINSIGSTKSZ,
	I_HWCAP,
	I_PAGESZ,
	I_CLKTCK,
	I_PHDR,
	I_PHENT,
	I_PHNUM,
	I_BASE,
	I_FLAGS,
	I_ENTRY,
	I_UID,
	I_EUID,
	I_GID,
	I_EGID,
	I_SECURE,
	I_RANDOM,
	I_HWCAP2,
	I_EXECFN,
	I_PLATFORM,
	ENTRIES
};

static const unsigned char types[ENTRIES] = {
    [I_MINSIGSTKSZ] = AT_MINSIGSTKSZ,
    [I_HWCAP] = AT_HWCAP,
    [I_PAGESZ] = AT_PAGESZ,
    [I_CLKTCK] = AT_CLKTCK,
    [I_PHDR] = AT_PHDR,
    [I_PHENT] = AT_PHENT,
    [I_PHNUM] = AT_PHNUM,
    [I_BASE] = AT_BASE,
    [I_FLAGS] = AT_FLAGS,
    [I_ENTRY] = AT_ENTRY,
    [I_UID] = AT_UID,
    [I_EUID] = AT_EUID,
    [I_GID] = AT_GID,
    [I_EGID] = AT_EGID,
    [I_SECURE] = AT_SECURE,
    [I_RANDOM] = AT_RANDOM,
    [I_HWCAP2] = AT_HWCAP2,
    [I_EXECFN] = AT_EXECFN,
    [I_PLATFORM] = AT_PLATFORM,
};

/* AT_NULL alone until auxv_init; in .bss, not .data. */
static Elf64_auxv_t vector[ENTRIES + 1];
static unsigned char random_bytes[16];

/* FSGSBASE: what fpu_init() enabled in CR4. */
static uint64_t hwcap2(void)
{
	return fpu_fsgsbase() ? HWCAP2_FSGSBASE : 0;
}

/*
 * Straight-line stores, not a switch on the type: under TCG each case
 * would be a block of its own to translate, at every program's start.
 * The entries left 0: AT_BASE, AT_FLAGS, the ids, AT_SECURE, and the
 * program's until auxv_set_program.
 */
void auxv_init(void)
{
	for (size_t i = 0; i < ENTRIES; i++)
		vector[i].a_type = types[i];
	/* glibc-built code seeds its stack protector and pointer guard */
	entropy_read(random_bytes, sizeof(random_bytes));
	vector[I_MINSIGSTKSZ].a_un.a_val = LIBC_MINSIGSTKSZ;
	vector[I_HWCAP].a_un.a_val = cpuid(1, 0).edx; /* Linux's on x86 */
	vector[I_PAGESZ].a_un.a_val = PAGE_SIZE;
	vector[I_CLKTCK].a_un.a_val = LIBC_CLK_TCK;
	vector[I_PHENT].a_un.a_val = sizeof(Elf64_Phdr);
	vector[I_RANDOM].a_un.a_val = (uint64_t)random_bytes;
	vector[I_HWCAP2].a_un.a_val = hwcap2();
	vector[I_PLATFORM].a_un.a_val = (uint64_t) "x86_64";
}

void auxv_set_program(const struct elf_program_info *info)
{
	vector[I_PHDR].a_un.a_val = (uint64_t)info->phdr;
	vector[I_PHNUM].a_un.a_val = info->phnum;
	vector[I_ENTRY].a_un.a_val = info->entry;
	/* not argv[0], which the program may overwrite: Linux too keeps a
	 * copy of the path apart */
	vector[I_EXECFN].a_un.a_val = (uint64_t)info->path;
}

const Elf64_auxv_t *auxv_vector(size_t *bytes)
{
	*bytes = sizeof(vector);
	return vector;
}
