/*
 * The FPU, SSE and AVX state (Intel SDM vol. 1, chapter 13).  fpu_init()
 * turns on what applications may use: SSE always (CR4.OSFXSR and
 * OSXMMEXCPT, with CR0.MP and NE, which boot.S sets); with XSAVE,
 * CR4.OSXSAVE and XCR0 = x87 | SSE | AVX, plus the three AVX-512
 * components when the CPU has all of them.  The save area's size is what
 * CPUID.(0xD,0):EBX reports for that XCR0; without XSAVE it is FXSAVE's
 * 512 bytes.  A new thread starts from a copy of the state taken right
 * after fninit and the default MXCSR.
 *
 * Also here, because they are switched with it: the %fs base, through
 * RDFSBASE/WRFSBASE when CPUID.(7,0):EBX[0] allows CR4.FSGSBASE, else
 * the MSR; and %gs's base, which points at the CPU's data.
 */
#include <string.h>

#include "arch.h"
#include "asm.h"
#include "../../sched/sched_impl.h"

#define CR4_FSGSBASE (1ULL << 16)
#define CR4_OSXSAVE (1ULL << 18)
#define XCR0_X87 0x1ULL
#define XCR0_SSE 0x2ULL
#define XCR0_AVX 0x4ULL
#define XCR0_AVX512 0xe0ULL /* opmask, ZMM_Hi256, Hi16_ZMM */
#define MSR_FS_BASE_REG 0xc0000100
#define MSR_GS_BASE 0xc0000101

static bool use_xsave, use_xsaveopt, use_fsgsbase;
static unsigned state_size = 512;
static uint64_t xcr0;
static uint8_t template[FPU_STATE_MAX] __attribute__((aligned(64)));

/*
 * Every CR4 bit at once, from boot.S's (each write to a control register
 * ends a block TCG translates; a read too, under icount): XSAVE and
 * FSGSBASE when CPUID offers them.  boot.S set CR0's bits and SSE's.
 */
static void enable_features(bool xsave, bool fsgsbase)
{
	uint64_t cr4 = CR4_BOOT | (CR4_OSXSAVE & -(uint64_t)xsave) |
		       (CR4_FSGSBASE & -(uint64_t)fsgsbase); /* no branch */
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
	use_fsgsbase = fsgsbase;
}

/*
 * The XCR0 to enable: AVX if present, AVX-512 if all of it is.  Masks,
 * not branches: under TCG each branch of code run once is a block to
 * translate.
 */
static uint64_t wanted_xcr0(uint64_t supported)
{
	uint64_t want = XCR0_X87 | XCR0_SSE | (supported & XCR0_AVX);
	bool avx512 = ((supported & XCR0_AVX512) == XCR0_AVX512) &
		      ((want & XCR0_AVX) != 0);
	return want | (XCR0_AVX512 & -(uint64_t)avx512);
}

/* XCR0 and the save area's size; CR4.OSXSAVE is set. */
static void enable_xsave(void)
{
	struct cpuid_regs d = cpuid(0xd, 0);
	uint64_t want = wanted_xcr0(d.eax | (uint64_t)d.edx << 32);
	__asm__ volatile("xsetbv"
			 :
			 : "c"(0), "a"((uint32_t)want),
			   "d"((uint32_t)(want >> 32)));
	unsigned size = cpuid(0xd, 0).ebx;
	if (size > FPU_STATE_MAX) {
		want = XCR0_X87 | XCR0_SSE | (want & XCR0_AVX);
		__asm__ volatile("xsetbv"
				 :
				 : "c"(0), "a"((uint32_t)want), "d"(0));
		size = cpuid(0xd, 0).ebx;
	}
	xcr0 = want;
	state_size = size;
	use_xsave = true;
	use_xsaveopt = cpuid(0xd, 1).eax & 1;
}

