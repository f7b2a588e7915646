/*
 * The x86_64 layer: CPU access, descriptor tables, traps, paging and the
 * time-stamp counter.  The rest of the kernel uses nothing else of
 * kernel/arch/x86_64/.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Zeroes a 4 KiB page in 512 quadword stores: memset's "rep stosb" takes
 * 4,096 steps under emulation (TCG), 8 times as many.
 */
static inline void page_clear(void *page)
{
	unsigned long n = 4096 / 8;
	__asm__ volatile("rep stosq"
			 : "+D"(page), "+c"(n)
			 : "a"(0UL)
			 : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v),
			   "d"((uint32_t)(v >> 32)));
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

/*
 * CPUID leaf 0x40000000, the first of the hypervisors' range (a
 * signature in EBX, ECX, EDX; the range's highest leaf in EAX), as
 * cpuid_hypervisor_init(), an early step of the boot, read it; all
 * zeros without a hypervisor (CPUID 1's ECX bit 31 clear), where the
 * leaf means something else.
 */
static inline struct cpuid_regs cpuid_hypervisor(void)
{
	extern struct cpuid_regs cpuid_hypervisor_leaf;
	return cpuid_hypervisor_leaf;
}

/* Reads the leaf cpuid_hypervisor() gives; before the clock starts. */
void cpuid_hypervisor_init(void);

static inline uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* A random number from the CPU; false when it has none to give. */
static inline bool rdrand64(uint64_t *out)
{
	if (!(cpuid(1, 0).ecx & (1U << 30)))
		return false;
	for (int tries = 0; tries < 10; tries++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/*
 * A seed from the CPU's entropy source itself (RDSEED, not the DRBG
 * behind RDRAND); false when the CPU has none or gives none now.
 */
static inline bool rdseed64(uint64_t *out)
{
	if (cpuid(0, 0).eax < 7 || !(cpuid(7, 0).ebx & (1U << 18)))
		return false;
	for (int tries = 0; tries < 10; tries++) {
		unsigned char ok;
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
		__asm__ volatile("pause");
	}
	return false;
}

#define MSR_FS_BASE 0xc0000100

/* The thread pointer (%fs base) that TLS accesses are relative to. */
static inline void arch_set_thread_pointer(uint64_t tp)
{
	wrmsr(MSR_FS_BASE, tp);
}

/*
 * Switches to the stack whose top is sp (16-byte aligned) and calls
 * fn(arg) there, with %rbp zeroed so that backtraces end at fn's frame.
 * fn must not return.
 */
__attribute__((noreturn)) static inline void
arch_call_on_stack(void (*fn)(void *), void *arg, uint64_t sp)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2"
			 :
			 : "r"(sp), "r"(fn), "D"(arg)
			 : "memory");
	__builtin_unreachable();
}

/*
 * Jumps to a program's ELF entry point as a process starts in the System
 * V ABI: %rsp = sp points at argc (then argv, envp and the auxiliary
 * vector), %rdx = 0 (no exit function for the program to register) and
 * %rbp = 0 (the outermost frame).
 */
__attribute__((noreturn)) static inline void arch_enter_process(uint64_t entry,
								uint64_t sp)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%edx, %%edx\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "jmp *%1"
			 :
			 : "r"(sp), "r"(entry)
			 : "rdx", "memory");
	__builtin_unreachable();
}

__attribute__((noreturn)) static inline void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The frame every trap handler receives; built by entry.S. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*trap_handler_fn)(struct trap_frame *frame);

/*
 * Loads the TSS (its IST stacks) and the IDT, built at link time
 * (cpu_tables.S); boot.S loaded their GDT.
 */
void cpu_tables_init(void);

/* Enables SSE (and the FPU) for applications and the libc. */
void fpu_init(void);
/* Whether fpu_init() turned on CR4.FSGSBASE (RDFSBASE and the like). */
bool fpu_fsgsbase(void);

/* Installs a handler for an interrupt vector (32..255). */
void trap_set_handler(unsigned vector, trap_handler_fn fn);

/* BEGIN fault signals (libc/signal/fault.c) */
/*
 * Offers CPU exceptions (vectors 0..31) to the libc's signal delivery
 * before they are reported as fatal: the hook returns true when the
 * program's handler took the fault (the frame may have been changed),
 * false to let the kernel report it.
 */
