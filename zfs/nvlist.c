/*
 * Name-value lists in the XDR encoding ZFS uses for vdev labels and the
 * pool configuration object.
 *
 * Packed form: a 4-byte header (encoding 1 = XDR, endianness, two
 * reserved bytes), then the list.  A list is its version (0) and flags
 * (1 = unique names) as 32-bit big-endian integers, its pairs, and two
 * zero integers.  A pair is: its encoded size and its decoded (native)
 * size, the name as an XDR string (length, bytes padded to 4), the type,
 * the element count, and the value: 64-bit integers as 8 big-endian
 * bytes, strings as XDR strings, nested lists inline.  Readers skip a
 * pair by its encoded size; the decoded size is the size of the pair in
 * memory in libnvpair's layout (a 16-byte header, the name and the value
 * each aligned to 8), which its decoder checks exactly, so it is computed
 * here the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define NV_VERSION 0
#define NV_UNIQUE_NAME 1
#define NV_ENCODE_XDR 1
#define NV_LITTLE_ENDIAN 1
#define NV_MAX_DEPTH 32
#define NV_TYPE_UINT64_ARRAY 16

struct nvpair {
	char *name;
	enum nv_type type;
	union {
		uint64_t u64;
		char *str;
		nvlist_t *nvl;
		struct {
			nvlist_t **v;
			unsigned n;
		} arr;
	};
};

struct nvlist {
	struct nvpair *p;
	unsigned n, cap;
};

nvlist_t *nv_alloc(void)
{
	return calloc(1, sizeof(nvlist_t));
}

static void pair_clear(struct nvpair *p)
{
	free(p->name);
	if (p->type == NV_STRING)
		free(p->str);
	else if (p->type == NV_NVLIST)
		nv_free(p->nvl);
	else if (p->type == NV_NVLIST_ARRAY) {
		for (unsigned i = 0; i < p->arr.n; i++)
			nv_free(p->arr.v[i]);
		free(p->arr.v);
	}
}

void nv_free(nvlist_t *nvl)
{
	if (!nvl)
		return;
	for (unsigned i = 0; i < nvl->n; i++)
		pair_clear(&nvl->p[i]);
	free(nvl->p);
	free(nvl);
}

static struct nvpair *find(const nvlist_t *nvl, const char *name)
{
	for (unsigned i = 0; i < nvl->n; i++)
		if (strcmp(nvl->p[i].name, name) == 0)
			return &nvl->p[i];
	return NULL;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* A slot for name: the existing pair (cleared) or a new one. */
static struct nvpair *slot(nvlist_t *nvl, const char *name)
{
	struct nvpair *p = find(nvl, name);
	char *nm = dupstr(name);
	if (!nm)
		return NULL;
	if (p) {
		pair_clear(p);
	} else {
		if (nvl->n == nvl->cap) {
			unsigned cap = nvl->cap ? 2 * nvl->cap : 8;
			struct nvpair *np = realloc(nvl->p, cap * sizeof(*np));
			if (!np) {
				free(nm);
				return NULL;
			}
			nvl->p = np;
			nvl->cap = cap;
		}
		p = &nvl->p[nvl->n++];
	}
	memset(p, 0, sizeof(*p));
	p->name = nm;
	return p;
}

int nv_add_uint64(nvlist_t *nvl, const char *name, uint64_t v)
{
	struct nvpair *p = slot(nvl, name);
	if (!p)
		return -ZFS_ENOMEM;
	p->type = NV_UINT64;
	p->u64 = v;
	return 0;
}

int nv_add_boolean(nvlist_t *nvl, const char *name)
{
	struct nvpair *p = slot(nvl, name);
	if (!p)
		return -ZFS_ENOMEM;
	p->type = NV_BOOLEAN;
	return 0;
}

int nv_add_string(nvlist_t *nvl, const char *name, const char *s)
{
	char *d = dupstr(s);
	struct nvpair *p = d ? slot(nvl, name) : NULL;
	if (!p) {
		free(d);
		return -ZFS_ENOMEM;
	}
	p->type = NV_STRING;
	p->str = d;
	return 0;
}

