/*
 * What the System V IPC objects of the one program (semaphore sets,
 * message queues) do alike: a waiter sleeps on its kind's futex word,
 * which every change bumps, and looks again when it wakes.
 */
#ifndef OSV_SYSV_IPC_H
#define OSV_SYSV_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "libc.h"

/* errno = err; -1. */
int osv_sysv_fail(int err) LIBC_HIDDEN;
/* Seconds of the realtime clock, for the objects' *_time fields. */
time_t osv_sysv_now(void) LIBC_HIDDEN;
/* A change: bump *word and wake everyone waiting on it. */
void osv_sysv_changed(volatile int *word) LIBC_HIDDEN;
/*
 * Whether the program may load (store: false) or store len bytes at
 * buf; when not, the call fails with EFAULT, as Linux's.
 */
bool osv_sysv_buffer_ok(const void *buf, size_t len, bool store) LIBC_HIDDEN;

#endif
