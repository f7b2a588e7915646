/*
 * Trap dispatch.  A page fault inside a memory mapping (vm.h) is served
 * on demand.  Other CPU exceptions (vectors 0..31), and page faults no
 * mapping can serve, in a single-address-space kernel have nobody to
 * deliver a signal to: each is reported with the registers and a
 * symbolized backtrace, in one block of console output, and the machine
 * powers off with OSV_EXIT_FAULT.
 * Vectors 32..255 go to the handler a driver installed, else to the
 * interrupt subsystem's fixed ones (irq_fixed_trap()); one that arrives
 * with neither is reported once and acknowledged where it came from.
 * At the end of one that came with interrupts on, the libc's signals
 * may run handlers (trap_set_return_hook()), when it came in the
 * program's code.
 */

#include "arch.h"
#include "console.h"
#include "debug.h"
#include "irq.h"
#include "klog.h"
#include "osv/power.h"
#include "thread.h"
#include "uaccess.h"
#include "vm.h"

static trap_handler_fn handlers[256];
static uint64_t unexpected_seen[256 / 64];
static uint64_t counts[256];

static const char *const exception_names[32] = {
    [0] = "divide error (#DE)",
    [1] = "debug (#DB)",
    [2] = "non-maskable interrupt (NMI)",
    [3] = "breakpoint (#BP)",
    [4] = "overflow (#OF)",
    [5] = "bound range exceeded (#BR)",
    [6] = "invalid opcode (#UD)",
    [7] = "device not available (#NM)",
    [8] = "double fault (#DF)",
    [9] = "coprocessor segment overrun",
    [10] = "invalid TSS (#TS)",
    [11] = "segment not present (#NP)",
    [12] = "stack-segment fault (#SS)",
    [13] = "general protection fault (#GP)",
    [14] = "page fault (#PF)",
    [16] = "x87 floating-point exception (#MF)",
    [17] = "alignment check (#AC)",
    [18] = "machine check (#MC)",
    [19] = "SIMD floating-point exception (#XM)",
    [20] = "virtualization exception (#VE)",
    [21] = "control protection exception (#CP)",
    [28] = "hypervisor injection exception (#HV)",
    [29] = "VMM communication exception (#VC)",
    [30] = "security exception (#SX)",
};

void trap_set_handler(unsigned vector, trap_handler_fn fn)
{
	if (vector >= 32 && vector < 256)
		handlers[vector] = fn;
}

static void print_page_fault_cause(uint64_t error)
{
	kprintf("osv: %s %s address 0x%lx%s%s\n",
		error & 1 ? "protection violation on" : "not-present page at",
		error & 16  ? "instruction fetch from"
		: error & 2 ? "write to"
			    : "read from",
		read_cr2(), error & 8 ? " (reserved bit set)" : "",
		read_cr2() < 4096 ? " (NULL pointer)" : "");
	char name[THREAD_NAME_MAX];
	struct thread *t = thread_stack_overflow(read_cr2());
	if (t) {
		thread_get_name(t, name, sizeof(name));
		kprintf("osv: stack overflow: the guard page of thread %d "
			"(\"%s\")\n",
			thread_id(t), name);
	}
}

static void print_registers(const struct trap_frame *f)
{
	kprintf("  rip %016lx  rsp %016lx  rflags %016lx\n", f->rip, f->rsp,
		f->rflags);
	kprintf("  rax %016lx  rbx %016lx  rcx %016lx\n", f->rax, f->rbx,
		f->rcx);
	kprintf("  rdx %016lx  rsi %016lx  rdi %016lx\n", f->rdx, f->rsi,
		f->rdi);
	kprintf("  rbp %016lx  r8  %016lx  r9  %016lx\n", f->rbp, f->r8, f->r9);
	kprintf("  r10 %016lx  r11 %016lx  r12 %016lx\n", f->r10, f->r11,
		f->r12);
	kprintf("  r13 %016lx  r14 %016lx  r15 %016lx\n", f->r13, f->r14,
		f->r15);
	kprintf("  cs %04lx  ss %04lx  cr2 %016lx  cr3 %016lx  error %lx\n",
		f->cs, f->ss, read_cr2(), read_cr3(), f->error);
}

