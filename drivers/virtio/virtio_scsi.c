/*
 * virtio-scsi (VIRTIO 1.2, 5.6): a SCSI host adapter whose disks become
 * block devices sd0, sd1, ...  Of the queues (control, event, request
 * 0..num_queues-1) only the first request queue is used: no task
 * management, no hotplug events.  A request is the request header (LUN,
 * CDB), the data the device reads, the response (status, sense), the
 * data the device writes; with indirect descriptors one ring slot.  The
 * header sizes follow the configuration's cdb_size and sense_size,
 * which the driver sets to its own when the device's differ.
 *
 * Discovery (from ready, once the device is live) sends every target up
 * to max_target a TEST UNIT READY, 64 at a time; a target that does not
 * exist answers BAD_TARGET, the others are asked for REPORT LUNS.  Each
 * LUN listed is discovered (drivers/scsi/scsi_disk.c) by synchronous
 * commands that wait for their completion by polling; disks are
 * registered, other device types (CD-ROMs, tapes) logged and skipped.  The SCSI
 * side counts the device's blocks (512 or 4096 bytes), the block layer 512-byte
 * sectors: a 4096-byte disk has block_sectors 8, so the block layer
 * passes it whole blocks only.
 *
 * Requests complete from the queue's interrupt handler (or the block
 * layer's poll), as in virtio_blk.c; one spinlock serialises the queue.
 * The disks share it: a disk's only request that finds it full waits in
 * the driver for room rather than failing with -EAGAIN (queue_cmd).
 *
 * A request the unit did not run is sent again, a bounded number of
 * times (scsi_retry_of): at once after a UNIT ATTENTION, after a READ
 * CAPACITY(16) that sets the disk's new size when the attention says
 * the capacity changed (a resize); after BUSY or TASK SET FULL it waits
 * parked for another request's completion or a 1 ms timer, as after
 * the transport's own BUSY response.
 */
#include <stdio.h>
#include <string.h>

#include "blkdev.h"
#include "clock.h"
#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "scsi_disk.h"
#include "spinlock.h"
#include "timer.h"
#include "virtio.h"

#define CFG_NUM_QUEUES 0
#define CFG_MAX_SECTORS 8
#define CFG_SENSE_SIZE 20
#define CFG_CDB_SIZE 24
#define CFG_MAX_TARGET 30
#define CFG_MAX_LUN 32

#define Q_REQUEST 2 /* the first request queue */

/* Response codes (5.6.6.1). */
#define S_OK 0
#define S_BAD_TARGET 3
#define S_BUSY 5

#define CDB_SIZE 32
#define SENSE_SIZE 96
#define QUEUE_SIZE 128
#define MAX_SECTORS 256
#define MAX_LUN 16383	   /* flat space addressing's 14 bits */
#define REPORT_LUNS_MAX 64 /* LUNs taken from one target */
/* A BUSY request's pause when no other completion comes first. */
#define BUSY_DELAY_NS 1000000
/* Targets looked for at once: two descriptors each without indirect. */
#define TARGET_BATCH (QUEUE_SIZE / 2)

struct vscsi {
	struct virtio_device *vdev;
	struct virtq *vq;
	struct spinlock lock;
	/* Disks' first requests waiting for ring space (queue_cmd). */
	struct vscsi_cmd *parked, **parked_tail;
	/* Unparks the requests a BUSY unit refused when nothing else will. */
	struct timer busy_timer;
	uint64_t busy_until; /* its deadline, for polling without interrupts */
	/*
	 * busy_timer is armed and its function has not taken h->lock yet:
	 * ours, under h->lock (the timer's own flag is its CPU queue's).
	 */
	bool busy_armed;
	uint32_t max_sectors;
	uint32_t max_lun;
};

struct sd {
	struct blkdev blk;
	struct vscsi *host;
	uint8_t lun[8];
	unsigned shift; /* log2 of 512-byte sectors per device block */
	unsigned busy;	/* requests in the ring or parked; host's lock */
};

