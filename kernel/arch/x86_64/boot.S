/*
 * PVH entry.  QEMU (pc, q35, microvm), Xen and Firecracker find the
 * 32-bit entry point in the "Xen" ELF note of type 18 and jump to it in
 * flat 32-bit protected mode, paging off, with %ebx pointing at the
 * hvm_start_info structure and no stack.  We record the TSC for the
 * boot-time report, identity-map the first GiB with 2 MiB pages (enough
 * for the image, the start info and the first page tables), enter long
 * mode and call kernel_main().  The real page tables are built in C.
 */
#include "asm.h"

#define MSR_EFER 0xc0000080
#define EFER_LME 0x00000100
#define EFER_NXE 0x00000800
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

	.section .note.pvh, "a"
	.balign 4
	.long 4			/* name size: "Xen" and its NUL */
	.long 4			/* descriptor size */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long pvh_start32
	.balign 4

	.section .text.boot, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cld
	rdtsc
	movl %eax, boot_tsc_entry
	movl %edx, boot_tsc_entry + 4
	movl %ebx, boot_start_info_paddr
	/*
	 * .bss is a segment of its own, without file bytes: the ELF loader
	 * zeroes it at the first boot, but QEMU does not after a reset (a
	 * reboot would find the last run's state there).  bss_dirty, in
	 * .bss itself, tells the two apart: set at every boot, found set
	 * only after a reset.  Zeroing at every boot would cost a TCG boot
	 * one rep iteration (a translated-block run) per word.
	 */
	cmpl $0, bss_dirty
	je 1f
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
1:	movl $1, bss_dirty
	movl $boot_stack_top, %esp

	/*
	 * early_pd[i] = i * 2 MiB, present, writable, large page; the
	 * entries' high words are zero (.bss, zeroed above after a reset)
	 */
	movl $early_pd, %edi
	movl $(PTE_P | PTE_W | PTE_PS), %eax
	movl $512, %ecx
1:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 1b
	movl $early_pdpt, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, early_pml4
	movl $early_pd, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, early_pdpt

	/*
	 * The PVH entry leaves CR0 with PE and no other writable bit set,
	 * CR4 clear (Xen's docs/misc/pvh.pandoc): both are written whole,
	 * without a read, which under TCG with icount ends a block.
	 */
	movl $CR4_BOOT, %eax
	movl %eax, %cr4
	movl $early_pml4, %eax
	movl %eax, %cr3
	/*
	 * EFER gets long mode and, when CPUID 0x80000001 says the CPU has
	 * it (EDX bit 20; a CPU with long mode has that leaf), no-execute.
	 * The bit is moved into place, not tested: a branch here would be
	 * a translated block more.  boot_pte_nx is the page-table entries'
	 * no-execute bit (bit 63), or 0 without NX: paging.c uses it.
	 */
	movl $0x80000001, %eax
	cpuid
	shrl $9, %edx		/* bit 20 -> EFER.NXE, bit 11 */
	andl $EFER_NXE, %edx
	movl %edx, %esi
	shll $20, %edx		/* bit 11 -> bit 31 of the high word */
	movl %edx, boot_pte_nx + 4
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	orl %esi, %eax
	wrmsr
	movl $CR0_BOOT, %eax
	movl %eax, %cr0

	/*
	 * Only %ss is loaded: long mode ignores %ds and %es, the %fs and
	 * %gs bases are set by MSR (fpu.c), and nothing loads those four
	 * again; %ss must hold a selector of our GDT for iretq.  Loaded
	 * here, the instruction in its shadow is the far jump, which ends
	 * a block anyway: under TCG each segment load ends a translated
	 * block, and so does the instruction after a load of %ss.
	 */
	lgdt gdt_desc			/* cpu_tables.S */
	movl $GDT_KERNEL_DATA, %eax
	movl %eax, %ss
	ljmp $GDT_KERNEL_CODE, $long_mode

	.code64
long_mode:
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	call kernel_main
2:	cli
	hlt
	jmp 2b

	.section .data
	.balign 8
	.globl boot_tsc_entry, boot_start_info_paddr, boot_pte_nx
boot_tsc_entry:
	.quad 0
boot_start_info_paddr:
	.quad 0
boot_pte_nx:
	.quad 0

	.section .bss
	.balign 4
bss_dirty:
	.skip 4
	.balign 4096
early_pml4:
	.skip 4096
early_pdpt:
	.skip 4096
early_pd:
	.skip 4096
	.globl boot_stack_top
boot_stack:
	.skip 32768
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