/* What the mappings made of a page fault (VM_FAULT_NO_AREA: not asked). */
static enum vm_fault_result page_fault_result = VM_FAULT_NO_AREA;

extern const char trap_entry_start[], trap_entry_end[];

static void report_fault(struct trap_frame *f)
{
	const char *name = exception_names[f->vector];
	kprintf("osv: fatal: %s, vector %lu, at %s\n",
		name ? name : "reserved exception", f->vector,
		ksym_describe(f->rip));
	if (f->rip >= (uint64_t)trap_entry_start &&
	    f->rip < (uint64_t)trap_entry_end)
		kprintf("osv: while moving a trap's frame onto the interrupted "
			"stack: that stack is not mapped there (it overflowed "
			"into its guard page, or its pointer is bad)\n");
	if (f->vector == 14) {
		print_page_fault_cause(f->error);
		vm_explain_fault(read_cr2(), page_fault_result);
	}
	print_registers(f);
	debug_backtrace(f->rip, f->rsp, f->rbp);
}

/*
 * Acknowledged where it came from: until its EOI it would block every
 * vector of its priority class and below.  One on the 8259s' vectors
 * (a spurious IRQ 7 or 15, though they are masked) is theirs: the local
 * APIC's EOI would retire whatever it has in service.  (The APIC's own
 * spurious vector, which marks nothing in service, irq_fixed_trap()
 * takes without one.)
 */
static void unexpected_interrupt(unsigned vector)
{
	if (vector < IRQ_VECTOR_PIC_BASE + 16)
		pic_acknowledge(vector);
	else
		irq_eoi();
	uint64_t bit = 1ULL << (vector % 64);
	if (unexpected_seen[vector / 64] & bit)
		return;
	unexpected_seen[vector / 64] |= bit;
	kprintf("osv: unexpected interrupt on vector %u (ignored; reported "
		"once)\n",
		vector);
}

uint64_t irq_count(unsigned vector)
{
	return vector < 256 ? counts[vector] : 0;
}

void trap_dispatch(struct trap_frame *f);

/* #PF error code bits: present, write, instruction fetch. */
#define PF_PRESENT 0x1
#define PF_WRITE 0x2
#define PF_FETCH 0x10

#define RFLAGS_IF 0x200

/*
 * Serves a page fault from the mappings; true when the access may retry.
 * When the faulting code could take interrupts, so can the handler (the
 * frame is on the thread's stack and the IST stack free): a file's page
 * may then be read with locks that sleep.
 */
static bool serve_page_fault(const struct trap_frame *f)
{
	uint64_t addr = read_cr2();
	unsigned access = (f->error & PF_WRITE ? VM_ACCESS_WRITE : 0) |
			  (f->error & PF_FETCH ? VM_ACCESS_EXEC : 0) |
			  (f->error & PF_PRESENT ? VM_ACCESS_PRESENT : 0);
	bool irqs = f->rflags & RFLAGS_IF;
	if (irqs)
		irq_enable();
	enum vm_fault_result r = vm_fault(addr, access);
	if (irqs) {
		irq_disable();
		/* another thread's fault meanwhile: CR2 is ours again */
		__asm__ volatile("mov %0, %%cr2" : : "r"(addr));
	}
	page_fault_result = r;
	return r == VM_FAULT_DONE;
}

/* BEGIN fault signals */
static trap_fault_hook_fn fault_hook;

void trap_set_fault_hook(trap_fault_hook_fn hook)
{
	fault_hook = hook;
}

bool trap_fault_is_bus_error(void)
{
	return page_fault_result == VM_FAULT_FILE_ERR;
}

/* entry.S's copy of the frame it was moving (rax, vector .. rsp), and
 * the instructions that move it. */
