/*
 * Descriptor tables, built by the assembler and the link rather than
 * by C at boot (under TCG every instruction the boot runs costs its
 * translation); the IDT alone is filled by a short loop, which costs
 * the boot a few blocks and saves the file 4 KiB.  The GDT holds the flat 64-bit code and data
 * segments and the TSS, whose only job in a ring-0 kernel is the
 * interrupt stack table: every gate in the IDT names an IST slot (see
 * entry.S for why).  #DF, NMI and #MC each get a stack of their own so
 * that a fault on the interrupt path can still be reported.
 *
 * The TSS descriptor holds an address cut in pieces, which no
 * relocation expresses: kernel.ld defines the pieces as absolute
 * symbols (cpu_tss_base_*), checks that the TSS lies below 4 GiB and
 * that the trap stubs lie in one 64 KiB window below 4 GiB (the IDT's
 * loop relies on it).
 */
#include "asm.h"

#define IST_STACK_SIZE 16384
#define IDT_INTERRUPT_GATE 0x8e
#define TSS_SIZE 104
#define TSS_AVAILABLE 0x89
#define IDT_SIZE (256 * 16)
/* A gate's selector, IST slot and type, in place. */
#define GATE_FIXED                                                     \
	((IDT_INTERRUPT_GATE << 40) | (IST_INTERRUPT << 32) |           \
	 (GDT_KERNEL_CODE << 16))

	.section .data
	.balign 8
	.globl gdt_desc
	.hidden gdt_desc
/* lgdt in 32-bit mode (boot.S) reads a 32-bit base: the GDT is low. */
gdt_desc:
	.word gdt_end - gdt - 1
	.quad gdt
	.balign 8
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* GDT_KERNEL_CODE: 64-bit, ring 0 */
	.quad 0x00cf92000000ffff	/* GDT_KERNEL_DATA: ring 0 */
	/* GDT_TSS, two slots: ltr sets the busy bit, so .data */
	.word TSS_SIZE - 1
	.word cpu_tss_base_low
	.byte cpu_tss_base_mid
	.byte TSS_AVAILABLE
	.byte 0				/* limit 19:16, granularity */
	.byte cpu_tss_base_high
	.long 0				/* base 63:32 */
	.long 0
gdt_end:

	.balign 8
	.globl cpu_tss
	.hidden cpu_tss
cpu_tss:
	.long 0
	.quad 0, 0, 0			/* rsp0-2: no ring change */
	.quad 0
	/* ist1-4, see asm.h's IST_* */
	.quad ist_stacks + 1 * IST_STACK_SIZE	/* IST_INTERRUPT */
	.quad ist_stacks + 2 * IST_STACK_SIZE	/* IST_DOUBLE_FAULT */
	.quad ist_stacks + 3 * IST_STACK_SIZE	/* IST_NMI */
	.quad ist_stacks + 4 * IST_STACK_SIZE	/* IST_MACHINE_CHECK */
	.quad 0, 0, 0
	.quad 0
	.word 0
	.word TSS_SIZE			/* no I/O permission bitmap */
	.if . - cpu_tss - TSS_SIZE
	.error "cpu_tables.S: the TSS is not 104 bytes"
	.endif

	.balign 8
idt_desc:
	.word IDT_SIZE - 1
	.quad idt

	.section .bss
	.balign 16
ist_stacks:
	.skip 4 * IST_STACK_SIZE

	/* Filled by cpu_tables_init: 4 KiB of zeros the file need not hold. */
	.balign 16
idt:
	.skip IDT_SIZE

/*
 * arch.h's cpu_tables_init: load the TSS, fill the IDT and load it.
 * Every gate is an interrupt gate to its vector's stub on IST_INTERRUPT
 * but for NMI, #DF and #MC's own stacks.  A gate's first 8 bytes are
 * the stub's offset 15:0, the selector, the IST slot, the type and the
 * offset 31:16; its last 8 (offset 63:32) are zero: kernel.ld keeps
 * the stubs below 4 GiB and in one 64 KiB window, so stepping a gate's
 * low word by TRAP_STUB_SIZE never carries into the selector.
 */
	.section .text
	.globl cpu_tables_init
	.type cpu_tables_init, @function
cpu_tables_init:
	movl $GDT_TSS, %eax
	ltr %ax
	movl $trap_stubs, %eax
	movl %eax, %edx
	andl $0xffff0000, %edx
	shlq $32, %rdx
	movzwl %ax, %eax
	orq %rax, %rdx
	movabsq $GATE_FIXED, %rax
	orq %rax, %rdx
	leaq idt(%rip), %rdi
	movl $256, %ecx
1:	movq %rdx, (%rdi)
	movq $0, 8(%rdi)
	addq $TRAP_STUB_SIZE, %rdx
	addq $16, %rdi
	decl %ecx
	jnz 1b
	movb $IST_NMI, idt + 2 * 16 + 4(%rip)
	movb $IST_DOUBLE_FAULT, idt + 8 * 16 + 4(%rip)
	movb $IST_MACHINE_CHECK, idt + 18 * 16 + 4(%rip)
	lidt idt_desc(%rip)
	ret
	.size cpu_tables_init, . - cpu_tables_init

	.section .note.GNU-stack, "", @progbits
