/*
 * The auxiliary vector (auxv.h), with the entries Linux gives an x86_64
 * process, in its order, but AT_SYSINFO_EHDR (there is no vDSO) and the
 * rseq ones (no rseq).  The program's interpreter is the kernel, linked
 * where it runs: AT_BASE, its load bias, is 0.  The ids are root's, the
 * only user.  Built at the first use, not at boot: a program started
 * at main() may never ask.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "auxv.h"
#include "elf_loader.h"
#include "entropy.h"
#include "libc-internal.h"

#define HWCAP2_FSGSBASE (1UL << 1)

static struct elf_program_info program;
static const char *program_execfn;
static bool built;
static unsigned char random_bytes[16];

static Elf64_auxv_t vector[] = {
    {AT_MINSIGSTKSZ, {LIBC_MINSIGSTKSZ}},
    {AT_HWCAP, {0}},
    {AT_PAGESZ, {4096}},
    {AT_CLKTCK, {100}},
    {AT_PHDR, {0}},
    {AT_PHENT, {sizeof(Elf64_Phdr)}},
    {AT_PHNUM, {0}},
    {AT_BASE, {0}},
    {AT_FLAGS, {0}},
    {AT_ENTRY, {0}},
    {AT_UID, {0}},
    {AT_EUID, {0}},
    {AT_GID, {0}},
    {AT_EGID, {0}},
    {AT_SECURE, {0}},
    {AT_RANDOM, {0}},
    {AT_HWCAP2, {0}},
    {AT_EXECFN, {0}},
    {AT_PLATFORM, {0}},
    {AT_NULL, {0}},
};

static void set(uint64_t type, uint64_t value)
{
	for (Elf64_auxv_t *a = vector; a->a_type != AT_NULL; a++)
		if (a->a_type == type)
			a->a_un.a_val = value;
}

/* FSGSBASE: enabled in CR4 whenever CPUID offers it (fpu.c). */
static uint64_t hwcap2(void)
{
	return cpuid(0, 0).eax >= 7 && (cpuid(7, 0).ebx & 1) ? HWCAP2_FSGSBASE
							     : 0;
}

static void build(void)
{
	/* glibc-built code seeds its stack protector and pointer guard */
	entropy_read(random_bytes, sizeof(random_bytes));
	set(AT_HWCAP, cpuid(1, 0).edx); /* Linux's on x86: CPUID.1:EDX */
	set(AT_HWCAP2, hwcap2());
	set(AT_RANDOM, (uint64_t)random_bytes);
	set(AT_PLATFORM, (uint64_t) "x86_64");
	set(AT_PHDR, (uint64_t)program.phdr);
	set(AT_PHNUM, program.phnum);
	set(AT_ENTRY, program.entry);
	set(AT_EXECFN, (uint64_t)program_execfn);
	built = true;
}

void auxv_set_program(const struct elf_program_info *info, const char *execfn)
{
	program = *info;
	program_execfn = execfn;
	built = false;
}

const Elf64_auxv_t *auxv_vector(size_t *bytes)
{
	if (!built)
		build();
	*bytes = sizeof(vector);
	return vector;
}
