/*
 * ATA commands and IDENTIFY DEVICE data (ATA8-ACS 7.16).  Strings in
 * the identify data hold two characters a word, the first in the high
 * byte.
 */
#include <string.h>

#include "ata.h"

#define FIS_TYPE_H2D 0x27
#define FIS_H2D_COMMAND 0x80 /* the C bit: a command, not a control */
#define DEVICE_LBA 0x40

#define W_MODEL 27
#define W_MODEL_WORDS 20
#define W_CMD_SET_SUPPORTED 82
#define W_CMD_SET_SUPPORTED2 83
#define W_CMD_SET_ENABLED 85
#define W_LBA48_SECTORS 100
#define W_SECTOR_SIZE 106
#define W_LOGICAL_SECTOR_WORDS 117

#define WRITE_CACHE_BIT 0x20	 /* words 82 (supported), 85 (enabled) */
#define LBA48_BIT 0x400		 /* word 83 */
#define FLUSH_EXT_BIT 0x2000	 /* word 83 */
#define SECTOR_SIZE_VALID 0x4000 /* word 106: bits 15:14 = 01 */
#define SECTOR_SIZE_LONG 0x1000	 /* word 106: words 117-118 count */

static void copy_model(const uint16_t *words, char *out)
{
	for (unsigned i = 0; i < W_MODEL_WORDS; i++) {
		out[2 * i] = (char)(words[W_MODEL + i] >> 8);
		out[2 * i + 1] = (char)words[W_MODEL + i];
	}
	size_t n = 2 * W_MODEL_WORDS;
	while (n && (out[n - 1] == ' ' || out[n - 1] == 0))
		n--;
	out[n] = 0;
}

static uint32_t sector_size(const uint16_t *words)
{
	uint16_t w = words[W_SECTOR_SIZE];
	if ((w & 0xc000) != SECTOR_SIZE_VALID || !(w & SECTOR_SIZE_LONG))
		return 512;
	uint32_t n = words[W_LOGICAL_SECTOR_WORDS] |
		     (uint32_t)words[W_LOGICAL_SECTOR_WORDS + 1] << 16;
	return n * 2;
}

void ata_parse_identify(const uint16_t *words, struct ata_identity *id)
{
	id->lba48 = words[W_CMD_SET_SUPPORTED2] & LBA48_BIT;
	id->sectors = 0;
	for (unsigned i = 0; i < 4; i++)
		id->sectors |= (uint64_t)words[W_LBA48_SECTORS + i] << (16 * i);
	id->sector_size = sector_size(words);
	id->write_cache = (words[W_CMD_SET_SUPPORTED] & WRITE_CACHE_BIT) &&
			  (words[W_CMD_SET_ENABLED] & WRITE_CACHE_BIT);
	id->flush_cmd = words[W_CMD_SET_SUPPORTED2] & FLUSH_EXT_BIT
			    ? ATA_CMD_FLUSH_CACHE_EXT
			    : ATA_CMD_FLUSH_CACHE;
	copy_model(words, id->model);
}

void ata_fis_command(uint8_t fis[ATA_FIS_H2D_BYTES], uint8_t cmd, uint64_t lba,
		     uint32_t count)
{
	memset(fis, 0, ATA_FIS_H2D_BYTES);
	fis[0] = FIS_TYPE_H2D;
	fis[1] = FIS_H2D_COMMAND;
	fis[2] = cmd;
	fis[4] = (uint8_t)lba;
	fis[5] = (uint8_t)(lba >> 8);
	fis[6] = (uint8_t)(lba >> 16);
	fis[7] = DEVICE_LBA;
	fis[8] = (uint8_t)(lba >> 24);
	fis[9] = (uint8_t)(lba >> 32);
	fis[10] = (uint8_t)(lba >> 40);
	fis[12] = (uint8_t)count;
	fis[13] = (uint8_t)(count >> 8);
}
