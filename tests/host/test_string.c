/*
 * string.h and strings.h of the libc against the host's glibc: sizes,
 * alignments and overlaps of the mem* functions, strings that end right
 * before an unmapped page (no read may cross it), random strings for the
 * searching and comparing functions, and every errno and signal number
 * for the message functions.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "difftest.h"
#include "osv_libc.h"

int __xpg_strerror_r(int errnum, char *buf, size_t n);

static size_t page;

/* A page of memory followed by an unmapped one: reading past it faults. */
static unsigned char *guarded_page(void)
{
	unsigned char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE)) {
		perror("mmap");
		exit(2);
	}
	return p;
}

static void fill_random(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)dt_rand();
}

static const unsigned sizes[] = {
    0,	 1,   2,   3,	 4,    5,    7,	   8,	 9,    15,    16,   17,	 23,
    31,	 32,  33,  47,	 63,   64,   65,   95,	 127,  128,   129,  200, 255,
    256, 257, 511, 1000, 2047, 2048, 2049, 4000, 8191, 20000, 65537};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static unsigned char src_buf[70000 + 64], dst_buf[70000 + 64],
    ref_buf[70000 + 64];

static void test_memcpy(void)
{
	for (size_t k = 0; k < NSIZES; k++) {
		size_t n = sizes[k];
		for (unsigned so = 0; so < 16; so += (n > 300 ? 5 : 1)) {
			for (unsigned d = 0; d < 16; d += (n > 300 ? 7 : 1)) {
				fill_random(src_buf, n + 64);
				fill_random(dst_buf, n + 64);
				memcpy(ref_buf, dst_buf, n + 64);
				memcpy(ref_buf + d + 8, src_buf + so, n);
				void *r = osv_memcpy(dst_buf + d + 8,
						     src_buf + so, n);
				CHECK(r == dst_buf + d + 8 &&
					  !memcmp(dst_buf, ref_buf, n + 64),
				      "memcpy n=%zu src+%u dst+%u", n, so, d);
			}
		}
	}
	dt_group_end("memcpy: sizes, alignments, bytes around untouched");

	for (size_t k = 0; k < NSIZES; k++) {
		size_t n = sizes[k];
		for (unsigned d = 0; d < 16; d += (n > 300 ? 5 : 1)) {
			int c = (int)dt_rand();
			fill_random(dst_buf, n + 64);
			memcpy(ref_buf, dst_buf, n + 64);
			memset(ref_buf + d + 8, c, n);
			void *r = osv_memset(dst_buf + d + 8, c, n);
			CHECK(r == dst_buf + d + 8 &&
				  !memcmp(dst_buf, ref_buf, n + 64),
			      "memset n=%zu dst+%u c=%d", n, d, c);
			memset(ref_buf + d + 8, 0, n);
			osv_bzero(dst_buf + d + 8, n);
			CHECK(!memcmp(dst_buf, ref_buf, n + 64), "bzero n=%zu",
			      n);
			memset(ref_buf + d + 8, 0x55, n);
			memset(dst_buf + d + 8, 0x55, n);
			osv_explicit_bzero(dst_buf + d + 8, n);
			memset(ref_buf + d + 8, 0, n);
			CHECK(!memcmp(dst_buf, ref_buf, n + 64),
			      "explicit_bzero n=%zu", n);
		}
	}
	dt_group_end("memset, bzero, explicit_bzero");
}

static void test_memmove(void)
{
	for (size_t k = 0; k < NSIZES; k++) {
		size_t n = sizes[k];
		if (n > 20000)
			continue;
		int step = n > 300 ? 13 : 1;
		for (int so = 0; so < 40; so += step) {
			for (int d = 0; d < 40; d += step) {
				fill_random(src_buf, n + 80);
				memcpy(ref_buf, src_buf, n + 80);
				memmove(ref_buf + d, ref_buf + so, n);
				void *r =
				    osv_memmove(src_buf + d, src_buf + so, n);
				CHECK(r == src_buf + d &&
					  !memcmp(src_buf, ref_buf, n + 80),
				      "memmove n=%zu src+%d dst+%d", n, so, d);
				memcpy(src_buf, ref_buf, n + 80);
				memmove(ref_buf + so, ref_buf + d, n);
				osv_bcopy(src_buf + d, src_buf + so, n);
				CHECK(!memcmp(src_buf, ref_buf, n + 80),
				      "bcopy n=%zu", n);
			}
		}
	}
	/* Far overlaps: every distance for one large size. */
	for (int dist = -300; dist <= 300; dist += 7) {
		size_t n = 5000;
		fill_random(src_buf, 6000);
		memcpy(ref_buf, src_buf, 6000);
		memmove(ref_buf + 400 + dist, ref_buf + 400, n);
		osv_memmove(src_buf + 400 + dist, src_buf + 400, n);
		CHECK(!memcmp(src_buf, ref_buf, 6000),
		      "memmove n=5000 distance %d", dist);
	}
	dt_group_end("memmove, bcopy: every small overlap both ways");
}

