/*
 * The bound of an NVMe controller's shutdown wait
 * (drivers/nvme/nvme_shutdown.h): RTD3E is a typical latency, so a
 * shorter one than CAP.TO does not shorten the wait; a longer one
 * lengthens it; none (0) leaves CAP.TO; a minute at most, however
 * long RTD3E (up to 2^32 - 1 µs) or CAP.TO (up to 127.5 s).
 */
#include "../../drivers/nvme/nvme_shutdown.h"
#include "tap.h"

#define MS 1000000ull

int main(void)
{
	uint64_t to = 7500 * MS; /* CAP.TO 15, QEMU's */
	TAP_OK(nvme_shutdown_bound_ns(0, to) == to,
	       "no RTD3E: CAP.TO (%llu ms)",
	       (unsigned long long)(nvme_shutdown_bound_ns(0, to) / MS));
	TAP_OK(nvme_shutdown_bound_ns(1, to) == to,
	       "RTD3E of 1 us, a typical latency: still CAP.TO (%llu ms)",
	       (unsigned long long)(nvme_shutdown_bound_ns(1, to) / MS));
	TAP_OK(nvme_shutdown_bound_ns(2000000, 500 * MS) == 2000 * MS,
	       "RTD3E of 2 s over CAP.TO's 500 ms: 2 s (%llu ms)",
	       (unsigned long long)(nvme_shutdown_bound_ns(2000000, 500 * MS) /
				    MS));
	TAP_OK(
	    nvme_shutdown_bound_ns(0xffffffffu, to) == 60000 * MS,
	    "RTD3E of 71 minutes: a minute (%llu ms)",
	    (unsigned long long)(nvme_shutdown_bound_ns(0xffffffffu, to) / MS));
	TAP_OK(nvme_shutdown_bound_ns(0, 255 * 500 * MS) == 60000 * MS,
	       "CAP.TO of 127.5 s: a minute (%llu ms)",
	       (unsigned long long)(nvme_shutdown_bound_ns(0, 255 * 500 * MS) /
				    MS));
	return tap_done();
}
