/*
 * Descriptor tables.  The GDT holds the flat 64-bit code and data
 * segments boot.S already uses, plus the TSS, whose only job in a ring-0
 * kernel is the interrupt stack table: every gate in the IDT names an IST
 * slot (see entry.S for why).  #DF, NMI and #MC each get a stack of their
 * own so that a fault on the interrupt path can still be reported.
 */
#include "arch.h"
#include "asm.h"
#include "irq.h"

#define IST_STACK_SIZE 16384
#define IDT_INTERRUPT_GATE 0x8e

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iopb_offset;
} __attribute__((packed));

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static uint64_t gdt[5] = {
    0,
    0x00af9a000000ffff, /* GDT_KERNEL_CODE */
    0x00cf92000000ffff, /* GDT_KERNEL_DATA */
    0,			/* GDT_TSS, two slots */
    0,
};

static struct tss tss;
static struct idt_gate idt[256];
static uint8_t ist_stacks[4][IST_STACK_SIZE] __attribute__((aligned(16)));

extern const char trap_stubs[];

static void tss_descriptor(uint64_t base, uint32_t limit)
{
	gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (0x89ULL << 40) | ((uint64_t)(limit >> 16) << 48) |
			   ((base >> 24 & 0xff) << 56);
	gdt[GDT_TSS / 8 + 1] = base >> 32;
}

static void load_gdt(void)
{
	struct table_pointer p = {sizeof(gdt) - 1, (uint64_t)gdt};
	__asm__ volatile("lgdt %0" : : "m"(p));
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS));
}

static unsigned ist_for_vector(unsigned vector)
{
	switch (vector) {
	case 2:
		return IST_NMI;
	case 8:
		return IST_DOUBLE_FAULT;
	case 18:
		return IST_MACHINE_CHECK;
	default:
		return IST_INTERRUPT;
	}
}

static void set_gate(unsigned vector, uint64_t handler)
{
	struct idt_gate *g = &idt[vector];
	g->offset_low = handler & 0xffff;
	g->selector = GDT_KERNEL_CODE;
	g->ist = ist_for_vector(vector);
	g->type = IDT_INTERRUPT_GATE;
	g->offset_mid = handler >> 16 & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

void cpu_tables_init(void)
{
	for (unsigned i = 0; i < 4; i++)
		tss.ist[i] = (uint64_t)ist_stacks[i] + IST_STACK_SIZE;
	tss.iopb_offset = sizeof(tss);
	tss_descriptor((uint64_t)&tss, sizeof(tss) - 1);
	load_gdt();
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, (uint64_t)trap_stubs + v * TRAP_STUB_SIZE);
	struct table_pointer p = {sizeof(idt) - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" : : "m"(p));
}

/*
 * The 8259s come out of the firmware with the master on vectors 8-15,
 * where a spurious IRQ 7 would look like an exception.  Reinitialise
 * both (ICW1-ICW4: cascade on IRQ 2, 8086 mode) onto
 * IRQ_VECTOR_PIC_BASE, then mask every input: the I/O APIC carries the
 * ISA IRQs.  Port 0x80 writes give the old parts time between words.
 */
static const struct {
	uint8_t port, value;
} pic_words[] = {
    {0x20, 0x11}, /* ICW1: edge, cascade, ICW4 follows */
    {0xa0, 0x11},
    {0x21, IRQ_VECTOR_PIC_BASE}, /* ICW2: vector base */
    {0xa1, IRQ_VECTOR_PIC_BASE + 8},
    {0x21, 0x04}, /* ICW3: slave on IRQ 2 */
    {0xa1, 0x02},
    {0x21, 0x01}, /* ICW4: 8086 mode */
    {0xa1, 0x01},
    {0x21, 0xff}, /* OCW1: all masked */
    {0xa1, 0xff},
};

/* One loop over the words: the boot translates its body once. */
void pic_disable(void)
{
	for (unsigned i = 0; i < sizeof(pic_words) / sizeof(pic_words[0]);
	     i++) {
		outb(pic_words[i].port, pic_words[i].value);
		outb(0x80, 0);
	}
}