int nv_add_nvlist(nvlist_t *nvl, const char *name, nvlist_t *child)
{
	struct nvpair *p = child ? slot(nvl, name) : NULL;
	if (!p) {
		nv_free(child);
		return -ZFS_ENOMEM;
	}
	p->type = NV_NVLIST;
	p->nvl = child;
	return 0;
}

int nv_add_nvlist_array(nvlist_t *nvl, const char *name, nvlist_t **child,
			unsigned n)
{
	nvlist_t **v = malloc((n ? n : 1) * sizeof(*v));
	struct nvpair *p = v ? slot(nvl, name) : NULL;
	bool ok = p != NULL;
	for (unsigned i = 0; i < n; i++)
		ok = ok && child[i] != NULL;
	if (!ok) {
		if (p) {
			/* leave a valid (empty) pair behind */
			p->type = NV_BOOLEAN;
		}
		for (unsigned i = 0; i < n; i++)
			nv_free(child[i]);
		free(v);
		return -ZFS_ENOMEM;
	}
	memcpy(v, child, n * sizeof(*v));
	p->type = NV_NVLIST_ARRAY;
	p->arr.v = v;
	p->arr.n = n;
	return 0;
}

int nv_lookup_uint64(const nvlist_t *nvl, const char *name, uint64_t *v)
{
	struct nvpair *p = find(nvl, name);
	if (!p || p->type != NV_UINT64)
		return -ZFS_ENOENT;
	*v = p->u64;
	return 0;
}

const char *nv_lookup_string(const nvlist_t *nvl, const char *name)
{
	struct nvpair *p = find(nvl, name);
	return p && p->type == NV_STRING ? p->str : NULL;
}

const nvlist_t *nv_lookup_nvlist(const nvlist_t *nvl, const char *name)
{
	struct nvpair *p = find(nvl, name);
	return p && p->type == NV_NVLIST ? p->nvl : NULL;
}

int nv_lookup_nvlist_array(const nvlist_t *nvl, const char *name,
			   const nvlist_t *const **child, unsigned *n)
{
	struct nvpair *p = find(nvl, name);
	if (!p || p->type != NV_NVLIST_ARRAY)
		return -ZFS_ENOENT;
	*child = (const nvlist_t *const *)p->arr.v;
	*n = p->arr.n;
	return 0;
}

bool nv_exists(const nvlist_t *nvl, const char *name)
{
	return find(nvl, name) != NULL;
}

unsigned nv_count(const nvlist_t *nvl)
{
	return nvl->n;
}

const char *nv_pair_name(const nvlist_t *nvl, unsigned i)
{
	return i < nvl->n ? nvl->p[i].name : NULL;
}

enum nv_type nv_pair_type(const nvlist_t *nvl, unsigned i)
{
	return i < nvl->n ? nvl->p[i].type : 0;
}

/* ---- encoding ---- */

#define ALIGN4(x) (((x) + 3) & ~(size_t)3)
#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

static size_t xdr_string_size(const char *s)
{
	return 4 + ALIGN4(strlen(s));
}

static size_t list_size(const nvlist_t *nvl);

static size_t value_size(const struct nvpair *p)
{
	size_t sz = 0;
	switch (p->type) {
	case NV_BOOLEAN:
		return 0;
	case NV_UINT64:
		return 8;
	case NV_STRING:
		return xdr_string_size(p->str);
	case NV_NVLIST:
		return list_size(p->nvl);
	case NV_NVLIST_ARRAY:
		for (unsigned i = 0; i < p->arr.n; i++)
			sz += list_size(p->arr.v[i]);
		return sz;
	}
	return 0;
}

static size_t pair_size(const struct nvpair *p)
{
	return 8 + xdr_string_size(p->name) + 8 + value_size(p);
}

static size_t list_size(const nvlist_t *nvl)
{
	size_t sz = 8 + 8;
	for (unsigned i = 0; i < nvl->n; i++)
		sz += pair_size(&nvl->p[i]);
	return sz;
}