struct vscsi_cmd {
	struct __attribute__((packed)) {
		uint8_t lun[8];
		uint64_t id;
		uint8_t task_attr, prio, crn;
		uint8_t cdb[CDB_SIZE];
	} req;
	struct __attribute__((packed)) {
		uint32_t sense_len, residual;
		uint16_t status_qualifier;
		uint8_t status, response;
		uint8_t sense[SENSE_SIZE];
	} resp;
	struct sd *sd;		     /* NULL: a discovery command */
	struct blk_request *blk_req; /* NULL: a READ CAPACITY for `waiting` */
	struct vscsi_cmd *waiting;   /* sent again once the capacity is read */
	volatile bool done;	     /* discovery: the device answered */
	void *data;		     /* what the device reads or fills */
	uint32_t len;
	bool data_in;
	struct vscsi_cmd *next;	 /* parked */
	unsigned sends;		 /* sent this many times, for messages */
	struct scsi_tries tries; /* its limits: refusals so far, by kind */
};

/* LUN field (5.6.6): 1, the target, the LUN in flat space addressing. */
static void encode_lun(uint8_t lun[8], unsigned target, unsigned l)
{
	memset(lun, 0, 8);
	lun[0] = 1;
	lun[1] = (uint8_t)target;
	lun[2] = (uint8_t)(0x40 | l >> 8);
	lun[3] = (uint8_t)l;
}

/* Adds c, with its data, to the ring; -1 when full.  Holds h->lock. */
static int add_locked(struct vscsi *h, struct vscsi_cmd *c)
{
	struct virtq_buf bufs[3] = {{&c->req, sizeof(c->req), false}};
	unsigned n = 1;
	if (c->len && !c->data_in)
		bufs[n++] = (struct virtq_buf){c->data, c->len, false};
	bufs[n++] = (struct virtq_buf){&c->resp, sizeof(c->resp), true};
	if (c->len && c->data_in)
		bufs[n++] = (struct virtq_buf){c->data, c->len, true};
	return virtq_add(h->vq, bufs, n, c);
}

static void set_data(struct vscsi_cmd *c, void *data, uint32_t len,
		     bool data_in)
{
	c->data = data;
	c->len = len;
	c->data_in = data_in;
}

/* Adds c, with its data, to the queue; kick: and tells the device. */
static int vscsi_send(struct vscsi *h, struct vscsi_cmd *c, void *data,
		      uint32_t len, bool data_in, bool kick)
{
	set_data(c, data, len, data_in);
	unsigned long flags = spin_lock(&h->lock);
	int rc = add_locked(h, c);
	if (!rc && kick)
		virtq_kick(h->vq);
	spin_unlock(&h->lock, flags);
	return rc ? -EAGAIN : 0;
}

static struct scsi_sense cmd_sense(const struct vscsi_cmd *c)
{
	uint32_t len = c->resp.sense_len;
	return scsi_sense_parse(c->resp.sense,
				len < SENSE_SIZE ? len : SENSE_SIZE);
}

/* A block request's outcome; failures are logged with the sense key. */
static int cmd_errno(const struct vscsi_cmd *c)
{
	const char *name = c->sd->blk.name;
	if (c->resp.response != S_OK) {
		kprintf("%s: virtio-scsi response %u%s, after %u tries\n", name,
			c->resp.response,
			c->resp.response == S_BUSY ? " (BUSY)" : "", c->sends);
		return -EIO;
	}
	struct scsi_sense s = cmd_sense(c);
	uint8_t status = c->resp.status;
	int rc = scsi_errno(status, s);
	if (status == SCSI_CHECK_CONDITION)
		kprintf("%s: status 0x%x, %s (asc 0x%02x/0x%02x)\n", name,
			status, scsi_sense_key_name(s.key), s.asc, s.ascq);
	else if (rc)
		kprintf("%s: status 0x%x, %s, after %u tries\n", name, status,
			scsi_status_name(status), c->sends);
	return rc;
}

static void park_locked(struct vscsi *h, struct vscsi_cmd *c)
{
	c->next = NULL;
	*h->parked_tail = c;
	h->parked_tail = &c->next;
}

/* Moves parked requests into the ring while it has room.  Holds h->lock. */
static void unpark_locked(struct vscsi *h)
{
	bool added = false;
	while (h->parked && !add_locked(h, h->parked)) {
		h->parked = h->parked->next;
		added = true;
	}
	if (!h->parked)
		h->parked_tail = &h->parked;
	if (added)
		virtq_kick(h->vq);
}

/* Puts c, a disk's, in the ring again (or parked). */
static void resend(struct vscsi *h, struct vscsi_cmd *c)
{
	memset(&c->resp, 0, sizeof(c->resp));
	unsigned long flags = spin_lock(&h->lock);
	c->sd->busy++;
	/* The ring full: a completion will come and unpark it. */
	if (add_locked(h, c))
		park_locked(h, c);
	else
		virtq_kick(h->vq);
	spin_unlock(&h->lock, flags);
}

