/*
 * Ending the virtual machine.
 *
 * osv_poweroff(status) prints "osv: poweroff, status N" on the console,
 * then ends the machine with the best method the platform has.  Under
 * QEMU with the isa-debug-exit device (iobase 0xf4, iosize 4), QEMU exits
 * with code (status << 1) | 1, so a host sees status & 0x7f; osv-run and
 * the test runner read the full status back from the console line.
 * Without any method the CPU halts.  The first call's status stands:
 * another thread's call meanwhile never returns (a kernel fault's,
 * OSV_EXIT_FAULT, still ends the machine).
 */
#ifndef OSV_POWER_H
#define OSV_POWER_H

#include <osv/api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's own failures, chosen below 128 to survive the mapping. */
#define OSV_EXIT_USAGE 64 /* bad kernel command line or boot filesystem */
#define OSV_EXIT_FAULT 70 /* CPU exception or panic in the kernel */

OSV_API _Noreturn void osv_poweroff(int status);

#ifdef __cplusplus
}
#endif

#endif