/* The size libnvpair gives the pair in memory. */
static uint32_t native_size(const struct nvpair *p)
{
	size_t v = 0;
	switch (p->type) {
	case NV_BOOLEAN:
		v = 0;
		break;
	case NV_UINT64:
		v = 8;
		break;
	case NV_STRING:
		v = strlen(p->str) + 1;
		break;
	case NV_NVLIST:
		v = 24;
		break;
	case NV_NVLIST_ARRAY:
		v = (size_t)p->arr.n * (8 + 24);
		break;
	}
	return ALIGN8(16 + strlen(p->name) + 1) + ALIGN8(v);
}

size_t nv_packed_size(const nvlist_t *nvl)
{
	return 4 + list_size(nvl);
}

struct enc {
	uint8_t *p, *end;
};

static void put32(struct enc *e, uint32_t v)
{
	e->p[0] = v >> 24;
	e->p[1] = v >> 16;
	e->p[2] = v >> 8;
	e->p[3] = v;
	e->p += 4;
}

static void put64(struct enc *e, uint64_t v)
{
	put32(e, v >> 32);
	put32(e, (uint32_t)v);
}

static void put_string(struct enc *e, const char *s)
{
	size_t n = strlen(s);
	put32(e, n);
	memcpy(e->p, s, n);
	memset(e->p + n, 0, ALIGN4(n) - n);
	e->p += ALIGN4(n);
}

static void put_list(struct enc *e, const nvlist_t *nvl)
{
	put32(e, NV_VERSION);
	put32(e, NV_UNIQUE_NAME);
	for (unsigned i = 0; i < nvl->n; i++) {
		const struct nvpair *p = &nvl->p[i];
		put32(e, pair_size(p));
		put32(e, native_size(p));
		put_string(e, p->name);
		put32(e, p->type);
		switch (p->type) {
		case NV_BOOLEAN:
			put32(e, 0);
			break;
		case NV_UINT64:
			put32(e, 1);
			put64(e, p->u64);
			break;
		case NV_STRING:
			put32(e, 1);
			put_string(e, p->str);
			break;
		case NV_NVLIST:
			put32(e, 1);
			put_list(e, p->nvl);
			break;
		case NV_NVLIST_ARRAY:
			put32(e, p->arr.n);
			for (unsigned j = 0; j < p->arr.n; j++)
				put_list(e, p->arr.v[j]);
			break;
		}
	}
	put32(e, 0);
	put32(e, 0);
}

long nv_pack(const nvlist_t *nvl, void *buf, size_t len)
{
	size_t need = nv_packed_size(nvl);
	if (need > len)
		return -ZFS_ENOSPC;
	struct enc e = {buf, (uint8_t *)buf + len};
	e.p[0] = NV_ENCODE_XDR;
	e.p[1] = NV_LITTLE_ENDIAN;
	e.p[2] = e.p[3] = 0;
	e.p += 4;
	put_list(&e, nvl);
	return (long)need;
}

/* ---- decoding: every read is bounds-checked ---- */

struct dec {
	const uint8_t *p, *end;
};

static int get32(struct dec *d, uint32_t *v)
{
	if (d->end - d->p < 4)
		return -ZFS_EIO;
	*v = (uint32_t)d->p[0] << 24 | (uint32_t)d->p[1] << 16 |
	     (uint32_t)d->p[2] << 8 | d->p[3];
	d->p += 4;
	return 0;
}

