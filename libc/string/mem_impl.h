/*
 * Unaligned loads and stores for the mem* and str* functions of
 * libc/string.  The libc may use SSE (the trap entry saves its state).
 */
#ifndef OSV_LIBC_STRING_MEM_IMPL_H
#define OSV_LIBC_STRING_MEM_IMPL_H

#include <stddef.h>
#include <stdint.h>

typedef char v16 __attribute__((vector_size(16)));
typedef char v16u __attribute__((vector_size(16), aligned(1), may_alias));
typedef uint64_t u64u __attribute__((aligned(1), may_alias));
typedef uint32_t u32u __attribute__((aligned(1), may_alias));
typedef uint16_t u16u __attribute__((aligned(1), may_alias));

/* From here on rep movsb/stosb beat the vector loops (bench/libc_bench.c). */
#define MEM_REP_THRESHOLD 2048

static inline v16u load16(const void *p)
{
	return *(const v16u *)p;
}

static inline void store16(void *p, v16u v)
{
	*(v16u *)p = v;
}

/* One bit per byte of v, set where the byte is nonzero (all ones). */
static inline unsigned mask16(v16 v)
{
	return (unsigned)__builtin_ia32_pmovmskb128(v);
}

/* The 16 bytes at p, which must be 16-byte aligned (never crosses a page). */
static inline v16 load16a(const void *p)
{
	return *(const v16 *)p;
}

static inline v16 splat16(int c)
{
	char b = (char)c;
	return (v16){b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b};
}

/*
 * Copies n <= 16 bytes: two moves of the largest width that fits, one from
 * each end.  All loads come before the stores, so overlap is allowed.
 */
static inline void mem_copy_small(unsigned char *d, const unsigned char *s,
				  size_t n)
{
	if (n >= 8) {
		uint64_t a = *(const u64u *)s, b = *(const u64u *)(s + n - 8);
		*(u64u *)d = a;
		*(u64u *)(d + n - 8) = b;
	} else if (n >= 4) {
		uint32_t a = *(const u32u *)s, b = *(const u32u *)(s + n - 4);
		*(u32u *)d = a;
		*(u32u *)(d + n - 4) = b;
	} else if (n) {
		unsigned char a = s[0], b = s[n / 2], c = s[n - 1];
		d[0] = a;
		d[n / 2] = b;
		d[n - 1] = c;
	}
}

/* 64 bytes as four vectors: loaded together, then stored together. */
struct v64 {
	v16u a, b, c, d;
};

static inline struct v64 load64(const unsigned char *p)
{
	struct v64 v;
	v.a = load16(p);
	v.b = load16(p + 16);
	v.c = load16(p + 32);
	v.d = load16(p + 48);
	return v;
}

static inline void store64(unsigned char *p, struct v64 v)
{
	store16(p, v.a);
	store16(p + 16, v.b);
	store16(p + 32, v.c);
	store16(p + 48, v.d);
}

#endif
