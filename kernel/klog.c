/* Informational messages behind --verbose (see klog.h). */
#include <stdarg.h>
#include <stdio.h>

#include "klog.h"

static bool verbose;

void klog_set_verbose(bool on)
{
	verbose = on;
}

bool klog_verbose(void)
{
	return verbose;
}

void kinfo(const char *fmt, ...)
{
	if (!verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
