/*
 * Ending the program: exit() runs the exit handlers (atexit.c), then the
 * destructors of the loaded objects (DT_FINI_ARRAY, DT_FINI, in the
 * reverse order of their constructors), then powers the machine off with
 * the status, after the stdio streams are flushed (last, as glibc
 * does, so that handlers and destructors may still print).  _Exit() and
 * _exit() power off at once, flushing nothing.
 */
#include <stdlib.h>

#include "elf_loader.h"
#include "exit_impl.h"
#include "libc.h"
#include "osv/power.h"

void _exit(int status) __attribute__((noreturn));

void exit(int status)
{
	osv_exit_run_handlers();
	elf_run_fini();
	osv_stdio_exit_flush();
	osv_poweroff(status);
}

void _Exit(int status)
{
	osv_poweroff(status);
}

void _exit(int status)
{
	osv_poweroff(status);
}
