/*
 * getauxval: what a Linux kernel's auxiliary vector would say, for
 * libraries that ask (CPU features through AT_HWCAP, the page size, the
 * clock tick, AT_RANDOM's 16 bytes, the ids, AT_SECURE).  An entry the
 * kernel would not give is 0 with ENOENT, as glibc answers.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/random.h>
#include <unistd.h>

#include "libc-internal.h"

#define AT_PAGESZ 6
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_MINSIGSTKSZ 51

unsigned long getauxval(unsigned long type);
unsigned long __getauxval(unsigned long type);

/* Linux's AT_HWCAP on x86: CPUID leaf 1's EDX. */
static unsigned long hwcap(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

static const unsigned char *random_bytes(void)
{
	static unsigned char bytes[16];
	static bool filled;
	if (!filled) {
		if (getrandom(bytes, sizeof(bytes), 0) == sizeof(bytes))
			filled = true;
	}
	return bytes;
}

unsigned long getauxval(unsigned long type)
{
	switch (type) {
	case AT_PAGESZ:
		return 4096;
	case AT_CLKTCK:
		return 100;
	case AT_HWCAP:
		return hwcap();
	case AT_HWCAP2:
		return 0;
	case AT_PLATFORM:
		return (unsigned long)"x86_64";
	case AT_RANDOM:
		return (unsigned long)random_bytes();
	case AT_SECURE:
		return 0;
	case AT_UID:
		return getuid();
	case AT_EUID:
		return geteuid();
	case AT_GID:
		return getgid();
	case AT_EGID:
		return getegid();
	case AT_MINSIGSTKSZ:
		return LIBC_MINSIGSTKSZ;
	default:
		errno = ENOENT;
		return 0;
	}
}

unsigned long __getauxval(unsigned long type)
{
	return getauxval(type);
}
