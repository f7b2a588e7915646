/*
 * The ATA command set (ATA8-ACS) as the AHCI driver uses it: the
 * commands, the register host-to-device FIS that carries one (Serial
 * ATA 3.x, 10.5.5), and what IDENTIFY DEVICE says about a disk.  It
 * knows nothing of the host adapter.
 */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

#include <stdbool.h>
#include <stdint.h>

#define ATA_CMD_READ_DMA_EXT 0x25
#define ATA_CMD_WRITE_DMA_EXT 0x35
#define ATA_CMD_FLUSH_CACHE 0xe7
#define ATA_CMD_FLUSH_CACHE_EXT 0xea
#define ATA_CMD_IDENTIFY 0xec

/* Status register bits (AHCI's PxTFD low byte). */
#define ATA_STATUS_ERR 0x01
#define ATA_STATUS_DRQ 0x08
#define ATA_STATUS_BSY 0x80

#define ATA_IDENTIFY_BYTES 512
#define ATA_FIS_H2D_BYTES 20
/* An LBA48 command's count field is 16 bits, 0 meaning 65536. */
#define ATA_MAX_SECTORS_EXT 65536u

/* What IDENTIFY DEVICE says about a disk. */
struct ata_identity {
	bool lba48;	      /* the 48-bit commands are supported */
	uint64_t sectors;     /* logical sectors (LBA48 words 100-103) */
	uint32_t sector_size; /* bytes per logical sector */
	bool write_cache;     /* a volatile write cache is on */
	uint8_t flush_cmd;    /* FLUSH CACHE EXT, or FLUSH CACHE */
	char model[41];	      /* words 27-46, trailing spaces cut */
};

/* Parses the 256 words IDENTIFY DEVICE returned. */
void ata_parse_identify(const uint16_t *words, struct ata_identity *id);

/*
 * Writes the register FIS for command cmd on lba with count sectors
 * (65536 as 0), in LBA mode; lba and count 0 for commands without.
 */
void ata_fis_command(uint8_t fis[ATA_FIS_H2D_BYTES], uint8_t cmd, uint64_t lba,
		     uint32_t count);

#endif
