/*
 * libc micro-benchmark, built three ways by bench/libc: for the host
 * (glibc), as an osv application shared object (the kernel's libc,
 * under QEMU), and for the host with the libc's own code under its
 * host-test names (-DOSV_NAMES: osv_memcpy ..., linked with
 * tests/host/libosvc_host.a and the printf core), which compares the
 * code itself on the same CPU without the emulator in the way.
 * Prints one "NAME_ns VALUE" line per figure, nanoseconds per call:
 *
 *   memcpy_64_ns      memcpy of 64 bytes
 *   memcpy_1m_ns      memcpy of 1 MiB
 *   strlen_100_ns     strlen of a 100-byte string
 *   malloc_free_64_ns malloc(64) + free (not with -DOSV_NAMES)
 *   malloc_free_4k_ns malloc(4096) + free (not with -DOSV_NAMES)
 *   snprintf_g17_ns   snprintf "%.17g" of a random double
 *   snprintf_f_ns     snprintf "%.6f" of a random double in [0, 1e6)
 *   strtod_ns         strtod of a "%.17g" string of a random double
 *   fputc_ns          fputc to a fully buffered stream on /dev/null
 *   fgetc_ns          fgetc from an fmemopen stream
 *   fputc_mt_ns, fgetc_mt_ns  the same once a second thread has
 *                     existed: the stream calls lock from then on
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#ifdef OSV_NAMES
void *osv_memcpy(void *restrict d, const void *restrict s, size_t n);
size_t osv_strlen(const char *s);
double osv_strtod(const char *restrict s, char **restrict end);
int osv_vsnprintf(char *restrict s, size_t n, const char *restrict fmt,
		  va_list ap);
static int osv_snprintf(char *s, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = osv_vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}
FILE *osv_fopen(const char *path, const char *mode);
FILE *osv_fmemopen(void *buf, size_t size, const char *mode);
int osv_fclose(FILE *f);
int osv_fputc(int c, FILE *f);
int osv_fgetc(FILE *f);
void osv_rewind(FILE *f);
/* The host's pthread_create does not clear the libc's flag. */
extern char osv___libc_single_threaded;
#define F(name) osv_##name
#else
#define F(name) name
#endif

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Keeps the compiler from dropping the calls. */
static volatile uintptr_t sink;

/* The best of three rounds of n calls, in ns per call. */
#define TIME(result, n, expr)                                                  \
	do {                                                                   \
		double best_ = 1e30;                                           \
		for (int r_ = 0; r_ < 3; r_++) {                               \
			double t0_ = now();                                    \
			for (long i_ = 0; i_ < (n); i_++) {                    \
				sink += (uintptr_t)(expr);                     \
				__asm__ volatile("" ::: "memory");             \
			}                                                      \
			double t_ = (now() - t0_) / (double)(n) * 1e9;         \
			if (t_ < best_)                                        \
				best_ = t_;                                    \
		}                                                              \
		(result) = best_;                                              \
	} while (0)

static void figure(const char *name, double ns)
{
	printf("%s_ns %ld\n", name, (long)(ns + 0.5));
}

static uint64_t state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dULL;
}

/* A double from random bits, finite. */
static double random_double(void)
{
	for (;;) {
		uint64_t b = rnd();
		double d;
		memcpy(&d, &b, 8);
		if (d == d && d - d == 0)
			return d;
	}
}

#define NVALUES 1024

/* A character at a time through a stream: fputc and fgetc. */
static void stdio_figures(const char *suffix)
{
	static char text[1 << 16];
	char name[32];
	double t;
	FILE *out = F(fopen)("/dev/null", "w");
	FILE *in = F(fmemopen)(text, sizeof(text), "r");

	if (!out || !in) {
		printf("# no stream: %s\n", out ? "fmemopen" : "/dev/null");
		return;
	}
	TIME(t, 200000, F(fputc)('x', out));
	snprintf(name, sizeof(name), "fputc%s", suffix);
	figure(name, t);
	TIME(t, 200000, F(fgetc)(in) == EOF ? (F(rewind)(in), 0) : 1);
	snprintf(name, sizeof(name), "fgetc%s", suffix);
	figure(name, t);
	F(fclose)(out);
	F(fclose)(in);
}

static void *nothing(void *arg)
{
	return arg;
}

int main(void)
{
	static char src[(1 << 20) + 64], dst[(1 << 20) + 64];
	static char strs[NVALUES][32], out[64];
	static double values[NVALUES], fixed[NVALUES];
	double t;
	/* Iterations: well under a second each on osv under QEMU TCG. */
	long scale = 1;

	memset(src, 'a', sizeof(src));
	TIME(t, 200000 * scale, F(memcpy)(dst, src + (i_ & 7), 64));
	figure("memcpy_64", t);
	TIME(t, 40 * scale, F(memcpy)(dst, src, 1 << 20));
	figure("memcpy_1m", t);
	src[100] = '\0';
	TIME(t, 200000 * scale, F(strlen)(src + (i_ & 3)));
	figure("strlen_100", t);
#ifndef OSV_NAMES
	TIME(t, 100000 * scale, (free(malloc(64)), 0));
	figure("malloc_free_64", t);
	TIME(t, 100000 * scale, (free(malloc(4096)), 0));
	figure("malloc_free_4k", t);
#endif
	for (int i = 0; i < NVALUES; i++) {
		values[i] = random_double();
		fixed[i] = (double)(rnd() % 1000000000000ULL) / 1e6;
		snprintf(strs[i], sizeof(strs[i]), "%.17g", values[i]);
	}
	TIME(t, 20000 * scale,
	     F(snprintf)(out, sizeof(out), "%.17g", values[i_ % NVALUES]));
	figure("snprintf_g17", t);
	TIME(t, 20000 * scale,
	     F(snprintf)(out, sizeof(out), "%.6f", fixed[i_ % NVALUES]));
	figure("snprintf_f", t);
	TIME(t, 20000 * scale, F(strtod)(strs[i_ % NVALUES], NULL));
	figure("strtod", t);
	stdio_figures("");
	pthread_t th;
	if (pthread_create(&th, NULL, nothing, NULL) == 0)
		pthread_join(th, NULL);
#ifdef OSV_NAMES
	osv___libc_single_threaded = 0;
#endif
	stdio_figures("_mt");
	return 0;
}
