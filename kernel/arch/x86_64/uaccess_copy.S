/*
 * The copy of uaccess.h: eight bytes a step, then the last few (QEMU's
 * TCG emulates rep one element at a time, as memcpy says).  When a move
 * faults, %rcx holds the elements it has not moved yet and %rsi, %rdi
 * point at the first (the CPU counts down as it goes): a quadword move
 * goes on a byte at a time, up to the byte that faults, so that the
 * copy returns the bytes not copied exactly, as a short read must.  The
 * fault-address/fixup pairs go to section osv_uaccess_fixups, which
 * uaccess_fixup() (uaccess.c) searches.
 *
 * size_t uaccess_copy(void *to, const void *from, size_t len)
 */
	.section .text
	.globl uaccess_copy
	.type uaccess_copy, @function
uaccess_copy:
	movq %rdx, %rcx
	shrq $3, %rcx
	andl $7, %edx
1:	rep movsq
	movl %edx, %ecx
2:	rep movsb /* %rcx bytes */
	xorl %eax, %eax
	ret
3:	leaq (%rdx, %rcx, 8), %rcx /* quadwords and bytes left */
	jmp 2b
4:	movq %rcx, %rax
	ret
	.size uaccess_copy, . - uaccess_copy

/*
 * int uaccess_probe_write(void *p): 0, or 1 when the byte at p takes no
 * store.  A locked or of 0 asks for the right to write and changes
 * nothing, not even a byte another thread stores to meanwhile.
 */
	.globl uaccess_probe_write
	.type uaccess_probe_write, @function
uaccess_probe_write:
	xorl %eax, %eax
5:	lock orb $0, (%rdi)
	ret
6:	movl $1, %eax
	ret
	.size uaccess_probe_write, . - uaccess_probe_write

/*
 * clear_program of uaccess.h: zeros in quadwords, then the last few, a
 * fault handled as the copy's (a quadword store that faults goes on a
 * byte at a time): the bytes not cleared.
 *
 * size_t clear_program(void *to, size_t len)
 */
	.globl clear_program
	.type clear_program, @function
clear_program:
	movq %rsi, %rcx
	shrq $3, %rcx
	andl $7, %esi
	xorl %eax, %eax
7:	rep stosq
	movl %esi, %ecx
8:	rep stosb /* %rcx bytes; %rax stays 0, the return */
	ret
9:	leaq (%rsi, %rcx, 8), %rcx /* quadwords and bytes left */
	jmp 8b
10:	movq %rcx, %rax
	ret
	.size clear_program, . - clear_program

	.section osv_uaccess_fixups, "a"
	.balign 8
	.quad 1b, 3b
	.quad 2b, 4b
	.quad 5b, 6b
	.quad 7b, 9b
	.quad 8b, 10b
