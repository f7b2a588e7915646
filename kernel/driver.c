/* Walks the linker-built driver table (see driver.h). */
#include "driver.h"

extern const struct driver __drivers_start[], __drivers_end[];

void drivers_init(enum driver_level level)
{
	for (const struct driver *d = __drivers_start; d < __drivers_end; d++)
		if (d->level == level)
			d->init();
}
