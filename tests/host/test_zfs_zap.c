/* zfs/zap.c: micro and fat ZAPs built and read back, hash collisions,
 * and corrupt objects (bad magic, chains that loop). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs.h"

struct seen {
	size_t n;
	uint64_t sum;
	int bad;
};

static int count(void *arg, const char *name, uint8_t intlen, uint32_t nints,
		 const void *value)
{
	struct seen *s = arg;
	uint64_t v;
	if (intlen != 8 || nints != 1) {
		s->bad++;
		return 0;
	}
	memcpy(&v, value, 8);
	if (strtoull(name + 1, NULL, 10) != v)
		s->bad++;
	s->n++;
	s->sum += v;
	return 0;
}

static struct zap_ent *make(size_t n, uint64_t **vals, char ***names,
			    int longname)
{
	struct zap_ent *e = calloc(n, sizeof(*e));
	*vals = calloc(n, 8);
	*names = calloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		(*names)[i] = malloc(300);
		if (longname)
			snprintf((*names)[i], 300, "f%zu-%0200d", i, 0);
		else
			snprintf((*names)[i], 300, "f%zu", i);
		(*vals)[i] = i;
		e[i] = (struct zap_ent){(*names)[i], &(*vals)[i], 8, 1};
	}
	return e;
}

static void release(struct zap_ent *e, uint64_t *v, char **nm, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(nm[i]);
	free(nm);
	free(v);
	free(e);
}

static int stop_at_1000(void *arg, const char *n, uint8_t i, uint32_t k,
			const void *v)
{
	(void)n, (void)i, (void)k, (void)v;
	return ++*(int *)arg == 1000 ? 1 : 0;
}

struct hidx {
	uint64_t h;
	size_t i;
};

static int cmp_hidx(const void *x, const void *y)
{
	const struct hidx *p = x, *q = y;
	if (p->h != q->h)
		return p->h < q->h ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* Blocks of an in-memory ZAP, counting the reads. */
struct counted {
	const uint8_t *b;
	size_t reads;
};

static int counted_block(void *arg, uint64_t blkid, void *buf)
{
	struct counted *c = arg;
	c->reads++;
	memcpy(buf, c->b + blkid * 16384, 16384);
	return 0;
}