typedef bool (*trap_fault_hook_fn)(struct trap_frame *frame);
void trap_set_fault_hook(trap_fault_hook_fn hook);
/*
 * Whether the page fault being offered hit a file mapping whose file had
 * no page there (past its end): SIGBUS rather than SIGSEGV.
 */
bool trap_fault_is_bus_error(void);
/*
 * Whether frame is a fault taken while the trap entry moved another
 * trap's frame onto a stack that is not mapped (a stack overflow): then
 * lost gets that trap's frame, as the interrupted code left it.  The
 * hook runs on the trap's own stack then, with interrupts off.
 */
bool trap_frame_lost(const struct trap_frame *frame, struct trap_frame *lost);
/*
 * Returns to frame's registers (and its interrupt flag), which may be
 * on any stack; the FPU is left as it is.
 */
_Noreturn void trap_resume(struct trap_frame *frame);
/* END fault signals */

/* BEGIN signals at an interrupt's return (libc/signal/signal.c) */
/*
 * Called at the end of an interrupt (vectors 32..255, after the
 * scheduler ran the interrupted thread again) that came while
 * interrupts were on.  Interrupts are off; when the interrupt came in
 * the program's code (trap_interrupted_program()) the hook may turn
 * them on and change the frame, which the interrupted code resumes
 * with.
 */
typedef void (*trap_return_hook_fn)(struct trap_frame *frame);
void trap_set_return_hook(trap_return_hook_fn hook);
/*
 * Whether the interrupt that made frame came while the program's own
 * code ran, outside the kernel's code and the code
 * trap_add_kernel_code() named, so that the thread holds none of the
 * kernel's locks.  It walks a table: ask only when there is something
 * to do there.
 */
bool trap_interrupted_program(const struct trap_frame *frame);
/*
 * [start, end) is kernel code too (a module's): false when the table of
 * such ranges is full.
 */
bool trap_add_kernel_code(const void *start, const void *end);
/*
 * The FPU state that trap entry's FXSAVE leaves out (AVX's and
 * AVX-512's upper registers), which a handler run at an interrupt's
 * return may change (vzeroupper, any VEX instruction) and the
 * interrupted code must get back: the bytes an area for it needs (0
 * when there is none: no XSAVE, or only x87 and SSE enabled), and its
 * save and restore (area 64-byte aligned, fpu_extended_size() bytes).
 */
unsigned fpu_extended_size(void);
void fpu_extended_save(void *area);
void fpu_extended_restore(const void *area);
/* END signals at an interrupt's return */

/*
 * Moves the legacy 8259 PICs onto IRQ_VECTOR_PIC_BASE..+15 and masks
 * them, so that nothing arrives on vectors 0..15.
 */
void pic_disable(void);

/*
 * Acknowledges at the 8259s an interrupt taken on one of their vectors
 * (the local APIC did not deliver it: its EOI would retire another).
 * A spurious IRQ 7 gets no EOI, a spurious IRQ 15 only the master's
 * (for the cascade).
 */
void pic_acknowledge(unsigned vector);

/*
 * Replaces the boot page tables: RAM identity-mapped with 2 MiB pages,
 * no-execute except the kernel's text, page 0 unmapped, the image mapped
 * with 4 KiB pages by section (text r-x, rodata r--, data rw-); and the
 * platform devices' window (see paging_device_window()) uncached.
 * take_page() supplies zeroed page-table pages.
 */
void paging_init(void *(*take_page)(void));

/*
 * True when [addr, addr + len) lies in memory the kernel may read: RAM or
 * pages mapped with paging_map(); never in the device window (below).
 */
bool paging_readable(uintptr_t addr, size_t len);

/*
 * True when [addr, addr + len) lies in the platform devices' window below
 * 4 GiB (0xfea00000 to 0xff000000), which paging_init() maps uncached and
 * writable.  Drivers map registers through paging_map_device() all the
 * same: it keeps a page some user asked writable from being made
 * read-only by another's request.
 */
bool paging_device_window(uint64_t addr, size_t len);

/*
 * Rights of a page mapped with paging_map(); a present page is readable.
 * PAGING_NONE (no right at all) keeps the page mapped but inaccessible:
 * every access faults (a guard page with its memory kept).
 *
 * All paging_* calls may be made concurrently, from any thread.
 */
#define PAGING_NONE 0x0u
#define PAGING_READ 0x1u
#define PAGING_WRITE 0x2u
#define PAGING_EXEC 0x4u     /* without it the page is no-execute (NX) */
#define PAGING_UNCACHED 0x8u /* cache disabled: for device registers */

