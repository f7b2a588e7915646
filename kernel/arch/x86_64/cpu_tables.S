/*
 * Descriptor tables, built by the assembler and the link rather than
 * by a loop at boot (under TCG every instruction the boot runs costs
 * its translation).  The GDT holds the flat 64-bit code and data
 * segments and the TSS, whose only job in a ring-0 kernel is the
 * interrupt stack table: every gate in the IDT names an IST slot (see
 * entry.S for why).  #DF, NMI and #MC each get a stack of their own so
 * that a fault on the interrupt path can still be reported.
 *
 * A gate and the TSS descriptor hold addresses cut in pieces, which no
 * relocation expresses: kernel.ld defines the pieces as absolute
 * symbols (trap_stubs_low/_mid, cpu_tss_base_*) and checks that the
 * stubs lie in one 64 KiB window and the TSS below 4 GiB.
 */
#include "asm.h"

#define IST_STACK_SIZE 16384
#define IDT_INTERRUPT_GATE 0x8e
#define TSS_SIZE 104
#define TSS_AVAILABLE 0x89

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

	/* The CPU only reads the IDT. */
	.section .rodata
	.balign 8
idt_desc:
	.word idt_end - idt - 1
	.quad idt

	.balign 16
idt:
.set vector, 0
.rept 256
	.word trap_stubs_low + vector * TRAP_STUB_SIZE
	.word GDT_KERNEL_CODE
	.if vector == 2
	.byte IST_NMI
	.elseif vector == 8
	.byte IST_DOUBLE_FAULT
	.elseif vector == 18
	.byte IST_MACHINE_CHECK
	.else
	.byte IST_INTERRUPT
	.endif
	.byte IDT_INTERRUPT_GATE
	.word trap_stubs_mid
	.long 0				/* offset 63:32 */
	.long 0
.set vector, vector + 1
.endr
idt_end:

	.section .bss
	.balign 16
ist_stacks:
	.skip 4 * IST_STACK_SIZE

/* arch.h's cpu_tables_init: the tables are ready; load the TSS and IDT. */
	.section .text
	.globl cpu_tables_init
	.type cpu_tables_init, @function
cpu_tables_init:
	movl $GDT_TSS, %eax
	ltr %ax
	lidt idt_desc
	ret
	.size cpu_tables_init, . - cpu_tables_init

	.section .note.GNU-stack, "", @progbits
