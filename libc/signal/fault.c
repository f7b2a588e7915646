/*
 * CPU faults as signals.  Once the program installs a handler for
 * SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGTRAP, the kernel's trap path
 * (trap_set_fault_hook) offers every exception to osv_signal_fault,
 * which maps it to a signal as Linux does, and runs the handler
 * synchronously on the faulting thread's stack (below its red zone,
 * where the trap entry put the frame) or, under SA_ONSTACK, on its
 * alternate stack, with siginfo (si_addr: the faulting address, or the
 * instruction) and a ucontext_t holding the registers.  A stack that
 * overflowed into its guard page cannot take the trap's frame: the
 * handler then runs on the alternate stack (SA_ONSTACK) with the frame
 * moved there and the trap's own stack left, or the fault is fatal.
 * When the handler returns, the registers it changed in the ucontext
 * take effect (a handler may skip an instruction through REG_RIP); the
 * FPU state it sees is a copy (but after an overflow, where the copy is
 * what is restored).  A handler may also leave with siglongjmp.  Without a
 * handler, or with the signal blocked, or when the fault hit code running with
 * interrupts off (the kernel's critical sections), the kernel reports the fault
 * and powers off as before (status 70).
 */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ucontext.h>

#include "arch.h"
#include "libc-internal.h"
#include "signal_impl.h"

#define RFLAGS_IF 0x200
/* What a handler may change of rflags: the arithmetic flags, TF, DF. */
#define RFLAGS_USER 0x0dd5

struct fault_signal {
	int sig, code;
	bool addr_is_rip; /* si_addr is the instruction, else cr2 / 0 */
};

/* Linux's mapping of x86 exceptions to signals. */
static bool fault_signal(const struct trap_frame *f, struct fault_signal *s)
{
	s->addr_is_rip = false;
	switch (f->vector) {
	case 0: /* #DE */
		*s = (struct fault_signal){SIGFPE, FPE_INTDIV, true};
		return true;
	case 1: /* #DB */
		*s = (struct fault_signal){SIGTRAP, TRAP_TRACE, false};
		return true;
	case 3: /* #BP: int3, %rip already past it */
		*s = (struct fault_signal){SIGTRAP, SI_KERNEL, false};
		return true;
	case 4: /* #OF */
	case 5: /* #BR */
		*s = (struct fault_signal){SIGSEGV, SI_KERNEL, false};
		return true;
	case 6: /* #UD */
		*s = (struct fault_signal){SIGILL, ILL_ILLOPN, true};
		return true;
	case 11: /* #NP */
	case 12: /* #SS */
		*s = (struct fault_signal){SIGBUS, SI_KERNEL, false};
		return true;
	case 13: /* #GP */
		*s = (struct fault_signal){SIGSEGV, SI_KERNEL, false};
		return true;
	case 14: /* #PF: present bit set means a protection fault */
		if (trap_fault_is_bus_error()) /* a file mapping past EOF */
			*s = (struct fault_signal){SIGBUS, BUS_ADRERR, false};
		else
			*s = (struct fault_signal){
			    SIGSEGV, (f->error & 1) ? SEGV_ACCERR : SEGV_MAPERR,
			    false};
		return true;
	case 16: /* #MF: x87 */
	case 19: /* #XM: SSE */
		*s = (struct fault_signal){SIGFPE, FPE_FLTINV, true};
		return true;
	case 17: /* #AC */
		*s = (struct fault_signal){SIGBUS, BUS_ADRALN, false};
		return true;
	default: /* NMI, #DF, #MC, ...: never the program's */
		return false;
	}
}