/*
 * c waits for the next completion of another request or the end of the
 * BUSY pause, whichever comes first (the timer, or sd_poll without
 * interrupts).  A pause lasts BUSY_DELAY_NS from the BUSY that started
 * it; one refused while a pause runs waits for that pause's end, the
 * earliest deadline, and is not moved later: the timer unparks every
 * request at once, so re-arming for each new BUSY would let a stream of
 * them hold the first back without end.  Sent early, a request the unit
 * still refuses only comes back here.
 */
static void resend_later(struct vscsi *h, struct vscsi_cmd *c)
{
	memset(&c->resp, 0, sizeof(c->resp));
	unsigned long flags = spin_lock(&h->lock);
	c->sd->busy++;
	park_locked(h, c);
	/* Armed (maybe on another CPU: not to be moved), it unparks c too. */
	if (!h->busy_armed) {
		h->busy_until = clock_monotonic() + BUSY_DELAY_NS;
		h->busy_armed = true;
		timer_arm(&h->busy_timer, h->busy_until);
	}
	spin_unlock(&h->lock, flags);
}

static void busy_timeout(struct timer *t)
{
	struct vscsi *h = t->arg;
	unsigned long flags = spin_lock(&h->lock);
	h->busy_armed = false; /* off its heap: may be armed again, anywhere */
	unpark_locked(h);
	spin_unlock(&h->lock, flags);
}

/*
 * The unit's capacity has changed (a resize): a READ CAPACITY(16) goes
 * before c, which is sent again once its answer has set the disk's size.
 */
static void reread_capacity(struct vscsi *h, struct vscsi_cmd *c)
{
	struct vscsi_cmd *cap =
	    heap_calloc(1, sizeof(*cap) + SCSI_CAPACITY16_LEN);
	if (!cap) {
		resend(h, c); /* the size stays as it was */
		return;
	}
	memcpy(cap->req.lun, c->sd->lun, 8);
	scsi_cdb_read_capacity16(cap->req.cdb);
	cap->sd = c->sd;
	cap->waiting = c;
	set_data(cap, cap + 1, SCSI_CAPACITY16_LEN, true);
	resend(h, cap);
}

/* READ CAPACITY's answer: the disk's new size, then its waiting request. */
static void capacity_read(struct vscsi *h, struct vscsi_cmd *cap)
{
	struct sd *sd = cap->sd;
	struct scsi_disk_info info = {0};
	scsi_capacity16_parse(cap->data, &info);
	if (cap->resp.response != S_OK)
		kprintf("%s: READ CAPACITY(16) after a capacity change: "
			"virtio-scsi response %u\n",
			sd->blk.name, cap->resp.response);
	else if (cap->resp.status != SCSI_GOOD)
		kprintf("%s: READ CAPACITY(16) after a capacity change: %s\n",
			sd->blk.name, scsi_status_name(cap->resp.status));
	else if (info.block_size != 512u << sd->shift)
		kprintf("%s: the block size changed to %u: size kept\n",
			sd->blk.name, info.block_size);
	else if (!scsi_capacity_check(sd->blk.name, &info)) {
		uint64_t sectors = info.blocks << sd->shift;
		/* blkdev_submit reads it unlocked (this is the interrupt) */
		__atomic_store_n(&sd->blk.sectors, sectors, __ATOMIC_RELAXED);
		kinfo("%s: capacity changed: %lu sectors (%lu KiB)\n",
		      sd->blk.name, sectors, sectors / 2);
	}
	struct vscsi_cmd *c = cap->waiting;
	heap_free(cap);
	resend(h, c);
}

/*
 * A request the unit did not run: refused with UNIT ATTENTION (a reset
 * or a changed capacity, reported once), or BUSY or TASK SET FULL.
 * Sends it again as scsi_retry_of() says; returns whether it will.
 */
static bool retry(struct vscsi *h, struct vscsi_cmd *c)
{
	/* The transport's BUSY: "retrying on the same path is likely to work"
	 */
	uint8_t status = c->resp.response == S_BUSY ? SCSI_BUSY
			 : c->resp.response == S_OK ? c->resp.status
						    : SCSI_GOOD;
	c->sends++;
	switch (scsi_retry_of(status, cmd_sense(c), &c->tries)) {
	case SCSI_RETRY_NO:
		return false;
	case SCSI_RETRY_NOW:
		resend(h, c);
		break;
	case SCSI_RETRY_CAPACITY:
		/* A READ CAPACITY told of a (second) change is the re-read */
		if (c->blk_req)
			reread_capacity(h, c);
		else
			resend(h, c);
		break;
	case SCSI_RETRY_LATER:
		resend_later(h, c);
		break;
	}
	return true;
}

