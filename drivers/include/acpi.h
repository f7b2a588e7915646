/*
 * ACPI: what the firmware's tables say about the machine, read once at
 * boot by drivers/acpi/.  Other drivers read the result with acpi_get();
 * nothing here interprets AML beyond the few named objects listed in
 * struct acpi_info (see drivers/acpi/acpi_aml.c).
 *
 * The parser (acpi_tables.c, acpi_aml.c) touches memory only through
 * struct acpi_env, so that the host tests run it on tables in a buffer.
 * A table whose checksum or length is wrong is logged and skipped.
 */
#ifndef DRIVERS_ACPI_H
#define DRIVERS_ACPI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_MAX_ECAM 4
#define ACPI_MAX_DEVICES 32
#define ACPI_MAX_AML 16

/* The _HID of a virtio-mmio transport (microvm's DSDT says it). */
#define ACPI_HID_VIRTIO_MMIO "LNRO0005"

/* A Generic Address Structure (ACPI 6.5, 5.2.3.2). */
struct acpi_gas {
	uint8_t space; /* ACPI_SPACE_* */
	uint8_t bit_width, bit_offset, access_size;
	uint64_t address; /* 0: the register is absent */
};
#define ACPI_SPACE_MEMORY 0
#define ACPI_SPACE_IO 1
#define ACPI_SPACE_PCI_CONFIG 2

struct acpi_ioapic {
	uint8_t id;
	uint32_t address, gsi_base;
};

/* An Interrupt Source Override: ISA IRQ source arrives on gsi. */
struct acpi_override {
	uint8_t source;
	uint16_t flags; /* MPS INTI flags: polarity bits 0-1, trigger 2-3 */
	uint32_t gsi;
};

struct acpi_ecam {
	uint64_t base;
	uint16_t segment;
	uint8_t bus_start, bus_end;
};

/* A device of the namespace with a _HID and a memory range in _CRS. */
struct acpi_device {
	char hid[9]; /* "LNRO0005", or an EISA id decoded as "PNP0501" */
	uint64_t base, size;
	uint32_t irq; /* the first interrupt of _CRS, ACPI_NO_IRQ if none */
	uint8_t irq_flags; /* ACPI_IRQ_LEVEL, ACPI_IRQ_ACTIVE_LOW */
};
#define ACPI_NO_IRQ 0xffffffffu
/* The same values as irq.h's IRQ_LEVEL and IRQ_ACTIVE_LOW. */
#define ACPI_IRQ_LEVEL 0x1u
#define ACPI_IRQ_ACTIVE_LOW 0x2u

/*
 * Kinds of table, for acpi_read(): what of struct acpi_info each fills
 * in.  ACPI_READ_FADT checks the FADT and notes where it and the DSDT
 * are; ACPI_READ_POWER reads its fields (have_fadt, the power and reset
 * registers); ACPI_READ_AML notes the DSDT and the SSDTs.  Both need
 * the FADT: it is read with them.  ACPI_READ_OTHER checks the tables of
 * no kind read here (they count in tables and skipped).
 */
#define ACPI_READ_MADT 0x01u
#define ACPI_READ_MCFG 0x02u
#define ACPI_READ_FADT 0x04u
#define ACPI_READ_HPET 0x08u
#define ACPI_READ_AML 0x10u
#define ACPI_READ_OTHER 0x20u
#define ACPI_READ_POWER 0x40u
#define ACPI_READ_ALL 0x7fu

struct acpi_info {
	uint64_t rsdp_address;
	uint8_t revision; /* of the RSDP: 0 (RSDT only) or 2 (XSDT) */
	unsigned tables;  /* valid tables read, root and DSDT included */
	unsigned skipped; /* tables skipped as corrupt */

	/* The root table (RSDT or XSDT, checked) and what was read of it */
	uint64_t root_address;
	uint32_t root_length;
	uint8_t root_width;    /* of an entry: 4 (RSDT) or 8 (XSDT) */
	unsigned read;	       /* ACPI_READ_* */
	uint64_t fadt_address; /* 0 if none */
	uint32_t fadt_length;
	uint64_t dsdt_address; /* from the FADT; 0 if none */

