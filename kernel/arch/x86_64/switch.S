/*
 * The context switch.  A thread that is not running is described by its
 * saved stack pointer alone: the stack holds the callee-saved registers
 * of the x86-64 psABI and the return address into the code that called
 * arch_switch() (or, for a thread that never ran, the trampoline).  The
 * caller-saved registers are the caller's business, and the FPU state and
 * %fs base are switched in C before this runs (sched.c).  Interrupts are
 * off throughout; each side restores its own interrupt state afterwards.
 *
 * void arch_switch(uint64_t *save_sp, uint64_t next_sp)
 */
	.section .text
	.globl arch_switch, arch_thread_trampoline
arch_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* A new thread arrives here with %rsp 16-byte aligned. */
arch_thread_trampoline:
	xorl %ebp, %ebp
	call thread_start
	ud2

	.section .note.GNU-stack, "", @progbits
