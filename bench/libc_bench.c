/*
 * The libc's string and conversion hot spots against the host's glibc,
 * on the host: memcpy, memmove, memset, memcmp, strlen, strchr, memchr
 * at several sizes, and strtod on typical and hard inputs.  Not run by
 * make check.  Build in a build directory after `make check` (which
 * builds tests/host/libosvc_host.a, the libc with its names renamed to
 * osv_<name>):
 *
 *   cc -O2 -o libc_bench $srcdir/bench/libc_bench.c \
 *       tests/host/libosvc_host.a
 *   ./libc_bench
 *
 * Prints nanoseconds per call (or GB/s) for each, glibc's beside ours.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *osv_memcpy(void *restrict d, const void *restrict s, size_t n);
void *osv_memmove(void *d, const void *s, size_t n);
void *osv_memset(void *d, int c, size_t n);
int osv_memcmp(const void *a, const void *b, size_t n);
size_t osv_strlen(const char *s);
char *osv_strchr(const char *s, int c);
void *osv_memchr(const void *s, int c, size_t n);
double osv_strtod(const char *restrict s, char **restrict end);

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Keeps the compiler from dropping the calls. */
static volatile uintptr_t sink;

static char *src, *dst;

/* The best of five rounds, so that other load on the machine counts less. */
#define TIME(label, iters, expr)                                               \
	do {                                                                   \
		label = 1e30;                                                  \
		for (int r_ = 0; r_ < 5; r_++) {                               \
			double t0 = now();                                     \
			for (long i_ = 0; i_ < (iters); i_++) {                \
				sink += (uintptr_t)(expr);                     \
				__asm__ volatile("" ::: "memory");             \
			}                                                      \
			double t_ = (now() - t0) / (double)(iters) * 1e9;      \
			if (t_ < label)                                        \
				label = t_;                                    \
		}                                                              \
	} while (0)

static long iters_for(size_t n)
{
	long it = (long)(40000000 / (n + 64));
	return it < 100 ? 100 : it;
}

static void mem_row(const char *name, size_t n)
{
	double g, o;
	long it = iters_for(n);
	if (!strcmp(name, "memcpy")) {
		TIME(g, it, memcpy(dst, src, n));
		TIME(o, it, osv_memcpy(dst, src, n));
	} else if (!strcmp(name, "memmove")) {
		TIME(g, it, memmove(dst + 1, dst, n));
		TIME(o, it, osv_memmove(dst + 1, dst, n));
	} else if (!strcmp(name, "memset")) {
		TIME(g, it, memset(dst, 1, n));
		TIME(o, it, osv_memset(dst, 1, n));
	} else if (!strcmp(name, "memcmp")) {
		memcpy(dst, src, n);
		TIME(g, it, memcmp(dst, src, n));
		TIME(o, it, osv_memcmp(dst, src, n));
	} else if (!strcmp(name, "strlen")) {
		memset(dst, 'x', n);
		dst[n] = 0;
		TIME(g, it, strlen(dst));
		TIME(o, it, osv_strlen(dst));
	} else if (!strcmp(name, "strchr")) {
		memset(dst, 'x', n);
		dst[n] = 0;
		TIME(g, it, strchr(dst, 'y'));
		TIME(o, it, osv_strchr(dst, 'y'));
	} else {
		memset(dst, 'x', n);
		TIME(g, it, memchr(dst, 'y', n));
		TIME(o, it, osv_memchr(dst, 'y', n));
	}
	printf("%-8s %8zu  glibc %9.1f ns %7.2f GB/s   osv %9.1f ns %7.2f GB/s\n",
	       name, n, g, n / g, o, n / o);
}

static void strtod_row(const char *label, char **inputs, int count)
{
	double g, o;
	long it = 2000000 / count;
	double t0 = now();
	for (long i = 0; i < it; i++)
		for (int k = 0; k < count; k++)
			sink += (uintptr_t)strtod(inputs[k], NULL);
	g = (now() - t0) / (double)(it * count) * 1e9;
	t0 = now();
	for (long i = 0; i < it; i++)
		for (int k = 0; k < count; k++)
			sink += (uintptr_t)osv_strtod(inputs[k], NULL);
	o = (now() - t0) / (double)(it * count) * 1e9;
	printf("strtod   %-26s glibc %7.1f ns   osv %7.1f ns\n", label, g, o);
}

int main(void)
{
	static const size_t sizes[] = {8,    16,   32,	  64,	  128,	 256,
				       512,  1024, 2048,  4096,	  16384, 65536,
				       1 << 20};
	static const char *names[] = {"memcpy", "memmove", "memset", "memcmp",
				      "strlen", "strchr",  "memchr"};
	src = aligned_alloc(4096, (1 << 20) + 4096);
	dst = aligned_alloc(4096, (1 << 20) + 4096);
	memset(src, 'a', (1 << 20) + 4096);
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			mem_row(names[k], sizes[i]);

	static char bufs[1000][32];
	char *inputs[1000];
	srand(1);
	for (int i = 0; i < 1000; i++) {
		uint64_t b = (uint64_t)rand() << 33 ^ (uint64_t)rand() << 11 ^
			     (uint64_t)rand();
		double d;
		memcpy(&d, &b, 8);
		if (d != d || d - d != 0)
			d = 1.5;
		snprintf(bufs[i], sizeof(bufs[i]), "%.17g", d);
		inputs[i] = bufs[i];
	}
	strtod_row("random doubles, %.17g", inputs, 1000);
	for (int i = 0; i < 1000; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "%d.%02d", rand() % 10000,
			 rand() % 100);
		inputs[i] = bufs[i];
	}
	strtod_row("short decimals (12.34)", inputs, 1000);
	char *hard[] = {"2.2250738585072011e-308", "9007199254740993",
			"1.7976931348623157e308", "4.9406564584124654e-324"};
	strtod_row("hard cases", hard, 4);
	return 0;
}
