/*
 * getrandom and getentropy over the kernel's entropy sources (virtio-rng
 * when a device is there, else RDSEED or RDRAND, else the kernel's
 * generator).  They are ready from boot and never fail, so
 * GRND_NONBLOCK never has to wait and GRND_RANDOM draws from the same
 * place, as on Linux since 5.6.
 */
#include <errno.h>
#include <sys/random.h>

#include "entropy.h"

#define GRND_KNOWN (GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)
#define GETENTROPY_MAX 256

long getrandom(void *buf, size_t len, unsigned int flags)
{
	if (flags & ~GRND_KNOWN || (flags & (GRND_RANDOM | GRND_INSECURE)) ==
				       (GRND_RANDOM | GRND_INSECURE)) {
		errno = EINVAL;
		return -1;
	}
	return (long)entropy_read(buf, len);
}

int getentropy(void *buf, size_t len)
{
	if (len > GETENTROPY_MAX) {
		errno = EIO;
		return -1;
	}
	return getrandom(buf, len, 0) == (long)len ? 0 : -1;
}
