/*
 * The virtio transports' configuration accesses (virtio_field.c): each
 * field with accesses of its own width (VIRTIO 1.2 4.1.3.1, 4.2.2.2),
 * checked against a log of the accesses (mmio_log/platform.h).
 */
#include <stdalign.h>
#include <string.h>

#include "platform.h"
#include "tap.h"
#include "virtio_field.h"

struct mmio_access mmio_log[MMIO_LOG_MAX];
unsigned mmio_logged;
static alignas(8) uint8_t window[64];

/* Whether the log holds exactly n accesses of width, op, at off, off+w... */
static int accesses(unsigned off, unsigned n, unsigned width, char op)
{
	if (mmio_logged != n)
		return 0;
	for (unsigned i = 0; i < n; i++)
		if (mmio_log[i].at != window + off + i * width ||
		    mmio_log[i].width != width || mmio_log[i].op != op)
			return 0;
	return 1;
}

static void test_write(void)
{
	/* virtio-scsi's sense_size and cdb_size (offsets 20, 24), at once */
	static const uint32_t sizes[2] = {96, 32};
	mmio_logged = 0;
	virtio_field_write(window + 20, sizes, 8);
	TAP_OK(accesses(20, 2, 4, 'w') && !memcmp(window + 20, sizes, 8),
	       "two 32-bit fields: two 32-bit writes (%u accesses)",
	       mmio_logged);
	uint32_t one = 0x12345678;
	mmio_logged = 0;
	virtio_field_write(window + 8, &one, 4);
	TAP_OK(accesses(8, 1, 4, 'w') && !memcmp(window + 8, &one, 4),
	       "a 32-bit field: one 32-bit write");
	uint16_t half = 0xabcd;
	mmio_logged = 0;
	virtio_field_write(window + 2, &half, 2);
	TAP_OK(accesses(2, 1, 2, 'w') && !memcmp(window + 2, &half, 2),
	       "a 16-bit field: one 16-bit write");
	static const uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
	mmio_logged = 0;
	virtio_field_write(window + 32, mac, 6);
	TAP_OK(accesses(32, 6, 1, 'w') && !memcmp(window + 32, mac, 6),
	       "6 bytes (a MAC address): byte writes");
}

static void test_read(void)
{
	uint64_t capacity = 0x1122334455667788, got = 0;
	memcpy(window + 40, &capacity, 8);
	mmio_logged = 0;
	virtio_field_read(window + 40, &got, 8);
	TAP_OK(accesses(40, 2, 4, 'r') && got == capacity,
	       "a 64-bit field: two 32-bit reads");
	uint16_t half = 0;
	mmio_logged = 0;
	virtio_field_read(window + 2, &half, 2);
	TAP_OK(accesses(2, 1, 2, 'r') && half == 0xabcd,
	       "a 16-bit field: one 16-bit read");
	uint8_t tag[3];
	mmio_logged = 0;
	virtio_field_read(window + 32, tag, 3);
	TAP_OK(accesses(32, 3, 1, 'r') && tag[0] == 0x52,
	       "3 bytes: byte reads");
}

int main(void)
{
	test_write();
	test_read();
	return tap_done();
}
