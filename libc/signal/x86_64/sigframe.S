/*
 * The two pieces of signal delivery that C cannot say (signal_impl.h):
 * the registers of the point a signal is delivered at, for the
 * ucontext_t of a signal that is not a fault, and a call on another
 * stack, for SA_ONSTACK.
 *
 * gregs offsets (glibc's REG_* times 8): r8 0, r9 8, r10 16, r11 24,
 * r12 32, r13 40, r14 48, r15 56, rdi 64, rsi 72, rbp 80, rbx 88,
 * rdx 96, rax 104, rcx 112, rsp 120, rip 128, efl 136, csgsfs 144.
 */
	.text

/* void osv_signal_save_gregs(greg_t *gregs): the caller's registers at
 * the return, %rip the return address. */
	.globl osv_signal_save_gregs
	.hidden osv_signal_save_gregs
	.type osv_signal_save_gregs, @function
osv_signal_save_gregs:
	movq %r8, 0(%rdi)
	movq %r9, 8(%rdi)
	movq %r10, 16(%rdi)
	movq %r11, 24(%rdi)
	movq %r12, 32(%rdi)
	movq %r13, 40(%rdi)
	movq %r14, 48(%rdi)
	movq %r15, 56(%rdi)
	movq %rdi, 64(%rdi)
	movq %rsi, 72(%rdi)
	movq %rbp, 80(%rdi)
	movq %rbx, 88(%rdi)
	movq %rdx, 96(%rdi)
	movq %rax, 104(%rdi)
	movq %rcx, 112(%rdi)
	leaq 8(%rsp), %rax
	movq %rax, 120(%rdi)
	movq (%rsp), %rax
	movq %rax, 128(%rdi)
	pushfq
	popq 136(%rdi)
	xorl %eax, %eax
	movw %cs, %ax
	movq %rax, 144(%rdi)
	movq 104(%rdi), %rax
	ret
	.size osv_signal_save_gregs, . - osv_signal_save_gregs

/* void osv_signal_call_on(void *sp, void (*fn)(void *), void *arg):
 * fn(arg) with %rsp at sp (16-byte aligned), then back. */
	.globl osv_signal_call_on
	.hidden osv_signal_call_on
	.type osv_signal_call_on, @function
osv_signal_call_on:
	.cfi_startproc
	pushq %rbp
	.cfi_def_cfa_offset 16
	.cfi_offset %rbp, -16
	movq %rsp, %rbp
	.cfi_def_cfa_register %rbp
	movq %rdi, %rsp
	movq %rdx, %rdi
	call *%rsi
	movq %rbp, %rsp
	popq %rbp
	.cfi_def_cfa %rsp, 8
	ret
	.cfi_endproc
	.size osv_signal_call_on, . - osv_signal_call_on

	.section .note.GNU-stack, "", @progbits