/*
 * Maps [va, va + len) to [pa, pa + len) with 4 KiB pages and the given
 * rights, outside the identity-mapped RAM (e.g. where the ELF loader puts
 * programs).  va, pa and len are multiples of 4 KiB and va + len is below
 * 2^47.  Page tables come from page_alloc().  Returns 0, or -1 (nothing
 * mapped) for a bad range, a page that is already mapped, or no memory.
 */
int paging_map(uint64_t va, uint64_t pa, size_t len, unsigned prot);

/*
 * Changes the rights of the mapped pages [va, va + len), which may be in
 * the device window.  Returns 0, or -1 (nothing changed) when the range is
 * bad or has an unmapped page, or no page is left for a table.
 */
int paging_protect(uint64_t va, size_t len, unsigned prot);

/*
 * Unmaps the pages of [va, va + len) that are mapped.  The physical pages
 * stay with their owner; the page tables are kept for later mappings.
 */
void paging_unmap(uint64_t va, size_t len);

/*
 * Gives the identity-mapped RAM [pa, pa + len) the rights prot, in 4 KiB
 * pages: the frames of a program linked at a fixed address (ET_EXEC),
 * whose addresses are the identity map's.  -1 if it is not all RAM or no
 * page is left for a table.
 */
int paging_protect_identity(uint64_t pa, size_t len, unsigned prot);

/* Like paging_protect(), but skips the pages of the range not mapped. */
void paging_protect_mapped(uint64_t va, size_t len, unsigned prot);

/*
 * Unmaps the page at va (page-aligned); true with its physical address
 * in *pa when it was mapped (inaccessible ones too).
 */
bool paging_unmap_page(uint64_t va, uint64_t *pa);

/*
 * The first page at or above va (page-aligned) and below end that is
 * mapped with paging_map() (inaccessible ones too), or end; skips
 * unmapped stretches a page table at a time, so that sparse ranges of
 * any size are cheap to walk.
 */
uint64_t paging_next_mapped(uint64_t va, uint64_t end);

/*
 * Whether the page holding va is mapped with paging_map() (inaccessible
 * ones too), and to which physical page (*pa, when pa is not NULL).
 */
bool paging_query(uint64_t va, uint64_t *pa);

/*
 * Maps [pa, pa + len) at the same virtual address for a device or
 * firmware table user that needs rights prot (PAGING_READ, PAGING_WRITE,
 * PAGING_UNCACHED for device registers).  A page may have several users
 * (one device's registers next to another's, a table next to
 * registers): it keeps the most permissive rights any of them asked,
 * uncached if any asked so.  RAM is left as mapped (writable, cached);
 * the device window's pages are uncached and writable until a read-only
 * request, and stay writable once a user asked so.  Returns 0, or -1
 * for page 0, a range that wraps, or a page that cannot be mapped.
 */
int paging_map_device(uint64_t pa, size_t len, unsigned prot);

/*
 * Copies len bytes at physical off in page 0 (the BIOS data area: the
 * EBDA's segment at 0x40e) to buf, page 0 staying unmapped for every
 * other use (a NULL dereference faults): mapped only for the copy, with
 * interrupts masked.  Returns 0, or -1 for a range past page 0.
 */
int paging_read_page0(unsigned off, void *buf, size_t len);

/*
 * The rights of the page holding va (PAGING_READ, _WRITE, _EXEC,
 * _UNCACHED), or -1 when it is not present.
 */
int paging_rights(uint64_t va);

/* Registers a RAM range for paging_init() to map and paging_readable(). */
void paging_add_ram(uint64_t start, uint64_t end);

/* The TSC value at the PVH entry (boot.S). */
extern uint64_t boot_tsc_entry;
extern uint64_t boot_start_info_paddr;

/* Writes to QEMU's isa-debug-exit port; returns only if it is absent. */
void arch_debug_exit(int status);

/*
 * Walks the %rbp chain, calling fn with each return address; the first
 * gets the given depth.
 */
void arch_walk_frames(uint64_t rbp, unsigned depth,
		      void (*fn)(unsigned depth, uint64_t pc, void *arg),
		      void *arg);

/*
 * For a pc in the function that starts at start: the offset from the
 * stack pointer of the return address when the function has no frame
 * (yet), or -1 when %rbp leads to it.
 */
int arch_frame_pending(uint64_t start, uint64_t pc);

#endif
