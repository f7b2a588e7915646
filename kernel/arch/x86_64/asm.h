/* Constants shared by the assembly files and the C code of the arch layer. */
#ifndef ARCH_X86_64_ASM_H
#define ARCH_X86_64_ASM_H

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS 0x18

/*
 * The control registers as boot.S writes them, whole, without a read
 * (the PVH entry leaves CR0 with only PE set, CR4 clear).  CR0 gets the
 * FPU's bits (MP, NE; EM clear) with paging, so that fpu_init() need
 * not write it again, and WP (the kernel respects read-only pages: the
 * boot's first tables have none, paging_init()'s do); fpu_init() writes
 * CR4 whole again, CR4_BOOT and its own bits: nothing else sets any
 * before it.  Under TCG each access to a control register ends a
 * translated block.
 */
#define CR0_PE 0x00000001
#define CR0_MP 0x00000002
#define CR0_ET 0x00000010
#define CR0_NE 0x00000020
#define CR0_WP 0x00010000
#define CR0_PG 0x80000000
#define CR0_BOOT (CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG)
#define CR4_PAE 0x00000020
#define CR4_OSFXSR 0x00000200
#define CR4_OSXMMEXCPT 0x00000400
#define CR4_BOOT (CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT)

/* Interrupt stack table slots (1-based, as the IDT gate encodes them). */
#define IST_INTERRUPT 1
#define IST_DOUBLE_FAULT 2
#define IST_NMI 3
#define IST_MACHINE_CHECK 4

/* The interrupted code may use the 128 bytes below its %rsp. */
#define RED_ZONE 128

/* entry.S: the stub of vector v is at trap_stubs + v * TRAP_STUB_SIZE */
#define TRAP_STUB_SIZE 8

#endif
