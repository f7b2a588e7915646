/*
 * longjmp and its other names: restore what setjmp saved and return
 * from it again, with val (1 when val is 0, as C requires).
 * __longjmp_chk is the name _FORTIFY_SOURCE programs call; it does not
 * check (yet) that the jump goes up the stack.  If setjmp saved the
 * signal mask, it is restored first (sigprocmask), as in glibc.
 */
	.text

	.globl longjmp, _longjmp, siglongjmp, __longjmp_chk
	.type longjmp, @function
	.type _longjmp, @function
	.type siglongjmp, @function
	.type __longjmp_chk, @function
longjmp:
_longjmp:
siglongjmp:
__longjmp_chk:
	cmpl $0, 64(%rdi)
	je 2f
	pushq %rdi
	pushq %rsi
	subq $8, %rsp			/* %rsp 16-byte aligned for the call */
	leaq 72(%rdi), %rsi
	movl $2, %edi			/* SIG_SETMASK */
	xorl %edx, %edx
	call sigprocmask@PLT
	addq $8, %rsp
	popq %rsi
	popq %rdi
2:	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	incl %eax
1:	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	jmpq *56(%rdi)
	.size longjmp, . - longjmp
	.size _longjmp, . - _longjmp
	.size siglongjmp, . - siglongjmp
	.size __longjmp_chk, . - __longjmp_chk

	.section .note.GNU-stack, "", @progbits
