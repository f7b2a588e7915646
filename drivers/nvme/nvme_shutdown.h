/*
 * How long a normal shutdown of an NVMe controller may take: the wait
 * for CSTS.SHST after CC.SHN (3.6.1).  RTD3E (Identify Controller bytes
 * 88..91, microseconds) is the controller's typical entry latency into
 * runtime D3, not a worst case: a wait of RTD3E alone gives up on a
 * controller that is merely slower than typical (or reports 1 µs), and
 * the machine then loses power with the write cache not yet on the
 * media.  So the wait is at least CAP.TO, the controller's worst case
 * for its other state changes, longer when RTD3E says so, and never
 * over NVME_SHUTDOWN_MAX_NS: RTD3E reaches 71 minutes, and a power-off
 * that long on a broken controller looks like a hung kernel.
 */
#ifndef DRIVERS_NVME_SHUTDOWN_H
#define DRIVERS_NVME_SHUTDOWN_H

#include <stdint.h>

#define NVME_SHUTDOWN_MAX_NS 60000000000ull /* a minute */

static inline uint64_t nvme_shutdown_bound_ns(uint32_t rtd3e_us,
					      uint64_t timeout_ns)
{
	uint64_t ns = rtd3e_us * 1000ull;
	if (ns < timeout_ns)
		ns = timeout_ns;
	return ns < NVME_SHUTDOWN_MAX_NS ? ns : NVME_SHUTDOWN_MAX_NS;
}

#endif
