/*
 * tests/guest/virtio_console.test's application: reads lines from its
 * standard input (the console) with read(2) and echoes each as
 * "echo: LINE", until the line "quit".  For each read it also prints
 * how long the read waited and the CPU time its thread used meanwhile,
 * so the test can tell a reader that sleeps from one that polls.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	char line[256];
	size_t have = 0;
	printf("console_echo: ready\n");
	fflush(stdout);
	for (;;) {
		long long wall = now_ns(CLOCK_MONOTONIC);
		long long cpu = now_ns(CLOCK_THREAD_CPUTIME_ID);
		ssize_t n = read(0, line + have, sizeof(line) - 1 - have);
		wall = now_ns(CLOCK_MONOTONIC) - wall;
		cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
		if (n <= 0) {
			printf("console_echo: read returned %zd\n", n);
			return 1;
		}
		printf("console_echo: read %zd bytes after %lld ms, using "
		       "%lld ms of CPU\n",
		       n, wall / 1000000, cpu / 1000000);
		have += (size_t)n;
		line[have] = '\0';
		char *end;
		while ((end = strchr(line, '\n'))) {
			*end = '\0';
			printf("echo: %s\n", line);
			if (!strcmp(line, "quit"))
				return 0;
			have -= (size_t)(end + 1 - line);
			memmove(line, end + 1, have + 1);
		}
		fflush(stdout);
		if (have == sizeof(line) - 1)
			have = 0; /* a line too long: dropped */
	}
}
