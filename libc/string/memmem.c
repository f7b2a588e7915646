/*
 * memmem: the two-way algorithm of Crochemore and Perrin, linear in the
 * haystack with constant extra space.  The needle is cut at a critical
 * factorization u.v (the larger of its maximal suffixes under the two
 * byte orders); v is matched left to right, then u right to left, and a
 * mismatch shifts by the distance matched in v or by the needle's period.
 */
#include <stdint.h>
#include <string.h>

/*
 * The maximal suffix of x[0..m) under the byte order (reversed when rev),
 * returned as the index before its start (SIZE_MAX when it is all of x),
 * with that suffix's period in *period.
 */
static size_t max_suffix(const unsigned char *x, size_t m, size_t *period,
			 int rev)
{
	size_t ms = SIZE_MAX, j = 0, k = 1, p = 1;
	while (j + k < m) {
		unsigned char a = x[j + k], b = x[ms + k];
		if (rev ? a > b : a < b) {
			j += k;
			k = 1;
			p = j - ms;
		} else if (a == b) {
			if (k == p) {
				j += p;
				k = 1;
			} else {
				k++;
			}
		} else {
			ms = j++;
			k = p = 1;
		}
	}
	*period = p;
	return ms;
}

/* The needle repeats with period p: remember how much of it matched. */
static void *search_periodic(const unsigned char *h, size_t hl,
			     const unsigned char *n, size_t nl, size_t ell,
			     size_t p)
{
	size_t memory = 0;
	for (size_t j = 0; j <= hl - nl;) {
		size_t i = ell + 1 > memory ? ell + 1 : memory;
		while (i < nl && n[i] == h[i + j])
			i++;
		if (i < nl) {
			j += i - ell;
			memory = 0;
			continue;
		}
		i = ell;
		while (i + 1 > memory && n[i] == h[i + j])
			i--;
		if (i + 1 <= memory)
			return (void *)(h + j);
		j += p;
		memory = nl - p;
	}
	return NULL;
}

static void *search_aperiodic(const unsigned char *h, size_t hl,
			      const unsigned char *n, size_t nl, size_t ell)
{
	size_t left = ell + 1, right = nl - ell - 1;
	size_t shift = (left > right ? left : right) + 1;
	for (size_t j = 0; j <= hl - nl;) {
		size_t i = ell + 1;
		while (i < nl && n[i] == h[i + j])
			i++;
		if (i < nl) {
			j += i - ell;
			continue;
		}
		i = ell;
		while (i != SIZE_MAX && n[i] == h[i + j])
			i--;
		if (i == SIZE_MAX)
			return (void *)(h + j);
		j += shift;
	}
	return NULL;
}

void *memmem(const void *haystack, size_t hl, const void *needle, size_t nl)
{
	const unsigned char *h = haystack, *n = needle;
	if (!nl)
		return (void *)h;
	if (nl > hl)
		return NULL;
	if (nl == 1)
		return memchr(h, n[0], hl);

	size_t p1, p2;
	size_t ms1 = max_suffix(n, nl, &p1, 0);
	size_t ms2 = max_suffix(n, nl, &p2, 1);
	size_t ell = ms1 + 1 > ms2 + 1 ? ms1 : ms2;
	size_t p = ms1 + 1 > ms2 + 1 ? p1 : p2;
	if (memcmp(n, n + p, ell + 1) == 0)
		return search_periodic(h, hl, n, nl, ell, p);
	return search_aperiodic(h, hl, n, nl, ell);
}
