/*
 * A real double fault: with the IDT cut short of vector 14, a page fault
 * cannot be delivered, the resulting #GP turns it into #DF, which must be
 * reported on its own stack instead of becoming a triple-fault reset.
 */
#include <stdint.h>

#include "app.h"

struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

int *volatile fault_target;

__attribute__((noipa)) void fault_double_trigger(void)
{
	struct idt_pointer idt;
	__asm__ volatile("sidt %0" : "=m"(idt));
	idt.limit = 14 * 16 - 1; /* vectors 0..13 only */
	__asm__ volatile("lidt %0" : : "m"(idt));
	*fault_target = 1;
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_double_trigger();
	return 0;
}
