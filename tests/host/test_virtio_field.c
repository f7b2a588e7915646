/*
 * The virtio transports' configuration accesses (virtio_field.c, and
 * through it virtio_pci.c's and virtio_mmio.c's config_read and
 * config_write): each field with accesses of its own width (VIRTIO 1.2
 * 4.1.3.1, 4.2.2.2), checked against a log of the accesses
 * (mmio_log/platform.h).  Only the widths show a transport gone back to
 * byte accesses: a device (QEMU) would apply each byte, and the values
 * read back would be the same.
 */
#include <stdalign.h>
#include <string.h>

#include "platform.h"
#include "tap.h"
#include "virtio_field.h"
#include "virtio_transports.h"

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

/*
 * Whether the log's accesses to [base, base + len) are exactly n of
 * width, op, at off, off + width...: a transport also reads its other
 * registers (the configuration generation), which are left out.
 */
static int config_accesses(const volatile uint8_t *base, unsigned len,
			   unsigned off, unsigned n, unsigned width, char op)
{
	unsigned seen = 0;
	for (unsigned i = 0; i < mmio_logged && i < MMIO_LOG_MAX; i++) {
		const volatile uint8_t *at = mmio_log[i].at;
		if (at < base || at >= base + len)
			continue;
		if (seen >= n || at != base + off + seen * width ||
		    mmio_log[i].width != width || mmio_log[i].op != op)
			return 0;
		seen++;
	}
	return seen == n;
}

/*
 * A transport's own functions: two 32-bit fields written at once (as
 * virtio-scsi sets sense_size and cdb_size) and a 64-bit one read (a
 * disk's capacity) go as 32-bit accesses to its configuration window.
 */
static void test_transport(const char *name, struct virtio_device *dev,
			   const volatile uint8_t *config)
{
	static const uint32_t sizes[2] = {96, 32};
	memset((void *)config, 0, 64);
	mmio_logged = 0;
	dev->transport->config_write(dev, 20, sizes, 8);
	TAP_OK(config_accesses(config, 64, 20, 2, 4, 'w') &&
		   !memcmp((const void *)(config + 20), sizes, 8),
	       "%s: config_write of two 32-bit fields: two 32-bit writes "
	       "(%u accesses)",
	       name, mmio_logged);
	uint64_t capacity = 0x1122334455667788, got = 0;
	memcpy((void *)config, &capacity, 8);
	mmio_logged = 0;
	dev->transport->config_read(dev, 0, &got, 8);
	TAP_OK(config_accesses(config, 64, 0, 2, 4, 'r') && got == capacity,
	       "%s: config_read of a 64-bit field: two 32-bit reads", name);
}

static void test_transports(void)
{
	static alignas(8) uint8_t common[64], config[64], regs[0x100 + 64];
	test_transport("virtio-pci", vpci_test_device(common, config, 64),
		       config);
	test_transport("virtio-mmio", vmmio_test_device(regs, sizeof(regs)),
		       regs + 0x100);
}

int main(void)
{
	test_write();
	test_read();
	test_transports();
	return tap_done();
}