/*
 * Completes what the device has used.  The queue's lock is dropped
 * around each completion, whose functions may submit again.
 */
static unsigned vscsi_complete(struct vscsi *h)
{
	unsigned n = 0;
	for (;;) {
		unsigned long flags = spin_lock(&h->lock);
		struct vscsi_cmd *c = virtq_get(h->vq, NULL);
		if (c && c->sd)
			c->sd->busy--;
		/* A completion, or a BUSY pause polled out without interrupts
		 */
		if (c || (h->parked && timer_deadline_passed(h->busy_until)))
			unpark_locked(h);
		spin_unlock(&h->lock, flags);
		if (!c)
			return n;
		n++;
		if (!c->sd) {
			c->done = true;
			continue;
		}
		/*
		 * The unit may refuse a READ CAPACITY too (BUSY, another
		 * unit attention): it is sent again, or the change it was
		 * sent for would be lost (the attention is reported once).
		 */
		if (retry(h, c))
			continue;
		if (!c->blk_req) {
			capacity_read(h, c);
			continue;
		}
		struct sd *sd = c->sd;
		struct blk_request *req = c->blk_req;
		int status = cmd_errno(c);
		heap_free(c);
		blkdev_complete(&sd->blk, req, status);
	}
}

/*
 * Starts a disk's request.  The disks of a controller share its ring,
 * but the block layer waits out -EAGAIN until one of the disk's own
 * requests completes: a disk with none in flight that found the ring
 * full of the others' would wait for ever.  Its request is parked
 * instead and enters the ring at the next completion.
 */
static int queue_cmd(struct vscsi *h, struct vscsi_cmd *c)
{
	unsigned long flags = spin_lock(&h->lock);
	int rc = 0;
	if (!add_locked(h, c))
		virtq_kick(h->vq);
	else if (!c->sd->busy)
		park_locked(h, c);
	else
		rc = -EAGAIN;
	if (!rc)
		c->sd->busy++;
	c->sd->blk.notifies = h->vq->notifies;
	spin_unlock(&h->lock, flags);
	return rc;
}

static int sd_submit(struct blkdev *blk, struct blk_request *req)
{
	struct sd *sd = blk->driver_data;
	struct vscsi_cmd *c = heap_calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM; /* not -EAGAIN: no completion of ours may come
				 */
	memcpy(c->req.lun, sd->lun, 8);
	if (req->op == BLK_FLUSH)
		scsi_cdb_sync_cache10(c->req.cdb);
	else
		scsi_cdb_rw16(c->req.cdb, req->op == BLK_WRITE,
			      req->sector >> sd->shift,
			      req->count >> sd->shift);
	c->sd = sd;
	c->blk_req = req;
	set_data(c, req->buf, req->count * BLKDEV_SECTOR_SIZE,
		 req->op == BLK_READ);
	int rc = queue_cmd(sd->host, c);
	if (rc)
		heap_free(c);
	return rc;
}

static unsigned sd_poll(struct blkdev *blk)
{
	struct sd *sd = blk->driver_data;
	return vscsi_complete(sd->host);
}

static void vscsi_interrupt(struct virtq *vq)
{
	vscsi_complete(vq->priv);
}

static void sd_describe(struct blkdev *blk)
{
	struct vscsi *h = ((struct sd *)blk->driver_data)->host;
	unsigned long flags = spin_lock(&h->lock);
	virtq_describe(h->vq);
	spin_unlock(&h->lock, flags);
}

static const struct blkdev_ops sd_ops = {
    .submit = sd_submit,
    .poll = sd_poll,
    .describe = sd_describe,
};

/* The unit a discovery command goes to. */
struct unit {
	struct vscsi *host;
	uint8_t lun[8];
};

/* scsi_exec_fn: one command, its completion awaited by polling. */
static int unit_exec(void *ctx, const uint8_t *cdb, unsigned cdb_len,
		     void *data, uint32_t len, bool data_in,
		     struct scsi_sense *sense)
{
	struct unit *u = ctx;
	struct vscsi_cmd *c = heap_calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	memcpy(c->req.lun, u->lun, 8);
	memcpy(c->req.cdb, cdb, cdb_len);
	int rc = vscsi_send(u->host, c, data, len, data_in, true);
	while (!rc && !c->done)
		vscsi_complete(u->host);
	if (!rc)
		rc = c->resp.response == S_BAD_TARGET ? -ENODEV
		     : c->resp.response != S_OK	      ? -EIO
						      : c->resp.status;
	if (rc == SCSI_CHECK_CONDITION)
		*sense = cmd_sense(c);
	heap_free(c);
	return rc;
}

