/*
 * getcontext, setcontext, swapcontext over glibc's x86-64 ucontext_t,
 * as glibc fills it: the registers the ABI makes the callee preserve,
 * the argument registers (which makecontext sets for the function it
 * starts), the stack pointer after the return and the return address
 * as rip; fpregs pointing at __fpregs_mem, where the x87 environment
 * (fnstenv, then fldenv, since fnstenv masks the exceptions) and the
 * MXCSR are kept: the floating-point control, not the registers, which
 * the ABI lets a call clobber.  The signal mask through sigprocmask.
 *
 * Offsets in ucontext_t: gregs at 40 (r8 40, r9 48, r12 72, r13 80,
 * r14 88, r15 96, rdi 104, rsi 112, rbp 120, rbx 128, rdx 136, rcx 152,
 * rsp 160, rip 168), fpregs 224, uc_sigmask 296, __fpregs_mem 424 (its
 * mxcsr at 448).
 */
#define SIG_BLOCK 0
#define SIG_SETMASK 2

	.text

/* Saves the caller's context in the ucontext_t at rdi; clobbers rcx. */
	.type save_context, @function
save_context:
	movq %rbx, 128(%rdi)
	movq %rbp, 120(%rdi)
	movq %r12, 72(%rdi)
	movq %r13, 80(%rdi)
	movq %r14, 88(%rdi)
	movq %r15, 96(%rdi)
	movq %rdi, 104(%rdi)
	movq %rsi, 112(%rdi)
	movq %rdx, 136(%rdi)
	movq %rcx, 152(%rdi)
	movq %r8, 40(%rdi)
	movq %r9, 48(%rdi)
	movq 8(%rsp), %rcx	/* the return address of our caller's call */
	movq %rcx, 168(%rdi)
	leaq 16(%rsp), %rcx
	movq %rcx, 160(%rdi)
	leaq 424(%rdi), %rcx
	movq %rcx, 224(%rdi)
	fnstenv (%rcx)
	fldenv (%rcx)
	stmxcsr 448(%rdi)
	ret
	.size save_context, . - save_context

/* Loads the context of the ucontext_t at rdx (its mask already set). */
	.type load_context, @function
load_context:
	movq 224(%rdx), %rcx
	fldenv (%rcx)
	ldmxcsr 448(%rdx)
	movq 160(%rdx), %rsp
	movq 128(%rdx), %rbx
	movq 120(%rdx), %rbp
	movq 72(%rdx), %r12
	movq 80(%rdx), %r13
	movq 88(%rdx), %r14
	movq 96(%rdx), %r15
	pushq 168(%rdx)
	movq 104(%rdx), %rdi
	movq 112(%rdx), %rsi
	movq 152(%rdx), %rcx
	movq 40(%rdx), %r8
	movq 48(%rdx), %r9
	movq 136(%rdx), %rdx
	xorl %eax, %eax
	ret
	.size load_context, . - load_context

	.globl getcontext
	.type getcontext, @function
getcontext:
	call save_context
	subq $8, %rsp
	leaq 296(%rdi), %rdx
	xorl %esi, %esi
	movl $SIG_BLOCK, %edi
	call sigprocmask@PLT
	addq $8, %rsp
	ret
	.size getcontext, . - getcontext

	.globl setcontext
	.type setcontext, @function
setcontext:
	pushq %rdi
	leaq 296(%rdi), %rsi
	xorl %edx, %edx
	movl $SIG_SETMASK, %edi
	call sigprocmask@PLT
	popq %rdx
	testl %eax, %eax
	jz load_context
	ret
	.size setcontext, . - setcontext

	.globl swapcontext
	.type swapcontext, @function
swapcontext:
	call save_context
	pushq %rsi
	leaq 296(%rdi), %rdx
	leaq 296(%rsi), %rsi
	movl $SIG_SETMASK, %edi
	call sigprocmask@PLT
	popq %rdx
	testl %eax, %eax
	jz load_context
	ret
	.size swapcontext, . - swapcontext

/*
 * Where a function started by makecontext returns: rbx (callee-saved,
 * set by makecontext) points at the uc_link word above its stack
 * arguments; the linked context is resumed, or the program exits with
 * status 0 when there is none (exit with setcontext's -1 if it fails).
 */
	.globl osv_ucontext_start
	.hidden osv_ucontext_start
	.type osv_ucontext_start, @function
osv_ucontext_start:
	movq %rbx, %rsp
	movq (%rsp), %rdi
	andq $-16, %rsp
	testq %rdi, %rdi
	jz 1f
	call setcontext
	movl %eax, %edi
1:	call exit@PLT
	hlt
	.size osv_ucontext_start, . - osv_ucontext_start

	.section .note.GNU-stack, "", @progbits
