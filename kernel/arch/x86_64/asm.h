/* Constants shared by the assembly files and the C code of the arch layer. */
#ifndef ARCH_X86_64_ASM_H
#define ARCH_X86_64_ASM_H

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS 0x18

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
