/*
 * The kernel's klog.h for host tests of driver code that logs errors:
 * kprintf is the host's printf, so the messages show in the test's
 * output.  In its own directory, not stub/, so that tests wanting the
 * kernel's klog.h keep it.
 */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include <stdio.h>

#define kprintf printf

#endif
