/*
 * What the kernel asks of the power-off under way (kernel/power.c);
 * osv_poweroff() itself is in osv/power.h.
 */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include <stdbool.h>

/*
 * Whether another thread has begun a power-off: this thread's own then
 * sleeps for good, and the status it would have is not the machine's.
 */
bool osv_poweroff_under_way(void);

#endif
