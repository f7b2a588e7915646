/*
 * The stack protector's failure path.  Code built with -fstack-protector
 * compares the canary at %fs:0x28 (set up with the thread's TLS, see
 * kernel/elf/tls.c) on return and calls this when it was overwritten.
 * As glibc: "*** stack smashing detected ***: terminated" on descriptor
 * 2, then abort() (status 134).  The kernel itself is built without the
 * protector.
 */
#include "../fortify/fortify.h"

void __stack_chk_fail(void) __attribute__((noreturn));

void __stack_chk_fail(void)
{
	osv_fortify_fail("stack smashing detected");
}
