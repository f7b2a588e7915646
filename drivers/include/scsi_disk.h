/*
 * SCSI disks (SPC-4 and SBC-3 commands), independent of the transport
 * that carries them (drivers/virtio/virtio_scsi.c): the command
 * descriptor blocks a disk driver sends, what their answers mean, and
 * the discovery of one logical unit.  The transport runs commands with a
 * function of its own (scsi_exec_fn).
 */
#ifndef DRIVERS_SCSI_DISK_H
#define DRIVERS_SCSI_DISK_H

#include <stdbool.h>
#include <stdint.h>

#define SCSI_CDB_MAX 16
#define SCSI_DISCOVER_BUF 64

/* SCSI status bytes (SAM). */
#define SCSI_GOOD 0x00
#define SCSI_CHECK_CONDITION 0x02
#define SCSI_BUSY 0x08
#define SCSI_TASK_SET_FULL 0x28

/* Sense keys (SPC-4 4.5.6). */
#define SCSI_SENSE_NOT_READY 0x2
#define SCSI_SENSE_ILLEGAL_REQUEST 0x5
#define SCSI_SENSE_UNIT_ATTENTION 0x6
#define SCSI_SENSE_DATA_PROTECT 0x7

/* Peripheral device types (INQUIRY byte 0). */
#define SCSI_TYPE_DISK 0x00

struct scsi_sense {
	uint8_t key, asc, ascq;
};

/*
 * The sense key and additional sense code of sense data in fixed
 * (0x70, 0x71) or descriptor (0x72, 0x73) format; zeros for anything
 * else or data too short.
 */
struct scsi_sense scsi_sense_parse(const uint8_t *sense, unsigned len);

/* A sense key's name from SPC-4, for messages. */
const char *scsi_sense_key_name(unsigned key);

/*
 * The errno of a command's outcome: 0 for GOOD, -EROFS for DATA
 * PROTECT, -EIO for anything else.
 */
int scsi_errno(uint8_t status, struct scsi_sense sense);

/*
 * Whether the unit refused the command to report a unit attention
 * condition (a reset, a changed capacity): it did not run it, and the
 * same command may be sent again.
 */
bool scsi_unit_attention(uint8_t status, struct scsi_sense sense);

/* A status byte's name from SAM-5, for messages ("status 0x.." if none). */
const char *scsi_status_name(uint8_t status);

/* Tries of a command refused with UNIT ATTENTION, BUSY or TASK SET FULL. */
#define SCSI_UA_TRIES 4
#define SCSI_BUSY_TRIES 8

enum scsi_retry {
	SCSI_RETRY_NO,	     /* done: the outcome is the command's */
	SCSI_RETRY_NOW,	     /* send it again (a unit attention) */
	SCSI_RETRY_CAPACITY, /* READ CAPACITY first: it has changed */
	SCSI_RETRY_LATER,    /* again after a pause or another's completion */
};

/*
 * A command's refusals so far, counted apart: a command BUSY a few
 * times still gets its sends through a later unit attention (a resize),
 * and the other way round.
 */
struct scsi_tries {
	unsigned ua, busy;
};

/*
 * What to do with a block command that ended with status and sense,
 * counting this refusal in tries: a unit attention (not run) is sent
 * again up to SCSI_UA_TRIES sends, after re-reading the capacity when
 * that is what changed (ASC/ASCQ 2Ah/09h); BUSY and TASK SET FULL (the
 * unit had no room for it) up to SCSI_BUSY_TRIES, later.
 */
enum scsi_retry scsi_retry_of(uint8_t status, struct scsi_sense sense,
			      struct scsi_tries *tries);

/* Command descriptor blocks: each fills cdb and returns its length. */
unsigned scsi_cdb_rw16(uint8_t *cdb, bool write, uint64_t lba, uint32_t blocks);
unsigned scsi_cdb_sync_cache10(uint8_t *cdb);
unsigned scsi_cdb_report_luns(uint8_t *cdb, uint32_t alloc);
/* READ CAPACITY(16), whose answer is SCSI_CAPACITY16_LEN bytes. */
#define SCSI_CAPACITY16_LEN 32
unsigned scsi_cdb_read_capacity16(uint8_t *cdb);

/*
 * The LUN of an entry of REPORT LUNS' list (peripheral addressing on
 * bus 0 or flat space addressing, single level, SAM-5 4.7), or -1 for
 * anything else.
 */
int scsi_lun_of(const uint8_t entry[8]);

/*
 * Runs one command on the unit being discovered: data is len bytes
 * the device fills (data_in) or reads.  Returns the SCSI status with
 * *sense filled on CHECK CONDITION, or a negative errno when the
 * transport could not deliver the command.
 */
typedef int (*scsi_exec_fn)(void *ctx, const uint8_t *cdb, unsigned cdb_len,
			    void *data, uint32_t len, bool data_in,
			    struct scsi_sense *sense);

struct scsi_disk_info {
	uint8_t type; /* peripheral device type, even when not a disk */
	uint64_t blocks;
	uint32_t block_size; /* 512 or 4096 */
	bool read_only;
};

/* The blocks and block size of READ CAPACITY(16)'s answer. */
void scsi_capacity16_parse(const uint8_t *buf, struct scsi_disk_info *info);

/*
 * Whether the block layer can use a capacity: 0, or -ENOTSUP for a block
 * size other than 512 and 4096 or more 512-byte sectors than 64 bits
 * count, with a message prefixed by name.
 */
int scsi_capacity_check(const char *name, const struct scsi_disk_info *info);

/*
 * Discovers the unit: INQUIRY, TEST UNIT READY (through the UNIT
 * ATTENTION a reset leaves), READ CAPACITY (16, else 10), the
 * write-protect bit of MODE SENSE.  Returns 0 for a usable disk,
 * -ENODEV for no unit or one that is not a disk (info->type says
 * which), -EIO or -ENOTSUP (a block size other than 512 or 4096, a
 * capacity READ CAPACITY(10) cannot give or 64 bits of 512-byte
 * sectors cannot count) with a message naming what failed.  name prefixes the
 * messages; buf, of SCSI_DISCOVER_BUF bytes, receives the answers (memory the
 * transport can hand to the device).
 */
int scsi_disk_discover(scsi_exec_fn exec, void *ctx, const char *name,
		       uint8_t *buf, struct scsi_disk_info *info);

#endif
