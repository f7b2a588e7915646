/*
 * SCSI disk commands (drivers/scsi/scsi_disk.c) against a simulated
 * logical unit: the CDBs' bytes as SBC-3 and SPC-4 lay them out, sense
 * data in both formats, LUN list entries, and discovery: a disk of 512-
 * or 4096-byte blocks, UNIT ATTENTION retried (and given up on), READ
 * CAPACITY(16) refused then (10) used, the write-protect bit, and what
 * is not a usable disk (a CD-ROM, no unit, a 2048-byte block size, a
 * transport failure, a capacity READ CAPACITY(10) cannot give or 64
 * bits of sectors cannot count, a LUN entry on another bus or level)
 * refused.
 */
#include <errno.h>
#include <string.h>

#include "scsi_disk.h"
#include "tap.h"

struct sim {
	uint8_t inquiry0; /* qualifier and type */
	unsigned unit_attentions;
	bool no_rc16, no_mode_sense, wp;
	uint64_t last_lba;
	uint32_t block_size;
	int transport_error;
	unsigned rc10_calls, calls;
};

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
	while (n--) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

static int check(struct scsi_sense *sense, uint8_t key)
{
	*sense = (struct scsi_sense){key, 0x20, 0};
	return SCSI_CHECK_CONDITION;
}

static int sim_exec(void *ctx, const uint8_t *cdb, unsigned cdb_len, void *data,
		    uint32_t len, bool data_in, struct scsi_sense *sense)
{
	struct sim *s = ctx;
	uint8_t *buf = data;
	(void)cdb_len;
	(void)data_in;
	s->calls++;
	if (s->transport_error)
		return s->transport_error;
	if (s->unit_attentions) {
		s->unit_attentions--;
		return check(sense, SCSI_SENSE_UNIT_ATTENTION);
	}
	switch (cdb[0]) {
	case 0x12:
		buf[0] = s->inquiry0;
		return len == cdb[4] ? SCSI_GOOD : check(sense, 5);
	case 0x00:
		return SCSI_GOOD;
	case 0x9e:
		if (s->no_rc16 || cdb[1] != 0x10 || len < 12)
			return check(sense, SCSI_SENSE_ILLEGAL_REQUEST);
		put_be(buf, s->last_lba, 8);
		put_be(buf + 8, s->block_size, 4);
		return SCSI_GOOD;
	case 0x25:
		s->rc10_calls++;
		put_be(buf, s->last_lba, 4);
		put_be(buf + 4, s->block_size, 4);
		return SCSI_GOOD;
	case 0x1a:
		if (s->no_mode_sense)
			return check(sense, SCSI_SENSE_ILLEGAL_REQUEST);
		buf[2] = s->wp ? 0x80 : 0;
		return SCSI_GOOD;
	}
	return check(sense, SCSI_SENSE_ILLEGAL_REQUEST);
}

static int discover(struct sim *s, struct scsi_disk_info *info)
{
	static uint8_t buf[SCSI_DISCOVER_BUF];
	return scsi_disk_discover(sim_exec, s, "sim", buf, info);
}

static void test_cdbs(void)
{
	uint8_t cdb[SCSI_CDB_MAX];
	static const uint8_t w16[16] = {0x8a, 0, 1,    2,    3,	   4,	 5, 6,
					7,    8, 0x11, 0x22, 0x33, 0x44, 0, 0};
	TAP_OK(scsi_cdb_rw16(cdb, true, 0x0102030405060708, 0x11223344) == 16 &&
		   !memcmp(cdb, w16, 16),
	       "WRITE(16): opcode, LBA and length big-endian");
	TAP_OK(scsi_cdb_rw16(cdb, false, 7, 8) == 16 && cdb[0] == 0x88 &&
		   cdb[9] == 7 && cdb[13] == 8,
	       "READ(16)");
	static const uint8_t sync[10] = {0x35};
	TAP_OK(scsi_cdb_sync_cache10(cdb) == 10 && !memcmp(cdb, sync, 10),
	       "SYNCHRONIZE CACHE(10): the whole medium");
	static const uint8_t luns[12] = {0xa0, 0, 0, 0, 0, 0, 0, 0, 2, 8};
	TAP_OK(scsi_cdb_report_luns(cdb, 520) == 12 && !memcmp(cdb, luns, 12),
	       "REPORT LUNS: allocation length at bytes 6-9");
}