	/* MADT ("APIC") */
	bool have_madt, pcat_compat;
	uint32_t lapic_address;
	unsigned cpu_count;
	uint8_t cpu_apic_ids[ACPI_MAX_CPUS];
	unsigned ioapic_count;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned override_count;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];

	/* MCFG */
	unsigned ecam_count;
	struct acpi_ecam ecam[ACPI_MAX_ECAM];

	/* FADT ("FACP") */
	bool have_fadt, hw_reduced;
	uint32_t fadt_flags;
	uint16_t sci_irq;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	struct acpi_gas pm1a_cnt, pm1b_cnt, reset_reg, sleep_control;
	uint8_t reset_value;
	uint16_t boot_flags; /* IA-PC boot architecture flags */

	/* HPET */
	bool have_hpet;
	uint64_t hpet_address;
	uint8_t hpet_number;
	uint16_t hpet_min_tick;

	/* The DSDT and SSDTs (checked), for acpi_parse_aml() */
	unsigned aml_count;
	uint64_t aml_tables[ACPI_MAX_AML];
	/*
	 * Whether their AML holds the string ACPI_HID_VIRTIO_MMIO byte for
	 * byte (seen while their checksum was taken): without it they
	 * describe no virtio-mmio device, and need no walk to say so.
	 */
	bool aml_virtio_mmio;

	/* From the AML of the DSDT and SSDTs, once acpi_parse_aml() ran */
	bool aml_walked;
	bool have_s5;
	uint8_t s5_a, s5_b;    /* SLP_TYP values for PM1a and PM1b */
	unsigned device_count; /* devices seen with a _HID */
	unsigned aml_errors;   /* constructs the walker could not read */
	unsigned mmio_count;
	struct acpi_device mmio[ACPI_MAX_DEVICES];
};

#define ACPI_FADT_RESET_REG_SUP (1u << 10)
#define ACPI_FADT_HW_REDUCED (1u << 20)

/* How the parser reaches memory and reports problems. */
struct acpi_env {
	/*
	 * A pointer through which len bytes at physical address pa can be
	 * read, or NULL when they cannot (at address 0 in any case).
	 */
	const void *(*map)(uint64_t pa, size_t len, void *ctx);
	void (*log)(void *ctx, const char *fmt, va_list ap);
	void *ctx;
};

/* Logs through env->log (acpi_tables.c). */
void acpi_say(const struct acpi_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Looks for the RSDP where the spec says (ACPI 6.5, 5.2.5.1), on
 * 16-byte boundaries: the first KiB of the EBDA, whose real-mode segment
 * is the 16-bit word at 0x40e (ignored unless the EBDA starts in
 * 0x80000-0x9ffff; the search stops at 0xa0000), then 0xe0000-0xfffff.
 * An RSDP counts when its signature and checksum are right, and for
 * revision 2 or later its extended checksum too.  Returns its address,
 * or 0.
 */
uint64_t acpi_find_rsdp(const struct acpi_env *env);

/*
 * Checks the RSDP at rsdp and the root table it names, into *info,
 * which must be all zero (a static, or cleared by the caller: not
 * cleared here, as the kernel's is a static, zero at boot, and under
 * TCG a clearing loop run once costs its translation); no other table
 * is read yet.  Returns 0, or -1 when
 * the RSDP or the root table is unusable.
 */
int acpi_open(uint64_t rsdp, const struct acpi_env *env,
	      struct acpi_info *info);

/*
 * Reads the tables of the kinds in what (ACPI_READ_*) that were not
 * read yet, after acpi_open(): each is checked (a bad one is logged and
 * skipped) and what it says goes into *info.  Every table the root
 * lists is mapped whole by each call, whatever its kind: the first call
 * should come while the boot still keeps what is mapped (memory.h's
 * memory_keep(), through the map callback).  A kernel reads at boot
 * only what the boot needs, the rest at its first use.
 */
void acpi_read(const struct acpi_env *env, struct acpi_info *info,
	       unsigned what);

/*
 * acpi_open(), then, when it succeeds, acpi_read(what): what the kernel
 * does at boot, in one call (under TCG, code run once is its cost).
 */
int acpi_open_read(uint64_t rsdp, const struct acpi_env *env,
		   struct acpi_info *info, unsigned what);

/*
 * *info zeroed, acpi_open(), then acpi_read() of every kind: the
 * tables reachable from the RSDP at rsdp, the DSDT and SSDTs noted
 * without walking their AML.  Returns what acpi_open() does.
 */
int acpi_parse_tables(uint64_t rsdp, const struct acpi_env *env,
		      struct acpi_info *info);

/* Walks the noted DSDT and SSDTs, the first time it is called. */
void acpi_parse_aml(const struct acpi_env *env, struct acpi_info *info);

/* Both: acpi_parse_tables(), then acpi_parse_aml(). */
int acpi_parse(uint64_t rsdp, const struct acpi_env *env,
	       struct acpi_info *info);

/* Walks one definition block's AML (the bytes after its header). */
void acpi_aml_walk(const uint8_t *aml, size_t len, const struct acpi_env *env,
		   struct acpi_info *info);

/*
 * What the boot found, or NULL when the machine has no usable ACPI.  The
 * AML-derived fields are filled in (the AML walked) by this call.
 */
const struct acpi_info *acpi_get(void);

/*
 * The kernel's search for the RSDP (acpi_find_rsdp() over physical
 * memory, the BIOS data area read through paging_read_page0()), what
 * the driver does when the loader gives no RSDP.  Returns its address,
 * or 0.
 */
uint64_t acpi_search_rsdp(void);

#endif