static void frame_to_gregs(const struct trap_frame *f, greg_t *g, uint64_t cr2)
{
	g[REG_R8] = (greg_t)f->r8;
	g[REG_R9] = (greg_t)f->r9;
	g[REG_R10] = (greg_t)f->r10;
	g[REG_R11] = (greg_t)f->r11;
	g[REG_R12] = (greg_t)f->r12;
	g[REG_R13] = (greg_t)f->r13;
	g[REG_R14] = (greg_t)f->r14;
	g[REG_R15] = (greg_t)f->r15;
	g[REG_RDI] = (greg_t)f->rdi;
	g[REG_RSI] = (greg_t)f->rsi;
	g[REG_RBP] = (greg_t)f->rbp;
	g[REG_RBX] = (greg_t)f->rbx;
	g[REG_RDX] = (greg_t)f->rdx;
	g[REG_RAX] = (greg_t)f->rax;
	g[REG_RCX] = (greg_t)f->rcx;
	g[REG_RSP] = (greg_t)f->rsp;
	g[REG_RIP] = (greg_t)f->rip;
	g[REG_EFL] = (greg_t)f->rflags;
	g[REG_CSGSFS] = (greg_t)f->cs;
	g[REG_ERR] = (greg_t)f->error;
	g[REG_TRAPNO] = (greg_t)f->vector;
	g[REG_CR2] = (greg_t)cr2;
}

static void gregs_to_frame(const greg_t *g, struct trap_frame *f)
{
	f->r8 = (uint64_t)g[REG_R8];
	f->r9 = (uint64_t)g[REG_R9];
	f->r10 = (uint64_t)g[REG_R10];
	f->r11 = (uint64_t)g[REG_R11];
	f->r12 = (uint64_t)g[REG_R12];
	f->r13 = (uint64_t)g[REG_R13];
	f->r14 = (uint64_t)g[REG_R14];
	f->r15 = (uint64_t)g[REG_R15];
	f->rdi = (uint64_t)g[REG_RDI];
	f->rsi = (uint64_t)g[REG_RSI];
	f->rbp = (uint64_t)g[REG_RBP];
	f->rbx = (uint64_t)g[REG_RBX];
	f->rdx = (uint64_t)g[REG_RDX];
	f->rax = (uint64_t)g[REG_RAX];
	f->rcx = (uint64_t)g[REG_RCX];
	f->rsp = (uint64_t)g[REG_RSP];
	f->rip = (uint64_t)g[REG_RIP];
	f->rflags = (f->rflags & ~(uint64_t)RFLAGS_USER) |
		    ((uint64_t)g[REG_EFL] & RFLAGS_USER);
}

/* uc's registers f's, its FPU state what trap_common saved below trap_f
 * (512 bytes at the first 64-byte boundary below the frame it built). */
static void trap_context(const struct trap_frame *f, uint64_t cr2,
			 const struct trap_frame *trap_f, ucontext_t *uc)
{
	memset(uc, 0, offsetof(ucontext_t, __fpregs_mem));
	frame_to_gregs(f, uc->uc_mcontext.gregs, cr2);
	uintptr_t fx = ((uintptr_t)trap_f - 512) & ~(uintptr_t)63;
	memcpy(&uc->__fpregs_mem, (const void *)fx, 512);
	uc->uc_mcontext.fpregs = &uc->__fpregs_mem;
}

void osv_signal_interrupt_context(const struct trap_frame *f, ucontext_t *uc)
{
	trap_context(f, 0, f, uc);
	uc->uc_mcontext.gregs[REG_TRAPNO] = 0;
}

void osv_signal_interrupt_resume(const ucontext_t *uc, struct trap_frame *f)
{
	gregs_to_frame(uc->uc_mcontext.gregs, f);
}

/*
 * The handler's arguments for fault s at frame f (with cr2, and the FPU
 * state trap_common saved: 512 bytes at the first 64-byte boundary
 * below trap_f, the frame it built).
 */
static void fault_context(const struct trap_frame *f,
			  const struct fault_signal *s, uint64_t cr2,
			  const struct trap_frame *trap_f,
			  struct osv_sigframe *fr)
{
	memset(&fr->info, 0, sizeof(fr->info));
	fr->info.si_signo = s->sig;
	fr->info.si_code = s->code;
	fr->info.si_addr = (void *)(s->addr_is_rip ? f->rip : cr2);
	trap_context(f, cr2, trap_f, &fr->uc);
}

/* A fault whose stack could not take its frame, moved to the top of the
 * thread's alternate stack. */
struct lost_fault {
	struct trap_frame frame;
	struct fault_signal s;
	uint64_t cr2;
	const struct trap_frame *trap_f;
};