static int get64(struct dec *d, uint64_t *v)
{
	uint32_t hi, lo;
	if (get32(d, &hi) || get32(d, &lo))
		return -ZFS_EIO;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

static int get_string(struct dec *d, char **s)
{
	uint32_t n;
	if (get32(d, &n) || (size_t)(d->end - d->p) < ALIGN4((size_t)n))
		return -ZFS_EIO;
	if (memchr(d->p, 0, n))
		return -ZFS_EIO; /* no NULs inside names or values */
	char *r = malloc((size_t)n + 1);
	if (!r)
		return -ZFS_ENOMEM;
	memcpy(r, d->p, n);
	r[n] = 0;
	d->p += ALIGN4((size_t)n);
	*s = r;
	return 0;
}

static int get_list(struct dec *d, nvlist_t **out, int depth);

static int get_value(struct dec *d, struct nvpair *p, uint32_t type,
		     uint32_t nelem, int depth)
{
	int err;
	switch (type) {
	case NV_BOOLEAN:
		p->type = NV_BOOLEAN;
		return nelem == 0 ? 0 : -ZFS_EIO;
	case NV_UINT64:
		p->type = NV_UINT64;
		return nelem == 1 ? get64(d, &p->u64) : -ZFS_EIO;
	case NV_STRING:
		if (nelem != 1)
			return -ZFS_EIO;
		err = get_string(d, &p->str);
		if (!err)
			p->type = NV_STRING;
		return err;
	case NV_NVLIST:
		if (nelem != 1)
			return -ZFS_EIO;
		err = get_list(d, &p->nvl, depth + 1);
		if (!err)
			p->type = NV_NVLIST;
		return err;
	case NV_NVLIST_ARRAY:
		/* each element takes at least 16 bytes */
		if (nelem > (size_t)(d->end - d->p) / 16)
			return -ZFS_EIO;
		p->arr.v = calloc(nelem ? nelem : 1, sizeof(nvlist_t *));
		if (!p->arr.v)
			return -ZFS_ENOMEM;
		p->type = NV_NVLIST_ARRAY;
		for (uint32_t i = 0; i < nelem; i++) {
			err = get_list(d, &p->arr.v[i], depth + 1);
			if (err)
				return err;
			p->arr.n++;
		}
		return 0;
	}
	return 1; /* not a type kept here: the caller skips it */
}

static int get_pair(struct dec *d, nvlist_t *nvl, int depth, bool *end)
{
	const uint8_t *start = d->p;
	uint32_t encsz, decsz, type, nelem;
	char *name = NULL;
	int err;

	if (get32(d, &encsz) || get32(d, &decsz))
		return -ZFS_EIO;
	if (encsz == 0) {
		*end = true;
		return 0;
	}
	if (encsz < 24 || encsz > (size_t)(d->end - start) || (encsz & 3))
		return -ZFS_EIO;
	err = get_string(d, &name);
	if (err)
		return err;
	if (get32(d, &type) || get32(d, &nelem)) {
		free(name);
		return -ZFS_EIO;
	}
	if (find(nvl, name)) {
		free(name);
		return -ZFS_EIO; /* names are unique */
	}
	struct nvpair tmp = {0};
	tmp.type = NV_BOOLEAN;
	err = get_value(d, &tmp, type, nelem, depth);
	if (err == 1) {
		/* A type this library does not keep: skip the pair. */
		free(name);
		if ((size_t)(d->p - start) > encsz)
			return -ZFS_EIO;
		d->p = start + encsz;
		return 0;
	}
	tmp.name = name;
	if (err) {
		pair_clear(&tmp);
		return err;
	}
	if (nvl->n == nvl->cap) {
		unsigned cap = nvl->cap ? 2 * nvl->cap : 8;
		struct nvpair *np = realloc(nvl->p, cap * sizeof(*np));
		if (!np) {
			pair_clear(&tmp);
			return -ZFS_ENOMEM;
		}
		nvl->p = np;
		nvl->cap = cap;
	}
	nvl->p[nvl->n++] = tmp;
	return 0;
}

static int get_list(struct dec *d, nvlist_t **out, int depth)
{
	uint32_t version, flags;
	if (depth > NV_MAX_DEPTH)
		return -ZFS_EIO;
	if (get32(d, &version) || get32(d, &flags) || version != NV_VERSION)
		return -ZFS_EIO;
	nvlist_t *nvl = nv_alloc();
	if (!nvl)
		return -ZFS_ENOMEM;
	bool end = false;
	while (!end) {
		int err = get_pair(d, nvl, depth, &end);
		if (err) {
			nv_free(nvl);
			return err;
		}
	}
	*out = nvl;
	return 0;
}

int nv_unpack(const void *buf, size_t len, nvlist_t **out)
{
	const uint8_t *b = buf;
	if (len < 4 || b[0] != NV_ENCODE_XDR)
		return -ZFS_EIO;
	struct dec d = {b + 4, b + len};
	return get_list(&d, out, 0);
}
