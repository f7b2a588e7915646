/*
 * The copy of uaccess.h.  One string move: when it faults, %rcx holds
 * the bytes it has not moved yet (the CPU updates it per byte), which is
 * what the copy returns.  Its fault-address/fixup pair goes to section
 * osv_uaccess_fixups, which uaccess_fixup() (uaccess.c) searches.
 *
 * size_t uaccess_copy(void *to, const void *from, size_t len)
 */
	.section .text
	.globl uaccess_copy
	.type uaccess_copy, @function
uaccess_copy:
	movq %rdx, %rcx
1:	rep movsb
	xorl %eax, %eax
	ret
2:	movq %rcx, %rax
	ret
	.size uaccess_copy, . - uaccess_copy

	.section osv_uaccess_fixups, "a"
	.balign 8
	.quad 1b, 2b
