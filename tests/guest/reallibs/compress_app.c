/*
 * Debian's own liblzma.so.5 and libzstd.so.1, found through DT_NEEDED:
 * 1 MiB of patterned data compressed and decompressed, byte-exact, by
 * each library's single-threaded and its multi-threaded encoder (two
 * worker threads).  Both libraries let the caller supply the allocator,
 * and their workers allocate from their own threads: the allocator
 * notes every thread but main's that calls it, which is how the program
 * knows that the workers ran.  Built twice by tests/guest/compress.test:
 * as an osv application and as a host program linked to the same
 * libraries, whose lines the guest's must match.
 */
#include <lzma.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_customMem */
#include <zstd.h>

#include "../word_text.h"

#define SIZE (1u << 20)

static pthread_t main_thread;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t seen[64];
static int nseen;

static void note_thread(void)
{
	pthread_t self = pthread_self();
	if (pthread_equal(self, main_thread))
		return;
	pthread_mutex_lock(&seen_lock);
	int known = 0;
	for (int i = 0; i < nseen; i++)
		known |= pthread_equal(seen[i], self);
	if (!known && nseen < 64)
		seen[nseen++] = self;
	pthread_mutex_unlock(&seen_lock);
}

static void *lzma_alloc_noting(void *opaque, size_t n, size_t size)
{
	(void)opaque;
	note_thread();
	return malloc(n * size);
}

static void *zstd_alloc_noting(void *opaque, size_t size)
{
	(void)opaque;
	note_thread();
	return malloc(size);
}

static void free_noting(void *opaque, void *p)
{
	(void)opaque;
	free(p);
}

static const char *const words[8] = {"osv ",   "unikernel ", "lzma ",	"zstd ",
				     "block ", "worker ",    "thread ", "the "};

static const char *same(const unsigned char *a, const unsigned char *b,
			size_t n)
{
	return n == SIZE && memcmp(a, b, SIZE) == 0 ? "identical" : "DIFFERENT";
}

static int xz(const unsigned char *in, int threads)
{
	lzma_allocator allocator = {lzma_alloc_noting, free_noting, NULL};
	lzma_stream s = LZMA_STREAM_INIT;
	s.allocator = &allocator;
	size_t cap = lzma_stream_buffer_bound(SIZE), zlen = 0, blen = 0;
	unsigned char *z = malloc(cap), *back = malloc(SIZE);
	lzma_ret rc;
	int calls = 0;
	nseen = 0;
	if (threads) {
		/* 256 KiB blocks: four blocks for the two workers */
		/*
		 * A 1 ms timeout: lzma_code waits for its workers with
		 * pthread_cond_timedwait (CLOCK_MONOTONIC) and returns
		 * when that times out, to be called again.
		 */
		lzma_mt mt = {.threads = threads,
			      .block_size = 256 << 10,
			      .timeout = 1,
			      .preset = 2,
			      .check = LZMA_CHECK_CRC64};
		rc = lzma_stream_encoder_mt(&s, &mt);
	} else {
		rc = lzma_easy_encoder(&s, 2, LZMA_CHECK_CRC64);
	}
	if (rc == LZMA_OK) {
		s.next_in = in, s.avail_in = SIZE;
		s.next_out = z, s.avail_out = cap;
		do
			calls++;
		while ((rc = lzma_code(&s, LZMA_FINISH)) == LZMA_OK);
		zlen = s.total_out;
	}
	lzma_end(&s);
	int workers = nseen;
	printf("xz %s encoder: %s, %zu bytes\n",
	       threads ? "2-thread" : "1-thread",
	       rc == LZMA_STREAM_END ? "end" : "FAILED", zlen);
	if (threads) {
		printf("xz worker threads allocated: %s\n",
		       workers >= 1 ? "yes" : "NO");
		/* the work takes tens of milliseconds anywhere */
		printf("xz encoder returned on its timeout: %s\n",
		       calls > 1 ? "yes" : "NO");
	}
	/*
	 * The threaded decoder, which decodes the threaded encoder's blocks
	 * in parallel (its workers allocate nothing: the allocator cannot
	 * tell that they ran).
	 */
	lzma_stream d = LZMA_STREAM_INIT;
	d.allocator = &allocator;
	lzma_mt dmt = {.threads = threads ? threads : 1,
		       .memlimit_threading = UINT64_MAX,
		       .memlimit_stop = UINT64_MAX};
	rc = lzma_stream_decoder_mt(&d, &dmt);
	if (rc == LZMA_OK) {
		d.next_in = z, d.avail_in = zlen;
		d.next_out = back, d.avail_out = SIZE;
		do
			rc = lzma_code(&d, LZMA_FINISH);
		while (rc == LZMA_OK);
		blen = d.total_out;
	}
	lzma_end(&d);
	printf("xz %s decoder: %s, %zu bytes, %s\n",
	       threads ? "2-thread" : "1-thread",
	       rc == LZMA_STREAM_END ? "end" : "FAILED", blen,
	       same(in, back, blen));
	printf("xz crc64 of the output: %016llx\n",
	       (unsigned long long)lzma_crc64(back, blen, 0));
	free(z);
	free(back);
	return rc != LZMA_STREAM_END;
}

static int zstd(const unsigned char *in, int workers)
{
	ZSTD_customMem mem = {zstd_alloc_noting, free_noting, NULL};
	ZSTD_CCtx *cctx = ZSTD_createCCtx_advanced(mem);
	size_t cap = ZSTD_compressBound(SIZE);
	unsigned char *z = malloc(cap), *back = malloc(SIZE);
	nseen = 0;
	size_t rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 9);
	if (!ZSTD_isError(rc) && workers) {
		rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, workers);
		/* 256 KiB jobs: four for the two workers */
		if (!ZSTD_isError(rc))
			rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_jobSize,
						    256 << 10);
	}
	size_t zlen =
	    ZSTD_isError(rc) ? rc : ZSTD_compress2(cctx, z, cap, in, SIZE);
	ZSTD_freeCCtx(cctx);
	int seen_workers = nseen;
	if (ZSTD_isError(zlen)) {
		printf("zstd %d workers: %s\n", workers,
		       ZSTD_getErrorName(zlen));
		return 1;
	}
	printf("zstd %d workers: %zu bytes\n", workers, zlen);
	if (workers)
		printf("zstd worker threads allocated: %s\n",
		       seen_workers >= 1 ? "yes" : "NO");
	size_t blen = ZSTD_decompress(back, SIZE, z, zlen);
	printf("zstd decompress: %s, %s\n",
	       ZSTD_isError(blen) ? ZSTD_getErrorName(blen) : "ok",
	       ZSTD_isError(blen) ? "-" : same(in, back, blen));
	free(z);
	free(back);
	return ZSTD_isError(blen);
}

int main(void)
{
	unsigned char *in = malloc(SIZE);
	if (!in) {
		puts("no memory");
		return 1;
	}
	main_thread = pthread_self();
	word_text(in, SIZE, words, 4242, true);
	printf("xz version: %s\n", lzma_version_string());
	printf("zstd version: %s\n", ZSTD_versionString());
	int failed = xz(in, 0) + xz(in, 2) + zstd(in, 0) + zstd(in, 2);
	puts(failed ? "compress FAILED" : "compress done");
	free(in);
	return failed;
}
