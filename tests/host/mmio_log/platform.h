/*
 * platform.h's device-memory accessors for host tests, recording each
 * access's address, width and direction (test_virtio_field.c): the
 * accesses land in ordinary memory, as a device's registers would.
 */
#ifndef TESTS_HOST_MMIO_LOG_PLATFORM_H
#define TESTS_HOST_MMIO_LOG_PLATFORM_H

#include <stdint.h>
#include <string.h>

/*
 * The rest of the real platform.h (devices, mmio_map()), for the
 * transports built here (test_virtio_transport.c); its accessors are
 * renamed out of the way of the recording ones below.
 */
#define mmio_read8 platform_mmio_read8
#define mmio_read16 platform_mmio_read16
#define mmio_read32 platform_mmio_read32
#define mmio_write8 platform_mmio_write8
#define mmio_write16 platform_mmio_write16
#define mmio_write32 platform_mmio_write32
#include_next "platform.h"
#undef mmio_read8
#undef mmio_read16
#undef mmio_read32
#undef mmio_write8
#undef mmio_write16
#undef mmio_write32

struct mmio_access {
	const volatile void *at;
	unsigned width; /* bytes */
	char op;	/* 'r' or 'w' */
};

/* Defined by the test: one log for all its files. */
#define MMIO_LOG_MAX 64
extern struct mmio_access mmio_log[MMIO_LOG_MAX];
extern unsigned mmio_logged;

static inline void mmio_note(const volatile void *p, unsigned width, char op)
{
	if (mmio_logged < MMIO_LOG_MAX)
		mmio_log[mmio_logged] = (struct mmio_access){p, width, op};
	mmio_logged++;
}

#define MMIO_ACCESSORS(bits)                                                   \
	static inline uint##bits##_t mmio_read##bits(const volatile void *p)   \
	{                                                                      \
		mmio_note(p, bits / 8, 'r');                                   \
		return *(const volatile uint##bits##_t *)p;                    \
	}                                                                      \
	static inline void mmio_write##bits(volatile void *p,                  \
					    uint##bits##_t v)                  \
	{                                                                      \
		mmio_note(p, bits / 8, 'w');                                   \
		*(volatile uint##bits##_t *)p = v;                             \
	}
MMIO_ACCESSORS(8)
MMIO_ACCESSORS(16)
MMIO_ACCESSORS(32)

#endif