/*
 * On the alternate stack: the handler, then the frame's registers as
 * the handler left them.  The trap's own stack, which the next trap
 * reuses, is left behind before interrupts come back on.
 */
static _Noreturn void run_lost_fault(void *arg)
{
	struct lost_fault *lf = arg;
	struct osv_sigframe fr;
	fault_context(&lf->frame, &lf->s, lf->cr2, lf->trap_f, &fr);
	__asm__ volatile("sti" ::: "memory");
	bool ran = osv_signal_fault_handler(lf->s.sig, &fr.info, &fr.uc);
	__asm__ volatile("cli" ::: "memory");
	if (ran)
		gregs_to_frame(fr.uc.uc_mcontext.gregs, &lf->frame);
	__asm__ volatile("fxrstor64 %0" ::"m"(fr.uc.__fpregs_mem));
	trap_resume(&lf->frame);
}

/*
 * What a lost fault's delivery needs of the alternate stack: its
 * lost_fault and osv_sigframe, the frames of the calls down to the
 * handler (about 530 bytes measured), and room for the handler and an
 * interrupt (signal_impl.h).  Without it the handler or the interrupt
 * would write below the stack, into whatever memory is there.
 */
#define LOST_CALLS_BYTES 640
#define LOST_NEED                                                              \
	(sizeof(struct lost_fault) + sizeof(struct osv_sigframe) +             \
	 LOST_CALLS_BYTES + OSV_SIGNAL_HANDLER_BYTES +                         \
	 OSV_SIGNAL_INTERRUPT_BYTES)
/* A stack of the size getauxval(AT_MINSIGSTKSZ) gives must be enough. */
_Static_assert(LOST_NEED <= LIBC_MINSIGSTKSZ,
	       "a lost fault's delivery needs more than LIBC_MINSIGSTKSZ");

/*
 * A fault taken while its frame was being moved onto an unmapped stack
 * (lost: the interrupted code's frame; f: the fault of the move): runs
 * the handler on the alternate stack, as Linux does for a stack
 * overflow, and never comes back; false when there is none to run.
 */
static bool deliver_lost(struct trap_frame *lost, const struct trap_frame *f)
{
	struct fault_signal s;
	if (!(lost->rflags & RFLAGS_IF) || !fault_signal(lost, &s))
		return false;
	uintptr_t top = osv_signal_altstack_top(s.sig, lost->rsp, LOST_NEED);
	if (!top)
		return false;
	struct lost_fault *lf =
	    (struct lost_fault *)((top - sizeof(*lf)) & ~(uintptr_t)15);
	/* cr2 is the move's; it lies in the same unmapped page */
	*lf = (struct lost_fault){*lost, s, lost->vector == 14 ? read_cr2() : 0,
				  f};
	osv_signal_call_on(lf, run_lost_fault, lf);
	return true; /* not reached */
}

static bool osv_signal_fault(struct trap_frame *f)
{
	struct trap_frame lost;
	if (trap_frame_lost(f, &lost))
		return deliver_lost(&lost, f);
	struct fault_signal s;
	/* Only code that runs with interrupts on can take a signal. */
	if (!(f->rflags & RFLAGS_IF) || !fault_signal(f, &s))
		return false;
	/* The trap entry moved the frame onto the faulting stack; a
	 * frame elsewhere (an exception stack) is not the program's. */
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	if (sp > f->rsp || f->rsp - sp > 65536)
		return false;
	uint64_t cr2 = f->vector == 14 ? read_cr2() : 0;

	struct osv_sigframe fr;
	fault_context(f, &s, cr2, f, &fr);
	__asm__ volatile("sti" ::: "memory");
	bool ran = osv_signal_fault_handler(s.sig, &fr.info, &fr.uc);
	__asm__ volatile("cli" ::: "memory");
	if (ran)
		gregs_to_frame(fr.uc.uc_mcontext.gregs, f);
	return ran;
}

void osv_signal_fault_hook_install(int sig)
{
	static bool installed;
	if (installed || (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE &&
			  sig != SIGILL && sig != SIGTRAP))
		return;
	installed = true;
	trap_set_fault_hook(osv_signal_fault);
}