static void test_sense(void)
{
	uint8_t fixed[18] = {0x70, 0, 0x07, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x27};
	struct scsi_sense s = scsi_sense_parse(fixed, sizeof(fixed));
	TAP_OK(s.key == SCSI_SENSE_DATA_PROTECT && s.asc == 0x27 && s.ascq == 0,
	       "fixed-format sense: key and ASC");
	uint8_t desc[8] = {0x72, 0x06, 0x29, 0x02};
	s = scsi_sense_parse(desc, sizeof(desc));
	TAP_OK(s.key == SCSI_SENSE_UNIT_ATTENTION && s.asc == 0x29 &&
		   s.ascq == 2,
	       "descriptor-format sense");
	s = scsi_sense_parse(fixed, 13);
	TAP_OK(s.key == 0 && s.asc == 0, "fixed format cut short: nothing");
	uint8_t other[18] = {0x7f, 0, 0x03};
	s = scsi_sense_parse(other, sizeof(other));
	TAP_OK(s.key == 0, "an unknown response code: nothing");
	TAP_OK(s.key == 0 && scsi_sense_parse(NULL, 0).key == 0,
	       "no sense data: nothing");
	struct scsi_sense dp = {SCSI_SENSE_DATA_PROTECT, 0x27, 0};
	struct scsi_sense medium = {0x3, 0x11, 0};
	TAP_OK(scsi_errno(SCSI_GOOD, medium) == 0, "GOOD: 0");
	TAP_OK(scsi_errno(SCSI_CHECK_CONDITION, dp) == -EROFS,
	       "DATA PROTECT: EROFS");
	TAP_OK(scsi_errno(SCSI_CHECK_CONDITION, medium) == -EIO,
	       "MEDIUM ERROR: EIO");
	TAP_OK(scsi_errno(0x08, dp) == -EIO, "BUSY: EIO");
	TAP_OK(!strcmp(scsi_sense_key_name(SCSI_SENSE_DATA_PROTECT),
		       "DATA PROTECT") &&
		   !strcmp(scsi_sense_key_name(0xf), "COMPLETED"),
	       "sense key names");
}

/*
 * scsi_retry_of for a command refused with status and sense after
 * `ua` unit attentions and `busy` BUSY or TASK SET FULL refusals.
 */
static enum scsi_retry retry_after(uint8_t status, struct scsi_sense sense,
				   unsigned ua, unsigned busy)
{
	struct scsi_tries tries = {ua, busy};
	return scsi_retry_of(status, sense, &tries);
}

