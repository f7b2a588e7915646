/*
 * SCSI disk commands (SPC-4, SBC-3) for any transport: CDBs built
 * big-endian as the standards lay them out, sense data decoded, and a
 * logical unit's discovery run through the transport's exec function.
 * Only what a disk driver needs: 16-byte reads and writes (any LBA),
 * a cache flush, the capacity and the write-protect bit.
 */
#include <errno.h>
#include <string.h>

#include "klog.h"
#include "scsi_disk.h"

#define OP_TEST_UNIT_READY 0x00
#define OP_INQUIRY 0x12
#define OP_MODE_SENSE6 0x1a
#define OP_READ_CAPACITY10 0x25
#define OP_SYNC_CACHE10 0x35
#define OP_READ16 0x88
#define OP_WRITE16 0x8a
#define OP_SERVICE_IN16 0x9e
#define SA_READ_CAPACITY16 0x10
#define OP_REPORT_LUNS 0xa0

#define INQUIRY_LEN 36
#define MODE_SENSE_WP 0x80 /* device-specific parameter, direct access */
#define UNIT_ATTENTION_TRIES 8

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
	while (n--) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t get_be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	while (n--)
		v = v << 8 | *p++;
	return v;
}

struct scsi_sense scsi_sense_parse(const uint8_t *sense, unsigned len)
{
	struct scsi_sense s = {0, 0, 0};
	uint8_t code = len ? sense[0] & 0x7f : 0;
	if ((code == 0x70 || code == 0x71) && len >= 14)
		s = (struct scsi_sense){sense[2] & 0xf, sense[12], sense[13]};
	else if ((code == 0x72 || code == 0x73) && len >= 4)
		s = (struct scsi_sense){sense[1] & 0xf, sense[2], sense[3]};
	return s;
}

const char *scsi_sense_key_name(unsigned key)
{
	static const char *const names[] = {
	    "NO SENSE",	       "RECOVERED ERROR", "NOT READY",
	    "MEDIUM ERROR",    "HARDWARE ERROR",  "ILLEGAL REQUEST",
	    "UNIT ATTENTION",  "DATA PROTECT",	  "BLANK CHECK",
	    "VENDOR SPECIFIC", "COPY ABORTED",	  "ABORTED COMMAND",
	    "RESERVED",	       "VOLUME OVERFLOW", "MISCOMPARE",
	    "COMPLETED"};
	return names[key & 0xf];
}

int scsi_errno(uint8_t status, struct scsi_sense sense)
{
	if (status == SCSI_GOOD)
		return 0;
	if (status == SCSI_CHECK_CONDITION &&
	    sense.key == SCSI_SENSE_DATA_PROTECT)
		return -EROFS;
	return -EIO;
}

bool scsi_unit_attention(uint8_t status, struct scsi_sense sense)
{
	return status == SCSI_CHECK_CONDITION &&
	       sense.key == SCSI_SENSE_UNIT_ATTENTION;
}

const char *scsi_status_name(uint8_t status)
{
	switch (status) {
	case SCSI_GOOD:
		return "GOOD";
	case SCSI_CHECK_CONDITION:
		return "CHECK CONDITION";
	case SCSI_BUSY:
		return "BUSY";
	case 0x18:
		return "RESERVATION CONFLICT";
	case SCSI_TASK_SET_FULL:
		return "TASK SET FULL";
	case 0x30:
		return "ACA ACTIVE";
	case 0x40:
		return "TASK ABORTED";
	}
	return "status";
}

#define ASC_CAPACITY_CHANGED 0x2a
#define ASCQ_CAPACITY_CHANGED 0x09

enum scsi_retry scsi_retry_of(uint8_t status, struct scsi_sense sense,
			      struct scsi_tries *tries)
{
	if (scsi_unit_attention(status, sense))
		return ++tries->ua >= SCSI_UA_TRIES ? SCSI_RETRY_NO
		       : sense.asc == ASC_CAPACITY_CHANGED &&
			       sense.ascq == ASCQ_CAPACITY_CHANGED
			   ? SCSI_RETRY_CAPACITY
			   : SCSI_RETRY_NOW;
	if (status == SCSI_BUSY || status == SCSI_TASK_SET_FULL)
		return ++tries->busy >= SCSI_BUSY_TRIES ? SCSI_RETRY_NO
							: SCSI_RETRY_LATER;
	return SCSI_RETRY_NO;
}

unsigned scsi_cdb_rw16(uint8_t *cdb, bool write, uint64_t lba, uint32_t blocks)
{
	memset(cdb, 0, 16);
	cdb[0] = write ? OP_WRITE16 : OP_READ16;
	put_be(cdb + 2, lba, 8);
	put_be(cdb + 10, blocks, 4);
	return 16;
}

/* LBA 0 and 0 blocks: the whole medium. */
unsigned scsi_cdb_sync_cache10(uint8_t *cdb)
{
	memset(cdb, 0, 10);
	cdb[0] = OP_SYNC_CACHE10;
	return 10;
}

unsigned scsi_cdb_report_luns(uint8_t *cdb, uint32_t alloc)
{
	memset(cdb, 0, 12);
	cdb[0] = OP_REPORT_LUNS;
	put_be(cdb + 6, alloc, 4);
	return 12;
}

unsigned scsi_cdb_read_capacity16(uint8_t *cdb)
{
	memset(cdb, 0, 16);
	cdb[0] = OP_SERVICE_IN16;
	cdb[1] = SA_READ_CAPACITY16;
	put_be(cdb + 10, SCSI_CAPACITY16_LEN, 4);
	return 16;
}