static void test_memcmp(void)
{
	for (size_t k = 0; k < NSIZES; k++) {
		size_t n = sizes[k];
		for (int t = 0; t < (n > 300 ? 20 : 100); t++) {
			unsigned a = dt_below(16), b = dt_below(16);
			fill_random(src_buf + a, n);
			memcpy(dst_buf + b, src_buf + a, n);
			if (n && dt_below(4)) {
				size_t at = dt_below((unsigned)n);
				dst_buf[b + at] = (unsigned char)dt_rand();
			}
			int want = memcmp(src_buf + a, dst_buf + b, n);
			int got = osv_memcmp(src_buf + a, dst_buf + b, n);
			CHECK(dt_sign(want) == dt_sign(got),
			      "memcmp n=%zu: %d, glibc %d", n, got, want);
			CHECK(!osv___memcmpeq(src_buf + a, dst_buf + b, n) ==
				  !want,
			      "__memcmpeq n=%zu", n);
			CHECK(!osv_bcmp(src_buf + a, dst_buf + b, n) == !want,
			      "bcmp n=%zu", n);
		}
	}
	/* The difference is that of the bytes, read as unsigned. */
	CHECK(osv_memcmp("\x80", "\x01", 1) > 0, "memcmp unsigned");
	CHECK(osv_memcmp("abc", "abd", 3) < 0, "memcmp abc abd");
	dt_group_end("memcmp, __memcmpeq, bcmp: sign matches glibc");
}

/*
 * The searching functions on data that ends at the unmapped page, for
 * every length and position of the byte searched for.
 */
static void test_search_guarded(void)
{
	unsigned char *pg = guarded_page();
	for (size_t len = 0; len <= 100; len++) {
		unsigned char *s = pg + page - len;
		for (size_t i = 0; i < len; i++)
			s[i] = (unsigned char)('a' + i % 26);
		for (size_t at = 0; at <= len; at++) {
			unsigned char save = at < len ? s[at] : 0;
			if (at < len)
				s[at] = 'X';
			CHECK(osv_memchr(s, 'X', len) == memchr(s, 'X', len),
			      "memchr len=%zu at=%zu", len, at);
			CHECK(osv_memrchr(s, 'X', len) == memrchr(s, 'X', len),
			      "memrchr len=%zu at=%zu", len, at);
			if (at < len)
				CHECK(osv_rawmemchr(s, 'X') == s + at,
				      "rawmemchr len=%zu at=%zu", len, at);
			if (at < len)
				s[at] = save;
		}
		if (len == 0)
			continue;
		/* As a string: the NUL is the last byte of the page. */
		s[len - 1] = 0;
		CHECK(osv_strlen((char *)s) == len - 1, "strlen len=%zu",
		      len - 1);
		for (size_t m = 0; m < len + 2; m++)
			CHECK(osv_strnlen((char *)s, m) ==
				  strnlen((char *)s, m),
			      "strnlen len=%zu max=%zu", len - 1, m);
		for (int c = 'a'; c <= 'z' + 1; c += 3) {
			CHECK(osv_strchr((char *)s, c) == strchr((char *)s, c),
			      "strchr len=%zu c=%c", len - 1, c);
			CHECK(osv_strchrnul((char *)s, c) ==
				  strchrnul((char *)s, c),
			      "strchrnul len=%zu c=%c", len - 1, c);
			CHECK(osv_strrchr((char *)s, c) ==
				  strrchr((char *)s, c),
			      "strrchr len=%zu c=%c", len - 1, c);
		}
		CHECK(osv_strchr((char *)s, 0) == (char *)s + len - 1,
		      "strchr NUL");
		CHECK(osv_index((char *)s, 'b') == index((char *)s, 'b'),
		      "index");
		CHECK(osv_rindex((char *)s, 'b') == rindex((char *)s, 'b'),
		      "rindex");
	}
	/* Bytes above 127 and a search for c + 256. */
	const char *hi = "a\xff\x80z";
	CHECK(osv_memchr(hi, 0xff, 4) == hi + 1, "memchr 0xff");
	CHECK(osv_memchr(hi, 0x180, 4) == hi + 2, "memchr c converted");
	CHECK(osv_strchr(hi, -128) == hi + 2, "strchr negative c");
	CHECK(osv_memchr(hi, 'z', SIZE_MAX) == hi + 3, "memchr SIZE_MAX");
	munmap(pg, 2 * page);
	dt_group_end("memchr, strlen, strchr, strrchr and relatives: "
		     "no read past the end");
}

