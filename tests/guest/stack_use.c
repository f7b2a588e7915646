/*
 * stack_use KIB: uses KIB KiB less a margin of its stack (the margin is
 * for the kernel's calls and interrupt frames, which run on it too), to
 * show that the stack it was given is mapped that deep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARGIN_KIB 16

static __attribute__((noinline)) unsigned fill(size_t bytes)
{
	volatile unsigned char buf[bytes];
	memset((void *)buf, 0x5a, bytes);
	unsigned sum = 0;
	for (size_t i = 0; i < bytes; i += 4096)
		sum += buf[i];
	return sum;
}

int main(int argc, char **argv)
{
	if (argc != 2 || atoi(argv[1]) <= MARGIN_KIB) {
		fprintf(stderr, "usage: stack_use KIB (more than %d)\n",
			MARGIN_KIB);
		return 2;
	}
	size_t kib = (size_t)atoi(argv[1]) - MARGIN_KIB;
	unsigned sum = fill(kib * 1024);
	printf("stack_use: %zu KiB used (%u)\n", kib, sum);
	return 0;
}
