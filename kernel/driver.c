/* Walks the linker-built driver table (see driver.h). */
#include "driver.h"

extern const struct driver __drivers_start[], __drivers_end[];

static unsigned found; /* DRIVER_HW_* */

void drivers_init(enum driver_level level)
{
	/*
	 * The tests as arithmetic, one branch each: under TCG every branch
	 * of code run once is a block to translate.
	 */
	for (const struct driver *d = __drivers_start; d < __drivers_end; d++)
		if (!(((unsigned)d->level ^ level) | (d->needs & ~found)))
			found |= d->finds & -(unsigned)(d->init() == 0);
}
