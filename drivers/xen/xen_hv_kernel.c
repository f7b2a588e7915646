/*
 * The hypervisor interface (xen_hv.h) in the kernel.  Xen announces
 * itself in the hypervisor CPUID range: a leaf 0x40000000 + n * 0x100
 * (n < 16; another hypervisor's leaves may come first) with the
 * signature "XenVMMXenVMM".  Leaf base + 1 gives the version, leaf
 * base + 2 the number of hypercall pages and the MSR that takes the
 * physical address of a page for Xen to fill with hypercall stubs, one
 * of 32 bytes per hypercall.  A call jumps to the stub with the number
 * in RAX and arguments in RDI, RSI, RDX (x86_64 ABI of xen.h).
 */
#include "arch.h"
#include "memory.h"
#include "clock.h"
#include "irq.h"
#include "xen_abi.h"
#include "xen_hv.h"

/*
 * The page Xen fills with the stubs: executable, so at the end of the
 * kernel's text (kernel.ld), and without bytes in the kernel file (a
 * section of no bits: zero until Xen writes it from outside, past the
 * guest's read-only mapping).  kernel.ld aligns it to a page.  Global
 * but hidden: with -flto this asm and the C using it may end up in
 * different units.
 */
__asm__(".pushsection .xen_hypercall_page, \"ax\", @nobits\n"
	".globl xen_hypercall_page\n"
	".hidden xen_hypercall_page\n"
	"xen_hypercall_page:\n"
	".skip 4096\n"
	".popsection");
extern uint8_t xen_hypercall_page[XEN_PAGE_SIZE];
static void (*upcall_fn)(void);

static uint32_t xen_cpuid_base(void)
{
	struct cpuid_regs r = cpuid_hypervisor();
	for (uint32_t base = 0x40000000; base < 0x40001000;
	     base += 0x100, r = cpuid(base, 0))
		if (r.ebx == XEN_CPUID_SIG_EBX && r.ecx == XEN_CPUID_SIG_ECX &&
		    r.edx == XEN_CPUID_SIG_EDX && r.eax >= base + 2)
			return base;
	return 0;
}

int xen_hv_init(uint32_t *version)
{
	uint32_t base = xen_cpuid_base();
	if (!base)
		return -1;
	*version = cpuid(base + 1, 0).eax;
	struct cpuid_regs r = cpuid(base + 2, 0);
	if (r.eax < 1)
		return -1;
	/* Page 0 of the hypercall area; memory is identity-mapped. */
	wrmsr(r.ebx, (uint64_t)(uintptr_t)xen_hypercall_page);
	return *(volatile uint8_t *)xen_hypercall_page != 0 ? 0 : -1;
}

long xen_hypercall(unsigned op, unsigned long a1, unsigned long a2,
		   unsigned long a3)
{
	long ret;
	register unsigned long rdi __asm__("rdi") = a1;
	register unsigned long rsi __asm__("rsi") = a2;
	register unsigned long rdx __asm__("rdx") = a3;
	void *stub = xen_hypercall_page + op * 32;
	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx)
			 : [stub] "r"(stub)
			 : "rcx", "r11", "r8", "r9", "r10", "memory");
	return ret;
}

uint64_t xen_hv_gfn(const void *p)
{
	return (uintptr_t)p >> XEN_PAGE_SHIFT;
}

void *xen_hv_map_frame(uint64_t gfn)
{
	uint64_t pa = gfn << XEN_PAGE_SHIFT;
	memory_keep(pa, XEN_PAGE_SIZE);
	if (paging_map_device(pa, XEN_PAGE_SIZE, PAGING_READ | PAGING_WRITE))
		return NULL;
	return (void *)(uintptr_t)pa;
}

static void upcall_handler(void *arg)
{
	(void)arg;
	upcall_fn();
}

int xen_hv_upcall(void (*fn)(void))
{
	int vector = irq_alloc_vector();
	if (vector < 0)
		return -1;
	upcall_fn = fn;
	irq_set_handler(vector, upcall_handler, NULL);
	return vector;
}

uint64_t xen_hv_now_ns(void)
{
	return clock_monotonic();
}

void xen_hv_relax(void)
{
	__asm__ volatile("pause");
}
