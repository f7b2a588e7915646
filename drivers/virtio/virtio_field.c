/*
 * Configuration fields accessed with their own width (virtio_field.h).
 * A buffer of several fields (virtio-scsi's sense_size and cdb_size,
 * written together) is a multiple of 4 bytes and gets 32-bit accesses.
 */
#include "virtio_field.h"

#include "platform.h"

void virtio_field_read(const volatile uint8_t *p, void *buf, unsigned len)
{
	uint8_t *out = buf;
	if (len == 2) {
		uint16_t v = mmio_read16(p);
		__builtin_memcpy(out, &v, 2);
	} else if (len % 4 == 0) {
		for (unsigned i = 0; i < len; i += 4) {
			uint32_t v = mmio_read32(p + i);
			__builtin_memcpy(out + i, &v, 4);
		}
	} else {
		for (unsigned i = 0; i < len; i++)
			out[i] = mmio_read8(p + i);
	}
}

void virtio_field_write(volatile uint8_t *p, const void *buf, unsigned len)
{
	const uint8_t *in = buf;
	if (len == 2) {
		uint16_t v;
		__builtin_memcpy(&v, in, 2);
		mmio_write16(p, v);
	} else if (len % 4 == 0) {
		for (unsigned i = 0; i < len; i += 4) {
			uint32_t v;
			__builtin_memcpy(&v, in + i, 4);
			mmio_write32(p + i, v);
		}
	} else {
		for (unsigned i = 0; i < len; i++)
			mmio_write8(p + i, in[i]);
	}
}
