/*
 * sysinfo: RAM as the page allocator sees it (free memory not yet
 * carved into blocks counts as free), no swap, and the live threads as
 * "procs", as Linux counts tasks.  Load averages are not kept: 0.
 */
#include <errno.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "clock.h"
#include "mm.h"
#include "thread.h"

_Static_assert(sizeof(struct sysinfo) == 112, "glibc's struct sysinfo");

int sysinfo(struct sysinfo *info)
{
	if (!info) {
		errno = EFAULT;
		return -1;
	}
	struct sched_stats s;
	sched_get_stats(&s);
	memset(info, 0, sizeof(*info));
	info->uptime = (long)(clock_monotonic() / 1000000000);
	info->totalram = page_alloc_total_bytes();
	info->freeram = page_alloc_free_bytes();
	info->procs = (unsigned short)s.threads;
	info->mem_unit = 1;
	return 0;
}