/* A last LBA of all ones gives 0 blocks: scsi_capacity_check refuses it. */
void scsi_capacity16_parse(const uint8_t *buf, struct scsi_disk_info *info)
{
	info->blocks = get_be(buf, 8) + 1;
	info->block_size = (uint32_t)get_be(buf + 8, 4);
}

int scsi_capacity_check(const char *name, const struct scsi_disk_info *info)
{
	if (info->block_size != 512 && info->block_size != 4096) {
		kprintf("%s: block size %u: only 512 and 4096 are supported\n",
			name, info->block_size);
		return -ENOTSUP;
	}
	/* The block layer counts 512-byte sectors in 64 bits. */
	if (!info->blocks ||
	    info->blocks > UINT64_MAX / (info->block_size / 512)) {
		kprintf("%s: last LBA 0x%lx: too many sectors to count\n", name,
			info->blocks - 1);
		return -ENOTSUP;
	}
	return 0;
}

/*
 * Peripheral addressing keeps a bus number in byte 0's low bits (not 0:
 * a unit behind another bus); bytes 2-7 are a second level.
 */
int scsi_lun_of(const uint8_t entry[8])
{
	static const uint8_t none[6];
	unsigned method = entry[0] >> 6;
	if (method > 1 || (method == 0 && entry[0]) ||
	    memcmp(entry + 2, none, 6))
		return -1;
	return (entry[0] & 0x3f) << 8 | entry[1];
}

struct unit {
	scsi_exec_fn exec;
	void *ctx;
	const char *name;
	uint8_t *buf;
};

/*
 * Runs a command, again while the unit reports UNIT ATTENTION (a reset,
 * a changed medium: the condition is cleared by reporting it).
 * Returns 0, or the errno of the failure, logged with what.
 */
static int run(struct unit *u, const uint8_t *cdb, unsigned cdb_len,
	       uint32_t len, const char *what, bool quiet)
{
	for (unsigned i = 0; i < UNIT_ATTENTION_TRIES; i++) {
		struct scsi_sense sense = {0, 0, 0};
		memset(u->buf, 0, len);
		int st =
		    u->exec(u->ctx, cdb, cdb_len, u->buf, len, true, &sense);
		if (st < 0)
			return st;
		if (scsi_unit_attention((uint8_t)st, sense))
			continue;
		int rc = scsi_errno((uint8_t)st, sense);
		if (rc && !quiet)
			kprintf("%s: %s: status 0x%x, %s (asc 0x%02x/0x%02x)\n",
				u->name, what, st,
				scsi_sense_key_name(sense.key), sense.asc,
				sense.ascq);
		return rc;
	}
	kprintf("%s: %s: UNIT ATTENTION %u times\n", u->name, what,
		UNIT_ATTENTION_TRIES);
	return -EIO;
}

static int inquiry(struct unit *u, struct scsi_disk_info *info)
{
	uint8_t cdb[6] = {OP_INQUIRY, 0, 0, 0, INQUIRY_LEN, 0};
	int rc = run(u, cdb, sizeof(cdb), INQUIRY_LEN, "INQUIRY", false);
	if (rc)
		return rc;
	info->type = u->buf[0] & 0x1f;
	/* A qualifier other than 0: no unit connected at this LUN. */
	if (u->buf[0] >> 5 || info->type != SCSI_TYPE_DISK)
		return -ENODEV;
	return 0;
}

/* READ CAPACITY(16), else (a device without it) READ CAPACITY(10). */
static int capacity(struct unit *u, struct scsi_disk_info *info)
{
	uint8_t cdb[16];
	scsi_cdb_read_capacity16(cdb);
	if (!run(u, cdb, 16, SCSI_CAPACITY16_LEN, "READ CAPACITY(16)", true)) {
		scsi_capacity16_parse(u->buf, info);
		return 0;
	}
	uint8_t cdb10[10] = {OP_READ_CAPACITY10};
	int rc = run(u, cdb10, 10, 8, "READ CAPACITY(10)", false);
	if (rc)
		return rc;
	/* The largest LBA it can say: the disk needs READ CAPACITY(16). */
	if (get_be(u->buf, 4) == 0xffffffff) {
		kprintf("%s: READ CAPACITY(10): over 2^32 blocks, and READ "
			"CAPACITY(16) failed\n",
			u->name);
		return -ENOTSUP;
	}
	info->blocks = get_be(u->buf, 4) + 1;
	info->block_size = (uint32_t)get_be(u->buf + 4, 4);
	return 0;
}

/* A unit that does not answer MODE SENSE is taken as writable. */
static void write_protect(struct unit *u, struct scsi_disk_info *info)
{
	uint8_t cdb[6] = {OP_MODE_SENSE6, 0x08, 0x3f, 0, 4, 0};
	info->read_only = !run(u, cdb, sizeof(cdb), 4, "MODE SENSE", true) &&
			  (u->buf[2] & MODE_SENSE_WP);
}

int scsi_disk_discover(scsi_exec_fn exec, void *ctx, const char *name,
		       uint8_t *buf, struct scsi_disk_info *info)
{
	struct unit u = {exec, ctx, name, buf};
	memset(info, 0, sizeof(*info));
	static const uint8_t tur[6] = {OP_TEST_UNIT_READY};
	int rc = inquiry(&u, info);
	if (!rc)
		rc = run(&u, tur, sizeof(tur), 0, "TEST UNIT READY", false);
	if (!rc)
		rc = capacity(&u, info);
	if (!rc)
		rc = scsi_capacity_check(name, info);
	if (!rc)
		write_protect(&u, info);
	return rc;
}
