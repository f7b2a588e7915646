/*
 * Symbol tables: finding a definition in one object through its GNU hash
 * table (DT_GNU_HASH: a Bloom filter, then buckets of a chain sorted by
 * hash) or its System V hash table (DT_HASH), and the GNU symbol
 * versions (DT_VERSYM, DT_VERDEF, DT_VERNEED).  The kernel's exports
 * go through the same code: the kernel is an object without versions.
 *
 * Version matching, as glibc does it: a reference that asks for a
 * version (memcpy@GLIBC_2.14) takes a definition of that version, or one
 * from an object or symbol with no version at all (the kernel's exports,
 * a library built without a version script); a reference without a
 * version takes any definition that is not hidden (foo@@V2, not foo@V1).
 */
#include <string.h>

#include "elf_impl.h"
#include "mm.h"

static uint32_t gnu_hash(const char *s)
{
	uint32_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static uint32_t sysv_hash(const char *s)
{
	uint32_t h = 0;
	for (; *s; s++) {
		h = (h << 4) + (unsigned char)*s;
		uint32_t g = h & 0xf0000000;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

void elf_name_init(struct elf_name *n, const char *name, const char *version)
{
	n->name = name;
	n->version = version;
	n->gnu_hash = gnu_hash(name);
	/* the System V hash is computed where a table needs it (rare) */
}

/*
 * A symbol other objects may bind to: defined, visible, global, weak or
 * unique, of a type that names something.  Sets of bits, not chains of
 * comparisons: one block under TCG.
 */
static bool is_definition(const Elf64_Sym *s)
{
	const unsigned binds =
	    1u << STB_GLOBAL | 1u << STB_WEAK | 1u << STB_GNU_UNIQUE;
	const unsigned types = 1u << STT_NOTYPE | 1u << STT_OBJECT |
			       1u << STT_FUNC | 1u << STT_COMMON |
			       1u << STT_TLS | 1u << STT_GNU_IFUNC;
	const unsigned hidden = 1u << STV_HIDDEN | 1u << STV_INTERNAL;
	return (s->st_shndx != SHN_UNDEF) &
	       ((binds >> ELF64_ST_BIND(s->st_info)) & 1) &
	       ((types >> ELF64_ST_TYPE(s->st_info)) & 1) &
	       !((hidden >> ELF64_ST_VISIBILITY(s->st_other)) & 1);
}

static bool version_matches(const struct elf_object *obj, size_t i,
			    const char *want)
{
	if (!obj->versym)
		return true;
	Elf64_Versym v = obj->versym[i];
	unsigned index = v & VERSYM_VERSION;
	if (!want)
		return !(v & VERSYM_HIDDEN);
	if (index <= VER_NDX_GLOBAL)
		return true;
	return index < obj->nversions && obj->version_names[index] &&
	       strcmp(obj->version_names[index], want) == 0;
}

static bool matches(const struct elf_object *obj, size_t i,
		    const struct elf_name *n)
{
	const Elf64_Sym *s = &obj->symtab[i];
	return s->st_name < obj->strsz && is_definition(s) &&
	       strcmp(obj->strtab + s->st_name, n->name) == 0 &&
	       version_matches(obj, i, n->version);
}

/*
 * DT_GNU_HASH: nbuckets, symoffset, bloom_size, bloom_shift, then the
 * Bloom filter (64-bit words), the buckets (first symbol index of each)
 * and one chain word per symbol from symoffset on: its hash with bit 0
 * replaced by "last of its bucket".
 */
static const Elf64_Sym *find_gnu(const struct elf_object *obj,
				 const struct elf_name *n)
{
	const uint32_t *h = obj->gnu_hash;
	uint32_t nbuckets = h[0], symoffset = h[1], bloom_size = h[2];
	uint32_t shift = h[3], hash = n->gnu_hash;
	const uint64_t *bloom = (const uint64_t *)(h + 4);
	const uint32_t *buckets = (const uint32_t *)(bloom + bloom_size);
	const uint32_t *chain = buckets + nbuckets;
	uint64_t word = bloom[(hash / 64) % bloom_size];
	uint64_t mask = 1ULL << (hash % 64) | 1ULL << ((hash >> shift) % 64);
	if ((word & mask) != mask)
		return NULL;
	for (size_t i = buckets[hash % nbuckets];
	     i >= symoffset && i < obj->nsyms; i++) {
		uint32_t c = chain[i - symoffset];
		if ((c | 1) == (hash | 1) && matches(obj, i, n))
			return &obj->symtab[i];
		if (c & 1)
			break;
	}
	return NULL;
}

/* DT_HASH: nbucket, nchain, the buckets, then one chain link a symbol. */
static const Elf64_Sym *find_sysv(const struct elf_object *obj,
				  const struct elf_name *n)
{
	const uint32_t *h = obj->sysv_hash;
	uint32_t nbucket = h[0], nchain = h[1];
	const uint32_t *chain = h + 2 + nbucket;
	uint32_t i = h[2 + sysv_hash(n->name) % nbucket];
	for (uint32_t steps = 0; i != STN_UNDEF && i < nchain && steps < nchain;
	     i = chain[i], steps++)
		if (matches(obj, i, n))
			return &obj->symtab[i];
	return NULL;
}

const Elf64_Sym *elf_find_symbol(const struct elf_object *obj,
				 const struct elf_name *n)
{
	if (!obj->nsyms)
		return NULL;
	if (obj->gnu_hash)
		return find_gnu(obj, n);
	return find_sysv(obj, n);
}

/*
 * A GNU hash table that hashes no symbol (an object that exports
 * nothing, such as a filesystem module) does not say how many symbols
 * precede it: GNU ld writes a symoffset of 1 whatever the count.  The
 * linkers put .dynstr right after .dynsym, so the gap between them
 * bounds the table; symoffset stays the floor.
 */
static size_t count_unhashed(const struct elf_object *obj, uint32_t symoffset)
{
	uintptr_t sym = (uintptr_t)obj->symtab, str = (uintptr_t)obj->strtab;
	if (str <= sym || (str - sym) % sizeof(Elf64_Sym))
		return symoffset;
	size_t n = (str - sym) / sizeof(Elf64_Sym);
	return n > symoffset ? n : symoffset;
}

size_t elf_count_symbols(const struct elf_object *obj)
{
	if (obj->sysv_hash)
		return obj->sysv_hash[1];
	const uint32_t *h = obj->gnu_hash;
	uint32_t nbuckets = h[0], symoffset = h[1];
	const uint32_t *buckets = h + 4 + 2 * h[2];
	const uint32_t *chain = buckets + nbuckets;
	uint32_t last = 0;
	for (uint32_t b = 0; b < nbuckets; b++)
		if (buckets[b] > last)
			last = buckets[b];
	if (last < symoffset)
		return count_unhashed(obj, symoffset);
	while (
	    elf_object_contains(obj, (uint64_t)&chain[last - symoffset], 4) &&
	    !(chain[last - symoffset] & 1))
		last++;
	return last + 1;
}

const char *elf_symbol_version(const struct elf_object *obj, size_t i)
{
	if (!obj->versym)
		return NULL;
	unsigned index = obj->versym[i] & VERSYM_VERSION;
	if (index <= VER_NDX_GLOBAL || index >= obj->nversions)
		return NULL;
	return obj->version_names[index];
}

uint64_t elf_symbol_address(const struct elf_symref *ref)
{
	const Elf64_Sym *s = ref->sym;
	uint64_t addr = s->st_value;
	if (s->st_shndx != SHN_ABS)
		addr += ref->obj->base;
	if (ELF64_ST_TYPE(s->st_info) == STT_GNU_IFUNC)
		addr = ((uint64_t(*)(void))addr)();
	return addr;
}

/* The dynamic entry with this tag, or 0. */
static uint64_t dyn_value(const struct elf_object *obj, int64_t tag)
{
	for (size_t i = 0; i < obj->dynamic_count; i++)
		if (obj->dynamic[i].d_tag == tag)
			return obj->dynamic[i].d_un.d_val;
	return 0;
}

typedef void version_fn(struct elf_object *obj, unsigned index, uint32_t name);

/* Calls record() for each version definition: its index and name. */
static bool walk_verdef(struct elf_object *obj, version_fn *record)
{
	uint64_t at = dyn_value(obj, DT_VERDEF);
	uint64_t count = dyn_value(obj, DT_VERDEFNUM);
	uint64_t p = obj->base + at;
	for (uint64_t i = 0; at && i < count; i++) {
		const Elf64_Verdef *vd = (const Elf64_Verdef *)p;
		if (!elf_object_contains(obj, p, sizeof(*vd)))
			return false;
		const Elf64_Verdaux *aux =
		    (const Elf64_Verdaux *)(p + vd->vd_aux);
		if (vd->vd_cnt &&
		    !elf_object_contains(obj, (uint64_t)aux, sizeof(*aux)))
			return false;
		if (vd->vd_cnt)
			record(obj, vd->vd_ndx & VERSYM_VERSION, aux->vda_name);
		if (!vd->vd_next)
			break;
		p += vd->vd_next;
	}
	return true;
}

/* Calls record() for each version needed from other objects. */
static bool walk_verneed(struct elf_object *obj, version_fn *record)
{
	uint64_t at = dyn_value(obj, DT_VERNEED);
	uint64_t count = dyn_value(obj, DT_VERNEEDNUM);
	uint64_t p = obj->base + at;
	for (uint64_t i = 0; at && i < count; i++) {
		const Elf64_Verneed *vn = (const Elf64_Verneed *)p;
		if (!elf_object_contains(obj, p, sizeof(*vn)))
			return false;
		uint64_t a = p + vn->vn_aux;
		for (unsigned j = 0; j < vn->vn_cnt; j++) {
			const Elf64_Vernaux *aux = (const Elf64_Vernaux *)a;
			if (!elf_object_contains(obj, a, sizeof(*aux)))
				return false;
			record(obj, aux->vna_other & VERSYM_VERSION,
			       aux->vna_name);
			a += aux->vna_next;
		}
		if (!vn->vn_next)
			break;
		p += vn->vn_next;
	}
	return true;
}

static void count_version(struct elf_object *obj, unsigned index, uint32_t name)
{
	(void)name;
	if (index >= obj->nversions)
		obj->nversions = index + 1;
}

static void name_version(struct elf_object *obj, unsigned index, uint32_t name)
{
	if (name < obj->strsz)
		obj->version_names[index] = obj->strtab + name;
}

bool elf_read_versions(struct elf_object *obj)
{
	if (!obj->versym)
		return true;
	if (!walk_verdef(obj, count_version) ||
	    !walk_verneed(obj, count_version))
		return elf_fail(ELF_ERR_FORMAT, "%s: bad symbol versions",
				obj->path);
	if (!obj->nversions)
		return true;
	obj->version_names = heap_calloc(obj->nversions, sizeof(char *));
	if (!obj->version_names)
		return elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory", obj->path);
	walk_verdef(obj, name_version);
	walk_verneed(obj, name_version);
	return true;
}