void fpu_init(void)
{
	uint32_t max = cpuid(0, 0).eax;
	/*
	 * & rather than &&: a leaf past max is asked all the same (CPUID
	 * answers it with another leaf's values, masked off here), for a
	 * branch fewer (under TCG, a block to translate).  A CPU with XSAVE
	 * has leaf 0xd, which describes it (SDM vol. 1, 13.2): no test.
	 */
	bool xsave = (cpuid(1, 0).ecx >> 26) & 1;
	bool fsgsbase = (cpuid(7, 0).ebx & 1) & (max >= 7);
	enable_features(xsave, fsgsbase);
	if (xsave)
		enable_xsave();
	__asm__ volatile("fninit");
	uint32_t mxcsr = 0x1f80; /* all exceptions masked, round to nearest */
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	fpu_save(template); /* into zeroed .bss: a clean XSAVE header */
}

unsigned fpu_state_size(void)
{
	return state_size;
}

bool fpu_uses_xsave(void)
{
	return use_xsave;
}

uint64_t fpu_xcr0(void)
{
	return xcr0;
}

void fpu_state_init(void *area)
{
	/*
	 * One instruction, not memcpy's size dispatch (7 blocks to translate
	 * at boot, and the boot copies nothing else); by 8 bytes, as every
	 * FXSAVE or XSAVE area's size is a multiple of 8 (the offset and size
	 * of each XSAVE state component are).
	 */
	void *dst = area;
	const void *src = template;
	size_t n = state_size / 8;
	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

void fpu_save(void *area)
{
	if (use_xsaveopt)
		__asm__ volatile("xsaveopt64 (%0)"
				 :
				 : "r"(area), "a"(-1), "d"(-1)
				 : "memory");
	else if (use_xsave)
		__asm__ volatile("xsave64 (%0)"
				 :
				 : "r"(area), "a"(-1), "d"(-1)
				 : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(void *area)
{
	if (use_xsave)
		__asm__ volatile("xrstor64 (%0)"
				 :
				 : "r"(area), "a"(-1), "d"(-1)
				 : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

/* BEGIN signals at an interrupt's return */
/* XCR0's components past x87 and SSE: FXSAVE's part is trap entry's. */
static uint64_t extended_components(void)
{
	return xcr0 & ~(XCR0_X87 | XCR0_SSE);
}

unsigned fpu_extended_size(void)
{
	return extended_components() ? state_size : 0;
}

/*
 * XSAVE, not XSAVEOPT: the area is on a stack, where the last XRSTOR's
 * address may hold other bytes by the next save.  XSAVE writes only the
 * header's XSTATE_BV, and XRSTOR faults on other header bytes than 0.
 */
void fpu_extended_save(void *area)
{
	uint64_t *header = (uint64_t *)((char *)area + 512);
	for (int i = 0; i < 8; i++)
		header[i] = 0;
	uint64_t m = extended_components();
	__asm__ volatile("xsave64 (%0)"
			 :
			 : "r"(area), "a"((uint32_t)m), "d"((uint32_t)(m >> 32))
			 : "memory");
}

void fpu_extended_restore(const void *area)
{
	uint64_t m = extended_components();
	__asm__ volatile("xrstor64 (%0)"
			 :
			 : "r"(area), "a"((uint32_t)m), "d"((uint32_t)(m >> 32))
			 : "memory");
}
/* END signals at an interrupt's return */

bool fpu_fsgsbase(void)
{
	return use_fsgsbase;
}

uint64_t arch_get_fs_base(void)
{
	if (!use_fsgsbase)
		return rdmsr(MSR_FS_BASE_REG);
	uint64_t v;
	__asm__ volatile("rdfsbase %0" : "=r"(v));
	return v;
}

void arch_put_fs_base(uint64_t base)
{
	if (use_fsgsbase)
		__asm__ volatile("wrfsbase %0" : : "r"(base) : "memory");
	else
		wrmsr(MSR_FS_BASE_REG, base);
}

void arch_set_cpu_base(void *cpu)
{
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)cpu);
}