/* What the driver does with a block command that the unit did not run. */
static void test_retry(void)
{
	struct scsi_sense none = {0, 0, 0};
	struct scsi_sense reset = {SCSI_SENSE_UNIT_ATTENTION, 0x29, 0};
	struct scsi_sense grown = {SCSI_SENSE_UNIT_ATTENTION, 0x2a, 0x09};
	struct scsi_sense params = {SCSI_SENSE_UNIT_ATTENTION, 0x2a, 0x01};
	struct scsi_sense medium = {0x3, 0x11, 0};
	const uint8_t cc = SCSI_CHECK_CONDITION;
	TAP_OK(retry_after(SCSI_GOOD, none, 0, 0) == SCSI_RETRY_NO &&
		   retry_after(cc, medium, 0, 0) == SCSI_RETRY_NO,
	       "GOOD and a medium error: done");
	TAP_OK(retry_after(cc, reset, 0, 0) == SCSI_RETRY_NOW &&
		   retry_after(cc, params, 0, 0) == SCSI_RETRY_NOW,
	       "UNIT ATTENTION (a reset, other parameters changed): again now");
	TAP_OK(retry_after(cc, grown, 0, 0) == SCSI_RETRY_CAPACITY,
	       "CAPACITY DATA HAS CHANGED: the capacity re-read first");
	TAP_OK(
	    retry_after(cc, grown, SCSI_UA_TRIES - 2, 0) ==
		    SCSI_RETRY_CAPACITY &&
		retry_after(cc, reset, SCSI_UA_TRIES - 1, 0) == SCSI_RETRY_NO &&
		retry_after(cc, grown, SCSI_UA_TRIES - 1, 0) == SCSI_RETRY_NO,
	    "UNIT ATTENTION: at most %u sends", SCSI_UA_TRIES);
	TAP_OK(retry_after(SCSI_BUSY, none, 0, 0) == SCSI_RETRY_LATER &&
		   retry_after(SCSI_TASK_SET_FULL, none, 0, 0) ==
		       SCSI_RETRY_LATER,
	       "BUSY and TASK SET FULL: again later");
	TAP_OK(retry_after(SCSI_BUSY, none, 0, SCSI_BUSY_TRIES - 2) ==
		       SCSI_RETRY_LATER &&
		   retry_after(SCSI_BUSY, none, 0, SCSI_BUSY_TRIES - 1) ==
		       SCSI_RETRY_NO &&
		   retry_after(SCSI_TASK_SET_FULL, none, 0,
			       SCSI_BUSY_TRIES - 1) == SCSI_RETRY_NO,
	       "BUSY and TASK SET FULL: at most %u sends", SCSI_BUSY_TRIES);
	/* A busy unit resized meanwhile: neither limit eats the other. */
	TAP_OK(retry_after(cc, grown, 0, SCSI_BUSY_TRIES - 2) ==
		       SCSI_RETRY_CAPACITY &&
		   retry_after(SCSI_BUSY, none, SCSI_UA_TRIES - 1,
			       SCSI_BUSY_TRIES - 2) == SCSI_RETRY_LATER,
	       "UNIT ATTENTION after BUSY refusals, and BUSY after unit "
	       "attentions: each within its own limit");
	struct scsi_tries tries = {0, 0};
	enum scsi_retry r[3] = {
	    scsi_retry_of(SCSI_BUSY, none, &tries),
	    scsi_retry_of(cc, grown, &tries),
	    scsi_retry_of(SCSI_TASK_SET_FULL, none, &tries)};
	TAP_OK(r[0] == SCSI_RETRY_LATER && r[1] == SCSI_RETRY_CAPACITY &&
		   r[2] == SCSI_RETRY_LATER && tries.ua == 1 && tries.busy == 2,
	       "each refusal counted in its kind (ua %u, busy %u)", tries.ua,
	       tries.busy);
	TAP_OK(scsi_errno(SCSI_BUSY, none) == -EIO &&
		   scsi_errno(SCSI_TASK_SET_FULL, none) == -EIO,
	       "BUSY and TASK SET FULL in the end: EIO");
	TAP_OK(retry_after(0x18, none, 0, 0) == SCSI_RETRY_NO,
	       "RESERVATION CONFLICT: done");
	TAP_OK(!strcmp(scsi_status_name(SCSI_BUSY), "BUSY") &&
		   !strcmp(scsi_status_name(SCSI_TASK_SET_FULL),
			   "TASK SET FULL") &&
		   !strcmp(scsi_status_name(0x18), "RESERVATION CONFLICT") &&
		   !strcmp(scsi_status_name(0x77), "status"),
	       "status names");
}

/* READ CAPACITY(16) for a re-read capacity: the CDB, the answer's checks. */
static void test_capacity(void)
{
	uint8_t cdb[SCSI_CDB_MAX];
	static const uint8_t rc16[16] = {0x9e, 0x10, 0, 0, 0, 0, 0,
					 0,    0,    0, 0, 0, 0, 32};
	TAP_OK(scsi_cdb_read_capacity16(cdb) == 16 && !memcmp(cdb, rc16, 16),
	       "READ CAPACITY(16): service action, allocation length 32");
	uint8_t ans[SCSI_CAPACITY16_LEN] = {0};
	struct scsi_disk_info info;
	put_be(ans, 4095, 8);
	put_be(ans + 8, 512, 4);
	scsi_capacity16_parse(ans, &info);
	TAP_OK(info.blocks == 4096 && info.block_size == 512 &&
		   !scsi_capacity_check("t", &info),
	       "4096 blocks of 512 bytes");
	put_be(ans, ~0ull, 8);
	scsi_capacity16_parse(ans, &info);
	TAP_OK(scsi_capacity_check("t", &info) == -ENOTSUP,
	       "last LBA all ones: refused");
	put_be(ans, 1ull << 61, 8);
	put_be(ans + 8, 4096, 4);
	scsi_capacity16_parse(ans, &info);
	TAP_OK(scsi_capacity_check("t", &info) == -ENOTSUP,
	       "2^61 blocks of 4096 bytes: too many sectors");
	put_be(ans, 7, 8);
	put_be(ans + 8, 2048, 4);
	scsi_capacity16_parse(ans, &info);
	TAP_OK(scsi_capacity_check("t", &info) == -ENOTSUP,
	       "2048-byte blocks: refused");
}