extern const uint64_t trap_moving[7];
extern const char trap_move_pushes[], trap_move_pushed[];

bool trap_frame_lost(const struct trap_frame *f, struct trap_frame *lost)
{
	if (f->rip < (uint64_t)trap_move_pushes ||
	    f->rip >= (uint64_t)trap_move_pushed)
		return false;
	*lost = *f; /* the move changed no register but %rax and %rsp */
	lost->rax = trap_moving[0];
	lost->vector = trap_moving[1];
	lost->error = trap_moving[2];
	lost->rip = trap_moving[3];
	lost->rflags = trap_moving[5];
	lost->rsp = trap_moving[6];
	return true;
}
/* END fault signals */

/* BEGIN signals at an interrupt's return */
static trap_return_hook_fn return_hook;
/* The kernel's code, then that of the modules it loaded. */
#define KERNEL_CODE_MAX 4
extern const char __image_start[], __text_end[];
static struct {
	uint64_t start, end;
} kernel_code[KERNEL_CODE_MAX] = {
    {(uint64_t)__image_start, (uint64_t)__text_end}};
static unsigned kernel_code_count = 1;

void trap_set_return_hook(trap_return_hook_fn hook)
{
	return_hook = hook;
}

bool trap_add_kernel_code(const void *start, const void *end)
{
	if (kernel_code_count == KERNEL_CODE_MAX)
		return false;
	kernel_code[kernel_code_count].start = (uint64_t)start;
	kernel_code[kernel_code_count++].end = (uint64_t)end;
	return true;
}

bool trap_interrupted_program(const struct trap_frame *f)
{
	for (unsigned i = 0; i < kernel_code_count; i++)
		if (f->rip >= kernel_code[i].start &&
		    f->rip < kernel_code[i].end)
			return false;
	return true;
}
/* END signals at an interrupt's return */

/*
 * A fault of a copy to or from a program's buffer (uaccess.h): served
 * when it may be, else the copy resumes at its fixup and fails.  With
 * interrupts off (a spinlock held) it is not served: a file's page would
 * have to be read, which sleeps.  A general protection fault there is a
 * non-canonical buffer.
 */
static bool fix_up_copy(struct trap_frame *f)
{
	uint64_t resume = uaccess_fixup(f->rip);
	if (!resume)
		return false;
	if (f->vector == 14 && (f->rflags & RFLAGS_IF) && serve_page_fault(f))
		return true;
	f->rip = resume;
	return true;
}

/* entry.S: restarts a frame's move from trap_moving, %rsp at its IST
 * frame (which the move's %rax points at). */
extern const char trap_move_retry[];

void trap_dispatch(struct trap_frame *f)
{
	if ((f->vector == 14 || f->vector == 13) && fix_up_copy(f))
		return;
	if (f->vector == 14 && serve_page_fault(f)) {
		/* served under a frame's move: this fault's frame took the
		 * place of the one being moved */
		if (f->rip >= (uint64_t)trap_move_pushes &&
		    f->rip < (uint64_t)trap_move_pushed) {
			f->rsp = f->rax;
			f->rip = (uint64_t)trap_move_retry;
		}
		return;
	}
	if (f->vector < 32 && fault_hook && fault_hook(f))
		return;
	if (f->vector < 32) {
		/* the report one block, even across CPUs (console.h) */
		console_seize();
		static int depth;
		if (depth++ > 0) {
			kprintf("osv: fatal: %s while reporting a fault\n",
				exception_names[f->vector]);
			osv_poweroff(OSV_EXIT_FAULT);
		}
		report_fault(f);
		osv_poweroff(OSV_EXIT_FAULT);
	}
	counts[f->vector]++;
	if (handlers[f->vector])
		handlers[f->vector](f);
	else if (!irq_fixed_trap(f))
		unexpected_interrupt(f->vector);
	if (return_hook && (f->rflags & RFLAGS_IF))
		return_hook(f);
}