int main(void)
{
	uint64_t *v;
	char **nm;
	void *buf;
	size_t len;
	struct seen s;
	uint64_t x;

	TAP_OK(zap_hash(1, "") == 0 &&
		   (zap_hash(1, "abc") & 0xfffffffffull) == 0,
	       "hashes keep the top 28 bits only");
	TAP_OK(zap_hash(1, "abc") != zap_hash(3, "abc"),
	       "the salt changes the hash");

	struct zap_ent *e = make(100, &v, &nm, 0);
	TAP_OK(zap_fits_micro(e, 100), "100 short uint64 entries fit micro");
	TAP_OK(zap_build_micro(e, 100, 0x1234567, &buf, &len) == 0 &&
		   len == (101 * 64 + 511) / 512 * 512,
	       "micro ZAP: %zu bytes", len);
	const mzap_phys_t *mz = buf;
	TAP_OK(mz->mz_block_type == ZBT_MICRO && mz->mz_salt == 0x1234567 &&
		   strcmp(mz->mz_chunk[5].mze_name, "f5") == 0 &&
		   mz->mz_chunk[5].mze_value == 5,
	       "micro ZAP header and entries");
	s = (struct seen){0};
	TAP_OK(zap_iterate(buf, len, len, count, &s) == 0 && s.n == 100 &&
		   s.bad == 0 && s.sum == 4950,
	       "micro ZAP iterates");
	TAP_OK(zap_lookup(buf, len, len, "f42", &x) == 0 && x == 42 &&
		   zap_lookup(buf, len, len, "nope", &x) == -ZFS_ENOENT,
	       "micro ZAP lookups");
	free(buf);
	release(e, v, nm, 100);

	/* Two names with one hash (28 bits: 100,000 random names give
	 * some; the hash is a CRC, so names must differ in many bits). */
	char a[32], b[32];
	uint64_t salt = 0x5a5a5a5a5a5a5a5bull;
	size_t nh = 100000;
	struct hidx *hs = malloc(nh * sizeof(*hs));
	for (size_t i = 0; i < nh; i++) {
		char t[32];
		srand(i);
		snprintf(t, sizeof(t), "c%08x%08x", rand(), rand());
		hs[i] = (struct hidx){zap_hash(salt, t), i};
	}
	qsort(hs, nh, sizeof(*hs), cmp_hidx);
	size_t k = 1;
	while (k < nh && hs[k].h != hs[k - 1].h)
		k++;
	TAP_OK(k < nh, "100,000 names have a 28-bit hash collision");
	srand(hs[k < nh ? k - 1 : 0].i);
	snprintf(a, sizeof(a), "c%08x%08x", rand(), rand());
	srand(hs[k < nh ? k : 1].i);
	snprintf(b, sizeof(b), "c%08x%08x", rand(), rand());
	free(hs);
	uint64_t va = 1, vb = 2;
	struct zap_ent ce[2] = {{a, &va, 8, 1}, {b, &vb, 8, 1}};
	zap_build_micro(ce, 2, salt, &buf, &len);
	mz = buf;
	TAP_OK(mz->mz_chunk[0].mze_cd == 0 && mz->mz_chunk[1].mze_cd == 1,
	       "colliding names %s and %s get cds 0 and 1", a, b);
	free(buf);
	zap_build_fat(ce, 2, salt, &buf, &len);
	TAP_OK(zap_lookup(buf, len, 16384, a, &x) == 0 && x == 1 &&
		   zap_lookup(buf, len, 16384, b, &x) == 0 && x == 2,
	       "colliding names in a fat ZAP");
	free(buf);

	/* A directory of 20,000 entries. */
	size_t n = 20000;
	e = make(n, &v, &nm, 0);
	TAP_OK(!zap_fits_micro(e, n), "20,000 entries do not fit micro");
	TAP_OK(zap_build_fat(e, n, salt, &buf, &len) == 0,
	       "fat ZAP of 20,000 entries: %zu KiB", len >> 10);
	const zap_phys_t *zp = buf;
	TAP_OK(zp->zap_magic == ZAP_MAGIC && zp->zap_num_entries == n &&
		   zp->zap_num_leafs * 16384 + 16384 == len &&
		   zp->zap_ptrtbl.zt_shift == 10,
	       "fat ZAP header: %llu leaves",
	       (unsigned long long)zp->zap_num_leafs);
	s = (struct seen){0};
	TAP_OK(zap_iterate(buf, len, 16384, count, &s) == 0 && s.n == n &&
		   s.bad == 0 && s.sum == (uint64_t)n * (n - 1) / 2,
	       "fat ZAP iterates over all entries");
	TAP_OK(zap_lookup(buf, len, 16384, "f19999", &x) == 0 && x == 19999,
	       "fat ZAP lookup");
	/* Hashed lookups: every name found with at most two block reads
	 * (header, leaf), and missing names too. */
	struct counted cb = {buf, 0};
	size_t found = 0, maxreads = 0;
	for (size_t i = 0; i < n; i++) {
		cb.reads = 0;
		found += zap_find(counted_block, &cb, 16384, len / 16384,
				  e[i].name, &x) == 0 &&
			 x == i;
		if (cb.reads > maxreads)
			maxreads = cb.reads;
	}
	cb.reads = 0;
	TAP_OK(found == n && maxreads == 2 &&
		   zap_find(counted_block, &cb, 16384, len / 16384, "f20000",
			    &x) == -ZFS_ENOENT &&
		   cb.reads == 2,
	       "hashed lookups: %zu of %zu names in at most %zu block reads",
	       found, n, maxreads);
	int calls = 0;
	TAP_OK(zap_iterate(buf, len, 16384, stop_at_1000, &calls) == 1 &&
		   calls == 1000,
	       "iteration stops when the callback says so");

	/* Corruption: a name chain that points at itself. */
	uint8_t *bad = malloc(len);
	memcpy(bad, buf, len);
	uint8_t *leaf = bad + 16384;
	zap_leaf_chunk_t *ch = (zap_leaf_chunk_t *)(leaf + 48 + 1024);
	int loops = 0;
	for (int i = 0; i < 638 && !loops; i++)
		if (ch[i].l_entry.le_type == ZAP_CHUNK_ENTRY) {
			unsigned nc = ch[i].l_entry.le_name_chunk;
			ch[i].l_entry.le_name_numints = 250;
			ch[nc].l_array.la_next = nc;
			loops = 1;
		}
	TAP_OK(loops && zap_iterate(bad, len, 16384, count, &s) == -ZFS_EIO,
	       "a chain that loops is reported");
	/* and a hash chain that loops, for lookups */
	memcpy(bad, buf, len);
	uint16_t *bucket = (uint16_t *)(leaf + 48);
	int chained = 0;
	for (int i = 0; i < 512 && !chained; i++)
		if (bucket[i] != ZAP_CHAIN_END) {
			ch[bucket[i]].l_entry.le_next = bucket[i];
			ch[bucket[i]].l_entry.le_hash ^= 1; /* never matches */
			chained = 1;
		}
	size_t eio = 0;
	for (size_t i = 0; i < n; i++)
		eio += zap_lookup(bad, len, 16384, e[i].name, &x) == -ZFS_EIO;
	TAP_OK(chained && eio >= 1,
	       "a hash chain that loops is reported "
	       "(%zu lookups)",
	       eio);
	memcpy(bad, buf, len);
	((zap_phys_t *)bad)->zap_magic ^= 1;
	TAP_OK(zap_iterate(bad, len, 16384, count, &s) == -ZFS_EIO,
	       "a bad magic is reported");
	memcpy(bad, buf, len);
	((uint64_t *)bad)[1024 + 7] = 99999;
	TAP_OK(zap_iterate(bad, len, 16384, count, &s) == -ZFS_EIO,
	       "a pointer past the object is reported");
	TAP_OK(zap_iterate(buf, 100, 16384, count, &s) == -ZFS_EIO,
	       "a truncated object is reported");
	srand(5);
	for (int i = 0; i < 300; i++) {
		memcpy(bad, buf, len);
		for (int k = 0; k < 20; k++)
			bad[16384 + rand() % (len - 16384)] = rand();
		zap_iterate(bad, len, 16384, count, &s);
		for (int k = 0; k < 50; k++)
			zap_lookup(bad, len, 16384, e[rand() % n].name, &x);
	}
	TAP_OK(1, "300 randomly damaged fat ZAPs: no crash, no hang");
	free(bad);
	free(buf);
	release(e, v, nm, n);

	/* Long names (over 50 bytes) force a fat ZAP; uint16 arrays. */
	e = make(50, &v, &nm, 1);
	TAP_OK(!zap_fits_micro(e, 50) &&
		   zap_build_fat(e, 50, 99, &buf, &len) == 0,
	       "names of 200+ bytes go to a fat ZAP");
	s = (struct seen){0};
	TAP_OK(zap_iterate(buf, len, 16384, count, &s) == 0 && s.n == 50 &&
		   s.bad == 0,
	       "and read back");
	free(buf);
	release(e, v, nm, 50);
	/* More than 2^10 leaves: the pointer table leaves the header. */
	n = 100000;
	e = make(n, &v, &nm, 1);
	TAP_OK(zap_build_fat(e, n, salt, &buf, &len) == 0,
	       "fat ZAP of 100,000 long names: %zu MiB", len >> 20);
	zp = buf;
	uint64_t sh = zp->zap_ptrtbl.zt_shift;
	TAP_OK(sh > 10 && zp->zap_ptrtbl.zt_blk == 1 &&
		   zp->zap_ptrtbl.zt_numblks == (8ull << sh) / 16384 &&
		   zp->zap_num_leafs == 1ull << sh &&
		   len ==
		       (1 + zp->zap_ptrtbl.zt_numblks + (1ull << sh)) * 16384,
	       "%llu leaves, the pointer table in %llu blocks of its own",
	       (unsigned long long)zp->zap_num_leafs,
	       (unsigned long long)zp->zap_ptrtbl.zt_numblks);
	s = (struct seen){0};
	TAP_OK(zap_iterate(buf, len, 16384, count, &s) == 0 && s.n == n &&
		   s.bad == 0 && s.sum == (uint64_t)n * (n - 1) / 2,
	       "it iterates over all entries");
	cb = (struct counted){buf, 0};
	found = maxreads = 0;
	for (size_t i = 0; i < n; i++) {
		cb.reads = 0;
		found += zap_find(counted_block, &cb, 16384, len / 16384,
				  e[i].name, &x) == 0 &&
			 x == i;
		if (cb.reads > maxreads)
			maxreads = cb.reads;
	}
	TAP_OK(found == n && maxreads == 3,
	       "hashed lookups: %zu of %zu in at most %zu reads (header, "
	       "table, leaf)",
	       found, n, maxreads);
	cb.reads = 0;
	s = (struct seen){0};
	TAP_OK(
	    zap_walk(counted_block, &cb, 16384, len / 16384, count, &s) == 0 &&
		s.n == n && s.bad == 0 &&
		cb.reads == 1 + zp->zap_ptrtbl.zt_numblks + zp->zap_num_leafs,
	    "zap_walk: all entries, each block read once (%zu reads)",
	    cb.reads);
	free(buf);
	release(e, v, nm, n);

	uint16_t lay[3] = {5, 6, 0x1234};
	struct zap_ent le = {"2", lay, 2, 3};
	zap_build_fat(&le, 1, 7, &buf, &len);
	TAP_OK(zap_lookup(buf, len, 16384, "2", &x) == 0 && x == 5,
	       "uint16 array values");
	free(buf);
	return tap_done();
}
