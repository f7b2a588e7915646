/*
 * PCI interrupts without virtio (tests/guest/pci_irq.test), on QEMU's
 * "edu" teaching device (vendor 0x1234, device 0x11e8): writing its
 * interrupt-raise register (0x60) raises an interrupt, whose bits show
 * in its status register (0x24) until written to its acknowledge
 * register (0x64).
 *
 *   pci_irq msi    one MSI message
 *   pci_irq intx   its INTx line through the I/O APIC (level-triggered:
 *                  a handler that did not acknowledge would be called
 *                  again and again)
 *
 * Each raises ROUNDS interrupts, one at a time, and waits for each.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "arch.h"
#include "clock.h"
#include "irq.h"
#include "pci.h"
#include "platform.h"

#define EDU_STATUS 0x24
#define EDU_RAISE 0x60
#define EDU_ACK 0x64
#define ROUNDS 20

static volatile uint8_t *regs;
static volatile unsigned handled, foreign;

static void on_interrupt(void *arg)
{
	(void)arg;
	uint32_t status = mmio_read32(regs + EDU_STATUS);
	if (!status) {
		foreign++; /* a line shared with another device */
		return;
	}
	mmio_write32(regs + EDU_ACK, status);
	handled++;
}

static struct pci_device *find_edu(void)
{
	struct pci_device *d;
	for (unsigned i = 0; (d = pci_device_at(i)); i++)
		if (d->vendor == 0x1234 && d->device == 0x11e8)
			return d;
	return NULL;
}

/* Raises one interrupt and waits up to 1 s for its handler. */
static bool round_trip(void)
{
	unsigned before = handled;
	uint64_t start = rdtsc(), limit = clock_tsc_hz();
	mmio_write32(regs + EDU_RAISE, 1);
	while (handled == before && rdtsc() - start < limit)
		__asm__ volatile("pause");
	return handled == before + 1;
}

int app_main(int argc, char **argv)
{
	struct pci_device *d = find_edu();
	if (argc < 2 || !d) {
		printf("no edu device\n");
		return 2;
	}
	regs = pci_map_bar(d, 0, 0, 0x100);
	pci_enable(d, PCI_COMMAND_MEMORY);
	struct pci_handler h = {on_interrupt, NULL};
	bool msi = !strcmp(argv[1], "msi");
	int rc = msi ? pci_msi_enable(d, &h) : pci_intx_enable(d, &h);
	int vector = pci_irq_vector(d, 0);
	printf("%s: %s, vector 0x%x\n", argv[1], rc ? "failed" : "enabled",
	       vector);
	if (rc || !regs)
		return 1;
	uint64_t count = irq_count((unsigned)vector);
	unsigned ok = 0;
	for (int i = 0; i < ROUNDS; i++)
		ok += round_trip();
	count = irq_count((unsigned)vector) - count;
	printf("%s: %u of %d interrupts handled, %lu on the vector\n", argv[1],
	       ok, ROUNDS, count);
	printf("%s: status after: 0x%x\n", argv[1],
	       mmio_read32(regs + EDU_STATUS));
	return ok == ROUNDS ? 0 : 1;
}
