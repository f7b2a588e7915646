/*
 * The stack protector (built with -fstack-protector-all): the canary is
 * set, and an overflow ends in __stack_chk_fail, which panics.
 */
#include <string.h>

#include "check.h"

__attribute__((noinline)) static void copy(const char *s)
{
	char buf[8];
	memcpy(buf, s, strlen(s) + 1);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

int main(int argc, char **argv)
{
	check("canary-set", stack_canary() != 0);
	copy("short");
	check("no-overflow", 1);
	if (argc > 1) {
		puts("ssp: overflowing");
		copy(argv[1]);
		puts("ssp: overflow not caught");
	}
	return check_failures;
}