static void add_disk(struct vscsi *h, const struct unit *u,
		     const struct scsi_disk_info *info)
{
	struct sd *sd = heap_calloc(1, sizeof(*sd));
	if (!sd)
		return;
	sd->host = h;
	memcpy(sd->lun, u->lun, 8);
	sd->shift = info->block_size == 4096 ? 3 : 0;
	uint32_t per_block = 1u << sd->shift;
	sd->blk.sectors = info->blocks << sd->shift;
	sd->blk.block_sectors = per_block; /* blkdev_submit keeps to them */
	sd->blk.max_sectors = h->max_sectors & ~(per_block - 1);
	if (sd->blk.max_sectors < per_block)
		sd->blk.max_sectors = per_block;
	sd->blk.read_only = info->read_only;
	sd->blk.can_flush = true;
	sd->blk.irq_vector = h->vq->irq ? h->vq->vector : -1;
	sd->blk.ops = &sd_ops;
	sd->blk.driver_data = sd;
	if (blkdev_register(&sd->blk, "sd")) {
		heap_free(sd);
		return;
	}
	kinfo("virtio-scsi: %s at %s target %u lun %u: %lu sectors (%lu "
	      "KiB), %u-byte blocks%s, %s\n",
	      sd->blk.name, h->vdev->where, u->lun[1],
	      (u->lun[2] & 0x3f) << 8 | u->lun[3], sd->blk.sectors,
	      sd->blk.sectors / 2, info->block_size,
	      info->read_only ? ", read-only" : "",
	      sd->blk.irq_vector >= 0 ? "interrupts" : "polled");
}

static void probe_lun(struct vscsi *h, unsigned target, unsigned lun,
		      uint8_t *buf)
{
	struct unit u = {h, {0}};
	encode_lun(u.lun, target, lun);
	char name[40];
	snprintf(name, sizeof(name), "virtio-scsi: target %u lun %u", target,
		 lun);
	struct scsi_disk_info info;
	int rc = scsi_disk_discover(unit_exec, &u, name, buf, &info);
	if (!rc)
		add_disk(h, &u, &info);
	else if (rc == -ENODEV)
		kinfo("%s: peripheral type 0x%x, not a disk: skipped\n", name,
		      info.type);
}

/*
 * The LUNs of a target from REPORT LUNS (LUN 0 alone when it fails),
 * into buf's first len bytes, each then discovered with the
 * SCSI_DISCOVER_BUF bytes after them; false when the target does not
 * exist.
 */
static bool probe_target(struct vscsi *h, unsigned target, uint8_t *buf,
			 uint32_t len)
{
	struct unit u = {h, {0}};
	encode_lun(u.lun, target, 0);
	uint8_t cdb[SCSI_CDB_MAX];
	unsigned cdb_len = scsi_cdb_report_luns(cdb, len);
	struct scsi_sense sense;
	memset(buf, 0, len);
	int rc = unit_exec(&u, cdb, cdb_len, buf, len, true, &sense);
	if (rc == -ENODEV)
		return false;
	if (rc != SCSI_GOOD) {
		probe_lun(h, target, 0, buf + len);
		return true;
	}
	uint32_t n =
	    (uint32_t)buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3];
	n /= 8;
	if (n > REPORT_LUNS_MAX)
		n = REPORT_LUNS_MAX;
	for (uint32_t i = 0; i < n; i++) {
		int lun = scsi_lun_of(buf + 8 + 8 * i);
		if (lun >= 0 && (uint32_t)lun <= h->max_lun)
			probe_lun(h, target, (unsigned)lun, buf + len);
	}
	return true;
}

/*
 * Which of targets first.. first+n-1 may exist: a TEST UNIT READY to
 * LUN 0 of each, all sent before one notification (a round trip per
 * target would cost the boot a trap into the hypervisor each); only
 * those that do not answer BAD_TARGET are asked for their LUNs.
 */
