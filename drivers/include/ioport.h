/*
 * Port I/O widths that kernel/include/arch.h does not have yet (it has
 * outb, inb and outl).  To move into arch.h; kept here meanwhile so that
 * the bus drivers do not edit the arch layer.
 */
#ifndef DRIVERS_IOPORT_H
#define DRIVERS_IOPORT_H

#include <stdint.h>

static inline void io_out16(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t io_in16(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t io_in32(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif
