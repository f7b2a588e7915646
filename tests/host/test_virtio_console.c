/*
 * The virtio-console driver's output (drivers/virtio/virtio_console.c)
 * against a simulated transmit queue, whose device reads a request's
 * buffer only when it completes it, as QEMU does when its host side
 * takes the bytes late.  A host that stops reading makes a send time
 * out with the device still holding the buffer: later writes must not
 * copy into it (the device would send their bytes in place of the
 * first's), must not wait again, and must not take its late completion
 * for theirs.  What they drop is counted and reported in the output,
 * where it went missing; so is a write made inside another.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "fault_page.h"
#include "klog.h"
#include "mm.h"
#include "tap.h"
#include "virtio.h"

extern int (*const sim_driver_init)(void);

#define RECORD_MAX 8192
#define PENDING_MAX 8

static struct {
	struct virtq queues[2]; /* 0 receives, 1 transmits */
	struct virtio_driver *driver;
	struct {
		void *addr, *cookie;
		uint32_t len;
	} pending[PENDING_MAX]; /* transmit requests, oldest first */
	unsigned npending;
	bool host_reads;
	unsigned long polls;  /* virtq_get() calls on the transmit queue */
	char out[RECORD_MAX]; /* what the host received */
	size_t out_len;
} sim;

static struct console *registered;

void console_register(struct console *c)
{
	registered = c;
}

void console_input_ready(void)
{
}

void kinfo(const char *fmt, ...)
{
	(void)fmt;
}

void *heap_alloc(size_t size)
{
	return malloc(size);
}

void virtio_register_driver(struct virtio_driver *drv)
{
	sim.driver = drv;
}

struct virtq *virtq_create(struct virtio_device *dev, uint16_t idx,
			   uint16_t max_size)
{
	struct virtq *vq = &sim.queues[idx];
	vq->dev = dev;
	vq->index = idx;
	vq->size = max_size;
	vq->irq = true;
	return vq;
}

void virtq_set_handler(struct virtq *vq, void (*fn)(struct virtq *vq),
		       void *priv)
{
	vq->handler = fn;
	vq->priv = priv;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n,
	      void *cookie)
{
	if (vq->index == 0) /* receive buffers: no input in this test */
		return 0;
	if (n != 1 || sim.npending == vq->size)
		return -1;
	sim.pending[sim.npending].addr = bufs[0].addr;
	sim.pending[sim.npending].len = bufs[0].len;
	sim.pending[sim.npending].cookie = cookie;
	sim.npending++;
	return 0;
}

void virtq_kick(struct virtq *vq)
{
	(void)vq;
}

/* The device reads the buffer now, as it completes the request. */
void *virtq_get(struct virtq *vq, uint32_t *len)
{
	if (vq->index == 0)
		return NULL;
	sim.polls++;
	if (!sim.host_reads || !sim.npending)
		return NULL;
	uint32_t n = sim.pending[0].len;
	if (sim.out_len + n <= RECORD_MAX) {
		memcpy(sim.out + sim.out_len, sim.pending[0].addr, n);
		sim.out_len += n;
	}
	void *cookie = sim.pending[0].cookie;
	sim.npending--;
	memmove(sim.pending, sim.pending + 1,
		sim.npending * sizeof(sim.pending[0]));
	if (len)
		*len = 0;
	return cookie;
}

static void write_str(const char *s)
{
	registered->write(s, strlen(s));
}

static bool out_is(const char *want)
{
	return sim.out_len == strlen(want) &&
	       !memcmp(sim.out, want, sim.out_len);
}

static const char inner[] = "[a write inside the other]";

static void write_inner(void)
{
	write_str(inner);
}

int main(void)
{
	static struct virtio_device dev = {.where = "sim"};
	sim_driver_init();
	TAP_OK(sim.driver && sim.driver->probe(&dev) == 0, "the driver probes");
	if (sim.driver->ready)
		sim.driver->ready(&dev);
	TAP_OK(registered && !strcmp(registered->name, "hvc0"),
	       "hvc0 registers as a console");
	if (!registered)
		return tap_done();

	sim.host_reads = true;
	write_str("one\n");
	TAP_OK(out_is("one\n"), "a write reaches the host");

	sim.host_reads = false;
	const char kept[] = "two: the device keeps this buffer\n";
	write_str(kept);
	TAP_OK(sim.npending == 1 && out_is("one\n"),
	       "a host that stops reading: the send times out, the request "
	       "stays with the device");

	unsigned long polls = sim.polls;
	const char dropped[] = "three: dropped while it does\n";
	write_str(dropped);
	TAP_OK(sim.npending == 1,
	       "a write while the device holds the buffer adds no request "
	       "(%u pending)",
	       sim.npending);
	TAP_OK(sim.polls - polls < 10, "nor waits again for it (%lu polls)",
	       sim.polls - polls);

	sim.host_reads = true;
	sim.queues[1].handler(&sim.queues[1]); /* the late completion */
	write_str("four\n");
	char want[512];
	snprintf(want, sizeof(want),
		 "one\n%svirtio-console: %zu bytes lost here (the device kept "
		 "its buffer)\nfour\n",
		 kept, strlen(dropped));
	TAP_OK(out_is(want),
	       "the host gets the kept bytes as written, then the count of "
	       "those dropped, then the next write");
	if (!out_is(want))
		printf("# got: %.*s\n", (int)sim.out_len, sim.out);

	sim.out_len = 0;
	const char outer[] = "the outer write, faulting 20 bytes in\n";
	const char *p = fault_page_place(outer, strlen(outer), 20, write_inner);
	if (p)
		registered->write(p, strlen(outer));
	write_str("five\n");
	snprintf(want, sizeof(want),
		 "%svirtio-console: %zu bytes lost here (the device kept its "
		 "buffer)\nfive\n",
		 outer, strlen(inner));
	TAP_OK(p && fault_page_faults == 1 && out_is(want),
	       "a write inside a write is dropped, counted and reported");
	if (!out_is(want))
		printf("# got: %.*s\n", (int)sim.out_len, sim.out);
	return tap_done();
}