static void find_targets(struct vscsi *h, unsigned first, unsigned n,
			 bool *maybe)
{
	struct vscsi_cmd *cmds = heap_calloc(n, sizeof(*cmds));
	for (unsigned i = 0; i < n; i++)
		maybe[i] = true;
	if (!cmds)
		return;
	unsigned sent = 0;
	while (sent < n) {
		encode_lun(cmds[sent].req.lun, first + sent, 0);
		if (vscsi_send(h, &cmds[sent], NULL, 0, true, false))
			break;
		sent++;
	}
	unsigned long flags = spin_lock(&h->lock);
	virtq_kick(h->vq);
	spin_unlock(&h->lock, flags);
	for (unsigned i = 0; i < sent; i++) {
		while (!cmds[i].done)
			vscsi_complete(h);
		maybe[i] = cmds[i].resp.response != S_BAD_TARGET;
	}
	heap_free(cmds);
}

static void vscsi_ready(struct virtio_device *dev)
{
	struct vscsi *h = dev->driver_data;
	uint16_t max_target = 0;
	virtio_config_read(dev, CFG_MAX_TARGET, &max_target, 2);
	unsigned count = max_target < 256 ? max_target + 1u : 256;
	uint32_t len = 8 + 8 * REPORT_LUNS_MAX;
	uint8_t *buf = heap_alloc(len + SCSI_DISCOVER_BUF);
	if (!buf)
		return;
	unsigned targets = 0;
	bool maybe[TARGET_BATCH];
	for (unsigned t = 0; t < count; t++) {
		if (t % TARGET_BATCH == 0)
			find_targets(h, t,
				     count - t < TARGET_BATCH ? count - t
							      : TARGET_BATCH,
				     maybe);
		if (maybe[t % TARGET_BATCH])
			targets += probe_target(h, t, buf, len);
	}
	heap_free(buf);
	kinfo("virtio-scsi: %s: %u target(s) of %u\n", dev->where, targets,
	      max_target + 1u);
}

static uint32_t config32(struct virtio_device *dev, unsigned off)
{
	uint32_t v = 0;
	virtio_config_read(dev, off, &v, 4);
	return v;
}

/*
 * The header sizes the requests are laid out with: the device's own
 * unless they differ from the driver's, which it then sets (the fields
 * are writable, 5.6.4).
 */
static bool set_header_sizes(struct virtio_device *dev)
{
	static const uint32_t want[2] = {SENSE_SIZE, CDB_SIZE};
	if (config32(dev, CFG_SENSE_SIZE) != SENSE_SIZE ||
	    config32(dev, CFG_CDB_SIZE) != CDB_SIZE)
		dev->transport->config_write(dev, CFG_SENSE_SIZE, want, 8);
	if (config32(dev, CFG_SENSE_SIZE) == SENSE_SIZE &&
	    config32(dev, CFG_CDB_SIZE) == CDB_SIZE)
		return true;
	kprintf("virtio-scsi: %s: sense_size %u, cdb_size %u: the device "
		"keeps sizes other than %u and %u\n",
		dev->where, config32(dev, CFG_SENSE_SIZE),
		config32(dev, CFG_CDB_SIZE), SENSE_SIZE, CDB_SIZE);
	return false;
}

static int vscsi_probe(struct virtio_device *dev)
{
	if (!config32(dev, CFG_NUM_QUEUES) || !set_header_sizes(dev))
		return -1;
	struct vscsi *h = heap_calloc(1, sizeof(*h));
	if (!h)
		return -1;
	h->vdev = dev;
	h->parked_tail = &h->parked;
	timer_setup(&h->busy_timer, busy_timeout, h);
	h->vq = virtq_create(dev, Q_REQUEST, QUEUE_SIZE);
	if (!h->vq) {
		heap_free(h);
		return -1;
	}
	uint32_t max = config32(dev, CFG_MAX_SECTORS);
	h->max_sectors = max && max < MAX_SECTORS ? max : MAX_SECTORS;
	h->max_lun = config32(dev, CFG_MAX_LUN);
	if (h->max_lun > MAX_LUN)
		h->max_lun = MAX_LUN;
	virtq_set_handler(h->vq, vscsi_interrupt, h);
	dev->driver_data = h;
	return 0;
}

static struct virtio_driver vscsi_driver = {
    .name = "virtio-scsi",
    .device_id = VIRTIO_ID_SCSI,
    .probe = vscsi_probe,
    .ready = vscsi_ready,
};

static int vscsi_init(void)
{
	virtio_register_driver(&vscsi_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "virtio-scsi", vscsi_init,
		   DRIVER_HW_VIRTIO, 0);