static void test_luns(void)
{
	static const uint8_t periph[8] = {0x00, 0x05};
	static const uint8_t flat[8] = {0x52, 0x34};
	static const uint8_t logical[8] = {0x80, 0x01};
	TAP_OK(scsi_lun_of(periph) == 5, "peripheral addressing: LUN 5");
	TAP_OK(scsi_lun_of(flat) == 0x1234, "flat space addressing: 0x1234");
	TAP_OK(scsi_lun_of(logical) == -1, "logical unit addressing: refused");
	static const uint8_t other_bus[8] = {0x01, 0x05};
	TAP_OK(scsi_lun_of(other_bus) == -1,
	       "peripheral addressing on bus 1: refused, not LUN 261");
	static const uint8_t two_level[8] = {0x00, 0x05, 0x40, 0x01};
	TAP_OK(scsi_lun_of(two_level) == -1, "a second level: refused");
}

static void test_discover(void)
{
	struct scsi_disk_info info;
	struct sim s = {.last_lba = 8191, .block_size = 512};
	TAP_OK(discover(&s, &info) == 0 && info.blocks == 8192 &&
		   info.block_size == 512 && !info.read_only &&
		   info.type == 0 && s.rc10_calls == 0,
	       "a 512-byte disk: 8192 blocks from READ CAPACITY(16)");
	s = (struct sim){.last_lba = 1023, .block_size = 4096, .wp = true};
	TAP_OK(discover(&s, &info) == 0 && info.blocks == 1024 &&
		   info.block_size == 4096 && info.read_only,
	       "a write-protected disk of 4096-byte blocks");
	s = (struct sim){.last_lba = 99, .block_size = 512, .no_rc16 = true};
	TAP_OK(discover(&s, &info) == 0 && info.blocks == 100 &&
		   s.rc10_calls == 1,
	       "READ CAPACITY(16) refused: READ CAPACITY(10)");
	s = (struct sim){.last_lba = 9, .block_size = 512, .no_mode_sense = 1};
	TAP_OK(discover(&s, &info) == 0 && !info.read_only,
	       "MODE SENSE refused: writable");
	s = (struct sim){
	    .last_lba = 9, .block_size = 512, .unit_attentions = 3};
	TAP_OK(discover(&s, &info) == 0 && info.blocks == 10 && s.calls == 7,
	       "UNIT ATTENTION after a reset: the command again");
	s = (struct sim){
	    .last_lba = 9, .block_size = 512, .unit_attentions = 100};
	TAP_OK(discover(&s, &info) == -EIO && s.calls == 8,
	       "UNIT ATTENTION without end: EIO after 8 tries");
	s = (struct sim){.inquiry0 = 0x05, .last_lba = 9, .block_size = 2048};
	TAP_OK(discover(&s, &info) == -ENODEV && info.type == 5 && s.calls == 1,
	       "a CD-ROM: ENODEV, its type given, nothing more asked");
	s = (struct sim){.inquiry0 = 0x7f};
	TAP_OK(discover(&s, &info) == -ENODEV,
	       "qualifier 3 (no unit at this LUN): ENODEV");
	s = (struct sim){.last_lba = 9, .block_size = 2048};
	TAP_OK(discover(&s, &info) == -ENOTSUP,
	       "a 2048-byte block size: ENOTSUP");
	s = (struct sim){
	    .last_lba = 0xffffffff, .block_size = 512, .no_rc16 = true};
	TAP_OK(discover(&s, &info) == -ENOTSUP,
	       "READ CAPACITY(10) at its limit, no (16): ENOTSUP, not 2^32 "
	       "blocks");
	s = (struct sim){.last_lba = 0x100000000, .block_size = 512};
	TAP_OK(discover(&s, &info) == 0 && info.blocks == 0x100000001,
	       "READ CAPACITY(16): more than 2^32 blocks");
	s = (struct sim){.last_lba = UINT64_MAX, .block_size = 512};
	TAP_OK(discover(&s, &info) == -ENOTSUP,
	       "last LBA 2^64-1: ENOTSUP, not 0 blocks");
	s = (struct sim){.last_lba = UINT64_MAX >> 3, .block_size = 4096};
	TAP_OK(discover(&s, &info) == -ENOTSUP,
	       "4096-byte blocks whose sectors overflow 64 bits: ENOTSUP");
	s = (struct sim){.transport_error = -ENODEV};
	TAP_OK(discover(&s, &info) == -ENODEV && s.calls == 1,
	       "the transport's failure returned as it is");
}

int main(void)
{
	test_cdbs();
	test_sense();
	test_luns();
	test_discover();
	test_retry();
	test_capacity();
	return tap_done();
}
