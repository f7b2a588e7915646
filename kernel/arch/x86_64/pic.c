/*
 * The legacy 8259 interrupt controllers, which the I/O APIC replaces.
 */
#include "arch.h"
#include "irq.h"

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

#define MASTER 0x20
#define SLAVE 0xa0
#define OCW2_EOI 0x20
#define OCW3_READ_ISR 0x0b

/*
 * An 8259 raises IRQ 7 (the slave IRQ 15) on its own when a request
 * goes away before the CPU acknowledges it; then the line's in-service
 * bit is clear, and an EOI would retire another IRQ's.
 */
static bool in_service(uint8_t port, unsigned line)
{
	outb(port, OCW3_READ_ISR);
	return inb(port) & (1u << line);
}

void pic_acknowledge(unsigned vector)
{
	unsigned irq = vector - IRQ_VECTOR_PIC_BASE;
	bool slave = irq >= 8;
	bool spurious =
	    (irq & 7) == 7 && !in_service(slave ? SLAVE : MASTER, 7);
	if (slave && !spurious)
		outb(SLAVE, OCW2_EOI);
	if (slave || !spurious)
		outb(MASTER, OCW2_EOI); /* the slave's cascade is in service */
}
