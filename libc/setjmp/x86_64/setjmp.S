/*
 * setjmp, _setjmp and __sigsetjmp: save the registers the x86-64 ABI
 * makes the callee preserve, the stack pointer as it will be after the
 * return, and the return address.  jmp_buf layout (offsets in bytes):
 * rbx 0, rbp 8, r12 16, r13 24, r14 32, r15 40, rsp 48, rip 56, then
 * glibc's __mask_was_saved at 64 and __saved_mask at 72.  When the mask
 * is to be saved (__sigsetjmp with savemask, glibc's BSD setjmp), the
 * registers are saved first and osv_sigjmp_save stores the mask and
 * returns the 0 for the caller.
 */
	.text

	.globl setjmp
	.type setjmp, @function
setjmp:
	movl $1, 64(%rdi)
	jmp 1f
	.size setjmp, . - setjmp

	.globl _setjmp
	.type _setjmp, @function
_setjmp:
	movl $0, 64(%rdi)
	jmp 1f
	.size _setjmp, . - _setjmp

	.globl __sigsetjmp
	.type __sigsetjmp, @function
__sigsetjmp:
	movl %esi, 64(%rdi)
1:	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rdx
	movq %rdx, 48(%rdi)
	movq (%rsp), %rdx
	movq %rdx, 56(%rdi)
	cmpl $0, 64(%rdi)
	jne osv_sigjmp_save
	xorl %eax, %eax
	ret
	.size __sigsetjmp, . - __sigsetjmp

	.section .note.GNU-stack, "", @progbits
