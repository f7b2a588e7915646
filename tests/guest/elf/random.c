/*
 * getrandom and getentropy as an application sees them, through glibc's
 * headers: full reads, two reads that differ, and glibc's errors; and
 * /dev/urandom.  The first bytes are printed, for comparing boots.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	unsigned char a[64], b[64], big[512];
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	/*
	 * A line begun before the first random bytes: nothing the kernel
	 * says about its generator may land in the middle of it.
	 */
	fputs("getrandom=", stdout);
	fflush(stdout);
	printf("%zd\n", getrandom(a, sizeof(a), 0));
	printf("again=%zd\n", getrandom(b, sizeof(b), GRND_NONBLOCK));
	printf("random=%d differ=%d\n", !all_zero(a, sizeof(a)),
	       memcmp(a, b, sizeof(a)) != 0);
	/* for comparing boots: each must draw bytes of its own */
	printf("first=");
	for (int i = 0; i < 8; i++)
		printf("%02x", a[i]);
	printf("\n");
	errno = 0;
	long r = getrandom(a, 8, 0x80);
	printf("badflags=%ld errno=%d\n", r, errno);
	errno = 0;
	int e = getentropy(big, 257);
	printf("getentropy257=%d errno=%d\n", e, errno);
	printf("getentropy256=%d\n", getentropy(big, 256));
	int fd = open("/dev/urandom", O_RDONLY);
	memset(b, 0, sizeof(b));
	ssize_t n = fd < 0 ? -1 : read(fd, b, sizeof(b));
	printf("urandom=%zd random=%d differ=%d\n", n, !all_zero(b, sizeof(b)),
	       memcmp(a, b, sizeof(a)) != 0);
	return 0;
}
