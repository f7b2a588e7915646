/*
 * stack_use KIB: uses KIB KiB less a margin of its stack (the margin is
 * for the kernel's calls and interrupt frames, which run on it too), to
 * show that the stack it was given is mapped that deep.
 * stack_use -r KIB: the same by a recursion of frames of about 1 KiB,
 * each touched, as a deep recursion in a program goes down its stack.
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

/*
 * Frames of about 1 KiB down to bytes below top; not a tail call: the
 * sum needs them all.
 */
static __attribute__((noinline)) unsigned recurse(const char *top,
						  size_t bytes)
{
	volatile unsigned char frame[1000];
	frame[0] = 1;
	frame[sizeof(frame) - 1] = 1;
	if ((size_t)(top - (const char *)frame) >= bytes)
		return frame[0];
	return recurse(top, bytes) + frame[0] + frame[sizeof(frame) - 1];
}

int main(int argc, char **argv)
{
	int deep = argc == 3 && !strcmp(argv[1], "-r");
	const char *arg = argv[argc - 1];
	if ((argc != 2 && !deep) || atoi(arg) <= MARGIN_KIB) {
		fprintf(stderr, "usage: stack_use [-r] KIB (more than %d)\n",
			MARGIN_KIB);
		return 2;
	}
	size_t kib = (size_t)atoi(arg) - MARGIN_KIB;
	char top;
	unsigned sum = deep ? recurse(&top, kib * 1024) : fill(kib * 1024);
	printf("stack_use: %zu KiB used%s (%u)\n", kib,
	       deep ? " by a recursion" : "", sum);
	return 0;
}
