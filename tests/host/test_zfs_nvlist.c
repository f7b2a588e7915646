/* zfs/nvlist.c: XDR encoding byte for byte, round trips, and decoding
 * of truncated, garbage and hostile input. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"

static nvlist_t *sample(void)
{
	nvlist_t *nvl = nv_alloc(), *tree = nv_alloc(), *kids[2];
	nv_add_uint64(nvl, "version", 5000);
	nv_add_string(nvl, "name", "tank");
	nv_add_boolean(nvl, "com.example:flag");
	nv_add_string(tree, "type", "root");
	for (int i = 0; i < 2; i++) {
		kids[i] = nv_alloc();
		nv_add_uint64(kids[i], "id", i);
		nv_add_string(kids[i], "path", i ? "/dev/b" : "/dev/a");
	}
	nv_add_nvlist_array(tree, "children", kids, 2);
	nv_add_nvlist(nvl, "vdev_tree", tree);
	nv_add_nvlist(nvl, "features_for_read", nv_alloc());
	return nvl;
}

static int check_sample(const nvlist_t *nvl)
{
	uint64_t v;
	const nvlist_t *const *kids;
	unsigned n;
	const nvlist_t *tree = nv_lookup_nvlist(nvl, "vdev_tree");
	if (nv_lookup_uint64(nvl, "version", &v) || v != 5000)
		return 0;
	if (!nv_lookup_string(nvl, "name") ||
	    strcmp(nv_lookup_string(nvl, "name"), "tank"))
		return 0;
	if (!nv_exists(nvl, "com.example:flag") || !tree ||
	    !nv_lookup_nvlist(nvl, "features_for_read") ||
	    nv_count(nv_lookup_nvlist(nvl, "features_for_read")) != 0)
		return 0;
	if (nv_lookup_nvlist_array(tree, "children", &kids, &n) || n != 2)
		return 0;
	if (nv_lookup_uint64(kids[1], "id", &v) || v != 1 ||
	    strcmp(nv_lookup_string(kids[1], "path"), "/dev/b"))
		return 0;
	return 1;
}

int main(void)
{
	/* {"a": uint64 1} by hand: the XDR layout and libnvpair's sizes. */
	static const uint8_t want[] = {
	    1, 1, 0, 0,		       /* XDR, little endian */
	    0, 0, 0, 0,	 0,   0, 0, 1, /* version 0, unique names */
	    0, 0, 0, 32,	       /* encoded size */
	    0, 0, 0, 32,	       /* decoded: 24 + 8 */
	    0, 0, 0, 1,	 'a', 0, 0, 0, /* name */
	    0, 0, 0, 8,		       /* DATA_TYPE_UINT64 */
	    0, 0, 0, 1,		       /* one element */
	    0, 0, 0, 0,	 0,   0, 0, 1, /* value */
	    0, 0, 0, 0,	 0,   0, 0, 0, /* end */
	};
	nvlist_t *a = nv_alloc();
	nv_add_uint64(a, "a", 1);
	uint8_t buf[256];
	long n = nv_pack(a, buf, sizeof(buf));
	TAP_OK(n == (long)sizeof(want) && memcmp(buf, want, sizeof(want)) == 0,
	       "uint64 pair encodes as XDR, %ld bytes", n);
	TAP_OK(nv_pack(a, buf, 10) < 0, "packing into a short buffer fails");
	nv_free(a);

	/* A string pair: "ab" -> name "s" padded, value padded to 4. */
	a = nv_alloc();
	nv_add_string(a, "s", "abcde");
	n = nv_pack(a, buf, sizeof(buf));
	/* decoded size: 24 (header+name) + align8(6) = 32 */
	TAP_OK(n == 56 && buf[19] == 32 && buf[15] == 36 &&
		   memcmp(buf + 40, "abcde\0\0\0", 8) == 0,
	       "string pair: sizes and padding");
	nv_free(a);

	nvlist_t *s = sample(), *d = NULL;
	size_t len = nv_packed_size(s);
	uint8_t *p = malloc(len);
	TAP_OK(nv_pack(s, p, len) == (long)len, "sample packs to %zu bytes",
	       len);
	TAP_OK(nv_unpack(p, len, &d) == 0 && check_sample(d),
	       "sample round trip: uint64, string, boolean, nvlist, array");
	TAP_OK(d && nv_count(d) == 5 &&
		   strcmp(nv_pair_name(d, 3), "vdev_tree") == 0 &&
		   nv_pair_type(d, 3) == NV_NVLIST,
	       "pairs keep their order and types");
	nv_free(d);

	/* Replacing a pair keeps one of that name. */
	nv_add_uint64(s, "version", 28);
	uint64_t v = 0;
	TAP_OK(nv_count(s) == 5 && nv_lookup_uint64(s, "version", &v) == 0 &&
		   v == 28,
	       "adding an existing name replaces it");

	int bad = 0;
	for (size_t cut = 0; cut < len; cut++) {
		d = NULL;
		if (nv_unpack(p, cut, &d) == 0) {
			bad++;
			nv_free(d);
		}
	}
	TAP_OK(bad == 0, "every truncation of the sample is rejected");

	/* Flip every byte in turn: decode or fail, never crash. */
	int decoded = 0;
	for (size_t i = 4; i < len; i++) {
		uint8_t *q = malloc(len);
		memcpy(q, p, len);
		q[i] ^= 0xff;
		d = NULL;
		if (nv_unpack(q, len, &d) == 0)
			decoded++;
		nv_free(d);
		free(q);
	}
	TAP_OK(decoded < (int)len,
	       "corrupted samples decode or fail cleanly "
	       "(%d of %zu decoded)",
	       decoded, len - 4);

	srand(1);
	for (int i = 0; i < 2000; i++) {
		uint8_t g[512];
		for (size_t k = 0; k < sizeof(g); k++)
			g[k] = rand();
		g[0] = 1;
		g[4] = g[5] = g[6] = g[7] = 0;
		d = NULL;
		if (nv_unpack(g, 4 + rand() % 508, &d) == 0)
			nv_free(d);
	}
	TAP_OK(1, "2000 random buffers decoded without a crash");

	/* Deep nesting is refused rather than recursing without bound. */
	nvlist_t *deep = nv_alloc();
	for (int i = 0; i < 40; i++) {
		nvlist_t *up = nv_alloc();
		nv_add_nvlist(up, "x", deep);
		deep = up;
	}
	len = nv_packed_size(deep);
	uint8_t *dp = malloc(len);
	nv_pack(deep, dp, len);
	d = NULL;
	TAP_OK(nv_unpack(dp, len, &d) < 0, "40 levels of nesting are refused");
	nv_free(d);
	nv_free(deep);
	free(dp);

	/* An array claiming more elements than bytes left. */
	static const uint8_t huge[] = {
	    1,	1,  0,	  0,	0,    0,    0, 0, 0, 0,	  0, 1, 0, 0, 0,
	    32, 0,  0,	  0,	32,   0,    0, 0, 1, 'x', 0, 0, 0, 0, 0,
	    0,	20, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0,	  0, 0, 0, 0,
	};
	d = NULL;
	TAP_OK(nv_unpack(huge, sizeof(huge), &d) < 0,
	       "an nvlist array of 2^31 elements is refused");

	/* Duplicate names in a stream are corruption. */
	a = nv_alloc();
	nv_add_uint64(a, "a", 1);
	nv_add_uint64(a, "b", 2);
	n = nv_pack(a, buf, sizeof(buf));
	buf[12 + 32 + 12] = 'a'; /* rename the second pair */
	d = NULL;
	TAP_OK(nv_unpack(buf, n, &d) < 0, "duplicate names are refused");
	nv_free(a);

	/* Unknown types are skipped by their encoded size. */
	static const uint8_t other[] = {
	    1, 1,  0, 0, 0, 0, 0,   0, 0, 0, 0, 1, 0, 0,  0, 40, 0, 0,
	    0, 40, 0, 0, 0, 1, 'u', 0, 0, 0, 0, 0, 0, 16, 0, 0,	 0, 2,
	    0, 0,  0, 0, 0, 0, 0,   7, 0, 0, 0, 0, 0, 0,  0, 9, /* uint64 array
								   [7, 9] */
	    0, 0,  0, 0, 0, 0, 0,   0,
	};
	d = NULL;
	TAP_OK(nv_unpack(other, sizeof(other), &d) == 0 && nv_count(d) == 0,
	       "a uint64 array pair is skipped");
	nv_free(d);

	nv_free(s);
	free(p);
	return tap_done();
}