/* Random strings over a small alphabet, so that searches hit. */
static void random_string(char *s, size_t n, const char *alphabet)
{
	size_t k = strlen(alphabet);
	for (size_t i = 0; i < n; i++)
		s[i] = alphabet[dt_below((unsigned)k)];
	s[n] = '\0';
}

static const char *pos(const char *base, const char *p)
{
	static char buf[4][32];
	static int which;
	char *b = buf[which++ & 3];
	if (!p)
		return "NULL";
	snprintf(b, sizeof(buf[0]), "+%td", p - base);
	return b;
}

static void test_strstr(void)
{
	static const char *alphabets[] = {"ab", "abc", "aab", "abcdefgh"};
	char h[300], n[40];
	for (int t = 0; t < 60000; t++) {
		const char *al = alphabets[t & 3];
		size_t hl = dt_below(t < 30000 ? 40 : 300);
		size_t nl = dt_below(t & 1 ? 4 : 12);
		random_string(h, hl, al);
		random_string(n, nl, al);
		if (hl > nl && dt_below(2)) /* plant the needle */
			memcpy(h + dt_below((unsigned)(hl - nl)), n, nl);
		char *want = strstr(h, n), *got = osv_strstr(h, n);
		CHECK(want == got, "strstr(\"%s\", \"%s\"): %s, glibc %s", h, n,
		      pos(h, got), pos(h, want));
		void *wm = memmem(h, hl, n, nl), *gm = osv_memmem(h, hl, n, nl);
		CHECK(wm == gm, "memmem(\"%s\", \"%s\"): %s, glibc %s", h, n,
		      pos(h, gm), pos(h, wm));
	}
	/* Periodic needles, where the two-way shifts matter. */
	static const char *cases[][2] = {
	    {"aaaaaaaaab", "aaab"},
	    {"abababababc", "ababc"},
	    {"abaabaabaabb", "abaabb"},
	    {"xyxyxyxyz", "xyxyz"},
	    {"", ""},
	    {"abc", ""},
	    {"", "a"},
	    {"aaa", "aaaa"},
	    {"zzabcabcabd", "abcabd"},
	    {"ba", "a"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *H = cases[i][0], *N = cases[i][1];
		CHECK(osv_strstr(H, N) == strstr(H, N), "strstr(%s, %s)", H, N);
	}
	/* A long haystack, binary data, a needle with a NUL. */
	static char big[100000];
	random_string(big, sizeof(big) - 1, "ab");
	const char *nd = "abbabbbababbabaabababbbababbbbbbbababa";
	CHECK(osv_strstr(big, nd) == strstr(big, nd), "strstr 100000");
	CHECK(osv_memmem("a\0b\0c", 5, "b\0c", 3) ==
		  memmem("a\0b\0c", 5, "b\0c", 3),
	      "memmem NUL");
	dt_group_end("strstr, memmem: random and periodic needles");

	for (int t = 0; t < 20000; t++) {
		size_t hl = dt_below(30), nl = dt_below(5);
		random_string(h, hl, "aAbB");
		random_string(n, nl, "aAbB");
		CHECK(osv_strcasestr(h, n) == strcasestr(h, n),
		      "strcasestr(\"%s\", \"%s\")", h, n);
	}
	CHECK(osv___strcasestr("xAb", "aB") == strcasestr("xAb", "aB"),
	      "__strcasestr");
	dt_group_end("strcasestr");
}

static void test_span(void)
{
	char s[40], set[10];
	for (int t = 0; t < 30000; t++) {
		random_string(s, dt_below(30), "abcdef\x80\xff");
		random_string(set, dt_below(6), "abcd\xff");
		CHECK(osv_strspn(s, set) == strspn(s, set), "strspn %s %s",
		      dt_str(s), dt_str(set));
		CHECK(osv_strcspn(s, set) == strcspn(s, set), "strcspn %s %s",
		      dt_str(s), dt_str(set));
		CHECK(osv_strpbrk(s, set) == strpbrk(s, set), "strpbrk %s %s",
		      dt_str(s), dt_str(set));
	}
	dt_group_end("strspn, strcspn, strpbrk");
}

static void test_compare(void)
{
	char a[40], b[40];
	for (int t = 0; t < 50000; t++) {
		random_string(a, dt_below(12), t & 1 ? "aB\x80" : "abAB\xfe");
		if (dt_below(3))
			random_string(b, dt_below(12),
				      t & 1 ? "aB\x80" : "abAB\xfe");
		else
			strcpy(b, a);
		size_t n = dt_below(14);
		CHECK(dt_sign(osv_strcmp(a, b)) == dt_sign(strcmp(a, b)),
		      "strcmp %s %s", dt_str(a), dt_str(b));
		CHECK(dt_sign(osv_strncmp(a, b, n)) ==
			  dt_sign(strncmp(a, b, n)),
		      "strncmp %s %s %zu", dt_str(a), dt_str(b), n);
		CHECK(dt_sign(osv_strcoll(a, b)) == dt_sign(strcoll(a, b)),
		      "strcoll %s %s", dt_str(a), dt_str(b));
		CHECK(osv_strcasecmp(a, b) == strcasecmp(a, b),
		      "strcasecmp %s %s: %d, glibc %d", dt_str(a), dt_str(b),
		      osv_strcasecmp(a, b), strcasecmp(a, b));
		CHECK(osv_strncasecmp(a, b, n) == strncasecmp(a, b, n),
		      "strncasecmp %s %s %zu", dt_str(a), dt_str(b), n);
	}
	CHECK(osv___strcasecmp("ABC", "abd") == strcasecmp("ABC", "abd"),
	      "__strcasecmp");
	dt_group_end("strcmp, strncmp, strcoll, strcasecmp, strncasecmp");

	for (int t = 0; t < 100000; t++) {
		random_string(a, dt_below(8), t & 1 ? "0019a." : "0123x");
		random_string(b, dt_below(8), t & 1 ? "0019a." : "0123x");
		if (t & 2) { /* a common prefix */
			size_t k = dt_below(4);
			char tmp[40];
			random_string(tmp, k, "01a");
			memmove(a + k, a, strlen(a) + 1);
			memmove(b + k, b, strlen(b) + 1);
			memcpy(a, tmp, k);
			memcpy(b, tmp, k);
		}
		CHECK(dt_sign(osv_strverscmp(a, b)) ==
			  dt_sign(strverscmp(a, b)),
		      "strverscmp(\"%s\", \"%s\"): %d, glibc %d", a, b,
		      osv_strverscmp(a, b), strverscmp(a, b));
	}
	static const char *vers[][2] = {
	    {"no digit", "no digit"},
	    {"item#99", "item#100"},
	    {"alpha1", "alpha001"},
	    {"part1_f012", "part1_f01"},
	    {"foo.009", "foo.0"},
	    {"1.01", "1.1"},
	    {"a0", "a01"},
	    {"000", "00"},
	    {"9", "10"},
	    {"abc", "abd"},
	};
	for (size_t i = 0; i < sizeof(vers) / sizeof(vers[0]); i++)
		CHECK(dt_sign(osv___strverscmp(vers[i][0], vers[i][1])) ==
			  dt_sign(strverscmp(vers[i][0], vers[i][1])),
		      "strverscmp(%s, %s)", vers[i][0], vers[i][1]);
	dt_group_end("strverscmp: sign matches glibc");
}

static void test_copy(void)
{
	char src[64], d1[128], d2[128];
	for (int t = 0; t < 20000; t++) {
		size_t len = dt_below(40), n = dt_below(50);
		random_string(src, len, "xyz");
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		char *r1 = osv_strcpy(d1, src), *r2 = strcpy(d2, src);
		CHECK(r1 == d1 && !memcmp(d1, d2, sizeof(d1)), "strcpy %s",
		      src);
		r1 = osv_stpcpy(d1, src), r2 = stpcpy(d2, src);
		CHECK(r1 - d1 == r2 - d2 && !memcmp(d1, d2, sizeof(d1)),
		      "stpcpy %s", src);
		CHECK(osv___stpcpy(d1, src) - d1 == r2 - d2, "__stpcpy");
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		r1 = osv_strncpy(d1, src, n), r2 = strncpy(d2, src, n);
		CHECK(r1 == d1 && !memcmp(d1, d2, sizeof(d1)), "strncpy %s %zu",
		      src, n);
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		r1 = osv_stpncpy(d1, src, n), r2 = stpncpy(d2, src, n);
		CHECK(r1 - d1 == r2 - d2 && !memcmp(d1, d2, sizeof(d1)),
		      "stpncpy %s %zu", src, n);
		CHECK(osv___stpncpy(d1, src, n) - d1 == r2 - d2, "__stpncpy");
		/* strcat and strncat onto a prefix. */
		size_t pre = dt_below(10);
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		random_string(d1, pre, "pq");
		memcpy(d2, d1, pre + 1);
		r1 = osv_strcat(d1, src), r2 = strcat(d2, src);
		CHECK(r1 == d1 && !memcmp(d1, d2, sizeof(d1)), "strcat");
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		random_string(d1, pre, "pq");
		memcpy(d2, d1, pre + 1);
		r1 = osv_strncat(d1, src, n), r2 = strncat(d2, src, n);
		CHECK(r1 == d1 && !memcmp(d1, d2, sizeof(d1)), "strncat %s %zu",
		      src, n);
		/* mempcpy, memccpy. */
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		r1 = osv_mempcpy(d1, src, len), r2 = mempcpy(d2, src, len);
		CHECK(r1 - d1 == r2 - d2 && !memcmp(d1, d2, sizeof(d1)),
		      "mempcpy");
		CHECK((char *)osv___mempcpy(d1, src, len) - d1 == r2 - d2,
		      "__mempcpy");
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		int c = "xyzw"[dt_below(4)];
		r1 = osv_memccpy(d1, src, c, n < len ? n : len);
		r2 = memccpy(d2, src, c, n < len ? n : len);
		CHECK((r1 ? r1 - d1 : -1) == (r2 ? r2 - d2 : -1) &&
			  !memcmp(d1, d2, sizeof(d1)),
		      "memccpy %s %c %zu", src, c, n);
		/* strxfrm copies min(len + 1, n) bytes in the C locale. */
		memset(d1, '#', sizeof(d1));
		memset(d2, '#', sizeof(d2));
		CHECK(osv_strxfrm(d1, src, n) == strxfrm(d2, src, n) &&
			  !memcmp(d1, d2, sizeof(d1)),
		      "strxfrm %s %zu", src, n);
		/* strdup, strndup. */
		char *x = osv_strdup(src), *y = osv_strndup(src, n);
		char *z = osv___strdup(src), *w = osv___strndup(src, n);
		CHECK(x && !strcmp(x, src) && y &&
			  !strcmp(y, strndup(src, n)) && z && !strcmp(z, src) &&
			  w && !strcmp(w, y),
		      "strdup, strndup %s %zu", src, n);
		free(x), free(y), free(z), free(w);
	}
	dt_group_end("strcpy, strncpy, stpcpy, stpncpy, strcat, strncat, "
		     "mempcpy, memccpy, strxfrm, strdup, strndup");
}

/* strlcpy and strlcat: glibc 2.36 lacks them; the BSD contract. */
static void test_strl(void)
{
	char d[16];
	for (size_t n = 0; n <= 12; n++) {
		memset(d, '#', sizeof(d));
		size_t r = osv_strlcpy(d, "hello world", n);
		int ok = r == 11;
		if (n)
			ok = ok && strlen(d) == (n - 1 < 11 ? n - 1 : 11) &&
			     !strncmp(d, "hello world", strlen(d));
		else
			ok = ok && d[0] == '#';
		CHECK(ok, "strlcpy n=%zu", n);
		memset(d, '#', sizeof(d));
		strcpy(d, "abc");
		r = osv_strlcat(d, "defgh", n);
		if (n <= 3)
			ok = r == n + 5 && !strcmp(d, "abc");
		else
			ok = r == 8 && !strncmp(d, "abcdefgh", n - 1) &&
			     strlen(d) == (n - 1 < 8 ? n - 1 : 8);
		CHECK(ok, "strlcat n=%zu: %zu %s", n, r, dt_str(d));
	}
	dt_group_end("strlcpy, strlcat: BSD semantics");
}

/* Tokenizers: the tokens and where the saved pointer ends up. */
static void test_tokens(void)
{
	char a[40], b[40], sep[6];
	for (int t = 0; t < 20000; t++) {
		memset(a, 0, sizeof(a));
		memset(b, 0, sizeof(b));
		random_string(a, dt_below(20), "ab,;");
		random_string(sep, dt_below(3), ",;");
		strcpy(b, a);
		char *sa = NULL, *sb = NULL, *ta, *tb;
		int ok = 1;
		for (int i = 0; ok && i < 25; i++) {
			ta = osv_strtok_r(i ? NULL : a, sep, &sa);
			tb = strtok_r(i ? NULL : b, sep, &sb);
			ok = (ta ? ta - a : -1) == (tb ? tb - b : -1) &&
			     (sa ? sa - a : -1) == (sb ? sb - b : -1) &&
			     !memcmp(a, b, sizeof(a));
			if (!tb)
				break;
		}
		CHECK(ok, "strtok_r %s", dt_str(b));

		random_string(a, dt_below(20), "ab,;");
		strcpy(b, a);
		for (int i = 0; ok && i < 25; i++) {
			ta = osv_strtok(i ? NULL : a, sep);
			tb = strtok(i ? NULL : b, sep);
			ok = (ta ? ta - a : -1) == (tb ? tb - b : -1);
			if (!tb)
				break;
		}
		CHECK(ok, "strtok %s", dt_str(b));

		random_string(a, dt_below(20), "ab,;");
		strcpy(b, a);
		sa = a, sb = b;
		for (int i = 0; ok && i < 25; i++) {
			ta = osv_strsep(&sa, sep);
			tb = strsep(&sb, sep);
			ok = (ta ? ta - a : -1) == (tb ? tb - b : -1) &&
			     (sa ? sa - a : -1) == (sb ? sb - b : -1) &&
			     !memcmp(a, b, sizeof(a));
			if (!tb)
				break;
		}
		CHECK(ok, "strsep %s", dt_str(b));
	}
	char x[] = "a b", *save;
	CHECK(osv___strtok_r(x, " ", &save) == x, "__strtok_r");
	dt_group_end("strtok, strtok_r, strsep: tokens and saved pointers");
}

static void test_messages(void)
{
	char b1[64], b2[64];
	for (int e = -3; e < 200; e++) {
		CHECK(!strcmp(osv_strerror(e), strerror(e)),
		      "strerror(%d): \"%s\", glibc \"%s\"", e, osv_strerror(e),
		      strerror(e));
		const char *gn = strerrorname_np(e),
			   *on = osv_strerrorname_np(e);
		CHECK(gn ? on && !strcmp(gn, on) : !on, "strerrorname_np(%d)",
		      e);
		gn = strerrordesc_np(e), on = osv_strerrordesc_np(e);
		CHECK(gn ? on && !strcmp(gn, on) : !on, "strerrordesc_np(%d)",
		      e);
		for (size_t n = 0; n < 40; n += 3) {
			memset(b1, '#', sizeof(b1));
			memset(b2, '#', sizeof(b2));
			char *r1 = osv_strerror_r(e, b1, n);
			char *r2 = strerror_r(e, b2, n);
			/* An unknown number with n == 0 leaves buf alone. */
			int same = r1 == b1 ? r2 == b2 : !strcmp(r1, r2);
			CHECK(same && !memcmp(b1, b2, sizeof(b1)),
			      "strerror_r(%d, n=%zu)", e, n);
			CHECK(osv___strerror_r(e, b1, n) == r1, "__strerror_r");
			memset(b1, '#', sizeof(b1));
			memset(b2, '#', sizeof(b2));
			int i1 = osv___xpg_strerror_r(e, b1, n);
			int i2 = __xpg_strerror_r(e, b2, n);
			CHECK(i1 == i2 && !memcmp(b1, b2, sizeof(b1)),
			      "__xpg_strerror_r(%d, n=%zu): %d \"%s\", glibc "
			      "%d \"%s\"",
			      e, n, i1, dt_quote(b1, 20), i2, dt_quote(b2, 20));
		}
	}
	dt_group_end("strerror, strerror_r, __xpg_strerror_r, "
		     "strerrorname_np, strerrordesc_np: errno -3..199");

	for (int s = -3; s < 70; s++) {
		CHECK(!strcmp(osv_strsignal(s), strsignal(s)),
		      "strsignal(%d): \"%s\", glibc \"%s\"", s,
		      osv_strsignal(s), strsignal(s));
		const char *g = sigabbrev_np(s), *o = osv_sigabbrev_np(s);
		CHECK(g ? o && !strcmp(g, o) : !o, "sigabbrev_np(%d)", s);
		g = sigdescr_np(s), o = osv_sigdescr_np(s);
		CHECK(g ? o && !strcmp(g, o) : !o, "sigdescr_np(%d)", s);
	}
	dt_group_end("strsignal, sigabbrev_np, sigdescr_np: signals -3..69");
}

static void test_misc(void)
{
	static const int ints[] = {0,	  1,  2,	 3,	     0x80,
				   0x100, -1, INT32_MIN, 0x40000000, 12345678};
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		CHECK(osv_ffs(ints[i]) == ffs(ints[i]), "ffs(%d)", ints[i]);
	for (int b = 0; b < 64; b++) {
		long v = (long)(1UL << b) | (long)((dt_rand() << 1) << b);
		CHECK(osv_ffsl(v) == ffsl(v), "ffsl(%ld)", v);
		CHECK(osv_ffsll(v) == ffsll(v), "ffsll(%ld)", v);
	}
	CHECK(osv_ffsl(0) == 0 && osv_ffsll(0) == 0, "ffsl(0)");
	static const char *paths[] = {"",   "/",	"a",	     "/a",
				      "a/", "/usr/lib", "/usr/lib/", "//x//y",
				      "..", "a/.."};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		CHECK(!strcmp(osv_basename(paths[i]), basename(paths[i])),
		      "basename(%s)", paths[i]);
	char f1[64], f2[64];
	fill_random((unsigned char *)f1, sizeof(f1));
	memcpy(f2, f1, sizeof(f1));
	CHECK(osv_memfrob(f1, 64) == f1 && !memcmp(memfrob(f2, 64), f1, 64),
	      "memfrob");
	char fr[] = "abcdefghijklmnop", so[] = "abcdefghijklmnop";
	osv_strfry(fr);
	int counts[256] = {0};
	for (int i = 0; fr[i]; i++)
		counts[(unsigned char)fr[i]]++;
	int perm = strlen(fr) == strlen(so);
	for (int i = 0; so[i]; i++)
		perm = perm && counts[(unsigned char)so[i]] == 1;
	CHECK(perm, "strfry permutes: %s", fr);
	unsigned char z[20];
	memset(z, 1, sizeof(z));
	osv___bzero(z + 2, 10);
	CHECK(z[1] == 1 && z[2] == 0 && z[11] == 0 && z[12] == 1, "__bzero");
	CHECK(osv___rawmemchr("abc", 'c') != NULL, "__rawmemchr");
	dt_group_end("ffs family, basename, memfrob, strfry, aliases");
}

int main(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	test_memcpy();
	test_memmove();
	test_memcmp();
	test_search_guarded();
	test_strstr();
	test_span();
	test_compare();
	test_copy();
	test_strl();
	test_tokens();
	test_messages();
	test_misc();
	return dt_done();
}
