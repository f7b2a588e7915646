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

	.section osv_uaccess_fixups, "a"
	.balign 8
	.quad 1b, 3b
	.quad 2b, 4b
	.quad 5b, 6b
