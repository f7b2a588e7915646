/*
 * Reading an ELF file and mapping it.  Files of the boot filesystem are
 * already in memory, so an object is copied rather than mapped from a
 * file: one physically contiguous run of fresh pages covers it from its
 * lowest to its highest segment, each PT_LOAD is copied to its place,
 * and the pages are mapped with 4 KiB PTEs at a fresh address of the
 * loader's region (a bump allocator from LOAD_REGION_START, one unmapped
 * guard page between objects).  Pages between segments are unmapped and
 * given back.
 *
 * Page rights follow the segments' flags: W^X is enforced, a page that
 * would be both writable and executable fails the load.  Relocations are
 * written through the identity map of the same RAM (elf_object_ram()),
 * so text and RELRO never need to be writable at their virtual address.
 *
 * A program linked at a fixed address (ET_EXEC, non-PIE) is the one
 * exception: its addresses are the identity map's (physical memory is
 * mapped at VA = PA), so it is copied into exactly those frames, claimed
 * from the RAM the page allocator hands out last (page_alloc_claim()),
 * and the identity map's pages there get the segments' rights.  As its
 * relocations are then written at their virtual addresses, its RELRO is
 * made read-only only after them (elf_seal_fixed()).  One such program a
 * boot, as the main program only: a library must be position-independent.
 *
 * The kernel is an object too: its exports come from its own .dynamic
 * (the image is linked with --export-dynamic), read in place.
 */
#include <string.h>

#include "arch.h"
#include "elf_impl.h"
#include "memory.h"
#include "mm.h"

#define LOAD_REGION_START 0x0000100000000000ULL
#define LOAD_REGION_END 0x0000700000000000ULL
#define KERNEL_OBJECT_NAME "libosv.so"

extern const Elf64_Dyn _DYNAMIC[];
extern char __image_start[], __image_end[];

static uint64_t next_va = LOAD_REGION_START;
static bool fixed_program_loaded; /* an ET_EXEC took its frames */

static uint64_t page_down(uint64_t a)
{
	return a & ~(PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* len bytes of address space aligned to align, above a guard page. */
static uint64_t reserve_va(uint64_t len, uint64_t align)
{
	uint64_t va = (next_va + PAGE_SIZE + align - 1) & ~(align - 1);
	if (va + len > LOAD_REGION_END || va + len < va)
		return 0;
	next_va = va + len;
	return va;
}

/* npages zeroed, physically contiguous pages, or 0. */
static uint64_t alloc_pages(size_t npages)
{
	unsigned order = 0;
	while ((1UL << order) < npages)
		if (++order > PAGE_ORDER_MAX)
			return 0;
	char *p = page_alloc(order);
	if (!p)
		return 0;
	if ((1UL << order) > npages)
		page_free_run(p + npages * PAGE_SIZE, (1UL << order) - npages);
	memset(p, 0, npages * PAGE_SIZE);
	return (uint64_t)p;
}

/*
 * Page by page, so that a stack needs free pages, not a free run of
 * them: in a small guest the buddy allocator may have no free MiB.
 */
uint64_t elf_map_anonymous(size_t len)
{
	len = page_up(len);
	uint64_t va = reserve_va(len, PAGE_SIZE);
	if (!va)
		return 0;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		void *p = page_alloc(0);
		if (p)
			page_clear(p);
		if (!p || paging_map(va + off, (uint64_t)p, PAGE_SIZE,
				     PAGING_READ | PAGING_WRITE) < 0) {
			if (p)
				page_free(p, 0);
			for (uint64_t o = 0; o < off; o += PAGE_SIZE) {
				uint64_t pa;
				if (paging_unmap_page(va + o, &pa))
					page_free((void *)pa, 0);
			}
			return 0;
		}
	}
	return va;
}

static bool check_header(const char *name, const Elf64_Ehdr *eh, size_t size,
			 bool main_program)
{
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return elf_fail(ELF_ERR_FORMAT, "%s: not an ELF file", name);
	if ((eh->e_ident[EI_CLASS] != ELFCLASS64) |
	    (eh->e_ident[EI_DATA] != ELFDATA2LSB) |
	    (eh->e_machine != EM_X86_64))
		return elf_fail(ELF_ERR_FORMAT,
				"%s: not an x86-64 ELF file (class %u, "
				"data %u, machine %u)",
				name, eh->e_ident[EI_CLASS],
				eh->e_ident[EI_DATA], eh->e_machine);
	if (eh->e_type == ET_EXEC && !main_program)
		return elf_fail(ELF_ERR_FORMAT,
				"%s: linked at a fixed address (ET_EXEC): only "
				"the main program may be (link a library with "
				"-shared)",
				name);
	if (eh->e_type == ET_EXEC && fixed_program_loaded)
		return elf_fail(ELF_ERR_FORMAT,
				"%s: linked at a fixed address (ET_EXEC), and "
				"one such program was loaded already",
				name);
	if (eh->e_type != ET_DYN && eh->e_type != ET_EXEC)
		return elf_fail(ELF_ERR_FORMAT,
				"%s: not an ELF shared object (type %u)", name,
				eh->e_type);
	if ((eh->e_phentsize != sizeof(Elf64_Phdr)) | (eh->e_phnum == 0) |
		(eh->e_phoff > size) ||
	    (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum)
		return elf_fail(ELF_ERR_FORMAT, "%s: bad program headers",
				name);
	return true;
}

/* The extent of the PT_LOAD segments, checked against the file. */
struct layout {
	uint64_t vmin, vmax, align;
	const Elf64_Phdr *dynamic, *tls, *relro;
	bool interp;
	bool fixed; /* ET_EXEC: at its link addresses */
};

static bool check_load(const char *name, const Elf64_Phdr *ph, size_t size,
		       struct layout *l)
{
	/* | not ||: one block under TCG (none of them can fault) */
	if ((ph->p_filesz > ph->p_memsz) | (ph->p_offset > size) |
	    (size - ph->p_offset < ph->p_filesz) |
	    (ph->p_vaddr + ph->p_memsz < ph->p_vaddr) |
	    ((ph->p_align & (ph->p_align - 1)) != 0))
		return elf_fail(ELF_ERR_FORMAT, "%s: bad PT_LOAD segment",
				name);
	if ((ph->p_flags & (PF_W | PF_X)) == (PF_W | PF_X))
		return elf_fail(ELF_ERR_FORMAT,
				"%s: a segment is both writable and "
				"executable (W^X)",
				name);
	if (page_down(ph->p_vaddr) < l->vmin)
		l->vmin = page_down(ph->p_vaddr);
	if (ph->p_vaddr + ph->p_memsz > l->vmax)
		l->vmax = ph->p_vaddr + ph->p_memsz;
	if (ph->p_align > l->align)
		l->align = ph->p_align;
	return true;
}

static bool scan_segments(const char *name, const Elf64_Phdr *ph,
			  unsigned phnum, size_t size, struct layout *l,
			  bool fixed)
{
	*l = (struct layout){
	    .vmin = UINT64_MAX, .align = PAGE_SIZE, .fixed = fixed};
	for (unsigned i = 0; i < phnum; i++) {
		switch (ph[i].p_type) {
		case PT_LOAD:
			if (!check_load(name, &ph[i], size, l))
				return false;
			break;
		case PT_DYNAMIC:
			l->dynamic = &ph[i];
			break;
		case PT_TLS:
			l->tls = &ph[i];
			break;
		case PT_GNU_RELRO:
			l->relro = &ph[i];
			break;
		case PT_INTERP:
			l->interp = true;
			break;
		}
	}
	if (l->vmax == 0)
		return elf_fail(ELF_ERR_FORMAT, "%s: no PT_LOAD segment", name);
	if (!l->dynamic)
		return elf_fail(ELF_ERR_FORMAT,
				"%s: no dynamic section (a static "
				"executable?)",
				name);
	if ((l->align > (1UL << 30)) |
	    (page_up(l->vmax) - l->vmin > (1UL << 30)))
		return elf_fail(ELF_ERR_FORMAT, "%s: too large to load", name);
	return true;
}

static unsigned page_rights(uint32_t p_flags)
{
	return PAGING_READ | (p_flags & PF_W ? PAGING_WRITE : 0) |
	       (p_flags & PF_X ? PAGING_EXEC : 0);
}

/* Objects up to this size keep their page map on the stack. */
#define SMALL_OBJECT_PAGES 64

/*
 * The rights of each page of the object: the union of the segments that
 * cover it, 0 where none does; read-only in PT_GNU_RELRO's whole pages
 * from the start, since relocations are written through the identity
 * map (elf_object_ram) and never at the pages' virtual addresses.
 */
static unsigned char *page_map(const struct elf_object *obj,
			       const struct layout *l,
			       unsigned char small[SMALL_OBJECT_PAGES])
{
	size_t npages = (page_up(l->vmax) - l->vmin) / PAGE_SIZE;
	unsigned char *rights = npages <= SMALL_OBJECT_PAGES
				    ? memset(small, 0, npages)
				    : heap_calloc(npages, 1);
	if (!rights)
		return NULL;
	for (unsigned i = 0; i < obj->phnum; i++) {
		const Elf64_Phdr *ph = &obj->phdr[i];
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		uint64_t first = (page_down(ph->p_vaddr) - l->vmin) / PAGE_SIZE;
		uint64_t end =
		    (page_up(ph->p_vaddr + ph->p_memsz) - l->vmin) / PAGE_SIZE;
		for (uint64_t p = first; p < end; p++)
			rights[p] |= page_rights(ph->p_flags);
	}
	/* No branch per case: a missing or bad segment gives no pages. */
	static const Elf64_Phdr no_relro;
	const Elf64_Phdr *r = l->relro && !l->fixed ? l->relro : &no_relro;
	uint64_t p = (page_down(r->p_vaddr) - l->vmin) / PAGE_SIZE;
	uint64_t end =
	    (page_down(r->p_vaddr + r->p_memsz) - l->vmin) / PAGE_SIZE;
	for (end = end < npages ? end : npages; p < end; p++)
		rights[p] &= PAGING_READ;
	return rights;
}

/* Maps runs of pages with equal rights; frees the pages of no segment. */
static bool map_pages(struct elf_object *obj, const unsigned char *rights,
		      size_t npages)
{
	for (size_t p = 0; p < npages; p++)
		if ((rights[p] & (PAGING_WRITE | PAGING_EXEC)) ==
		    (PAGING_WRITE | PAGING_EXEC))
			return elf_fail(ELF_ERR_FORMAT,
					"%s: a page is both writable and "
					"executable (W^X)",
					obj->path);
	size_t run = 0;
	for (size_t p = 1; p <= npages; p++) {
		if (p < npages && rights[p] == rights[run])
			continue;
		uint64_t off = run * PAGE_SIZE, len = (p - run) * PAGE_SIZE;
		if (obj->fixed) {
			if (paging_protect_identity(obj->map_start + off, len,
						    rights[run]) < 0)
				return elf_fail(ELF_ERR_NO_MEMORY,
						"%s: cannot map its pages",
						obj->path);
		} else if (!rights[run])
			page_free_run((void *)(obj->phys + off), p - run);
		else if (paging_map(obj->map_start + off, obj->phys + off, len,
				    rights[run]) < 0)
			return elf_fail(ELF_ERR_NO_MEMORY,
					"%s: cannot map its pages", obj->path);
		run = p;
	}
	return true;
}

static void copy_segments(struct elf_object *obj, const char *file)
{
	for (unsigned i = 0; i < obj->phnum; i++) {
		const Elf64_Phdr *ph = &obj->phdr[i];
		if (ph->p_type == PT_LOAD)
			memcpy(elf_object_ram(obj, obj->base + ph->p_vaddr),
			       file + ph->p_offset, ph->p_filesz);
	}
}

/*
 * The program headers in memory: PT_PHDR, or the bytes of a segment
 * that holds them, or else a copy on the heap.
 */
static const Elf64_Phdr *loaded_phdrs(const struct elf_object *obj,
				      const Elf64_Ehdr *eh,
				      const Elf64_Phdr *file_ph)
{
	size_t bytes = eh->e_phnum * sizeof(Elf64_Phdr);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &file_ph[i];
		if (ph->p_type == PT_PHDR &&
		    elf_object_contains(obj, obj->base + ph->p_vaddr, bytes))
			return (const Elf64_Phdr *)(obj->base + ph->p_vaddr);
		if (ph->p_type == PT_LOAD && ph->p_offset <= eh->e_phoff &&
		    eh->e_phoff + bytes <= ph->p_offset + ph->p_filesz)
			return (const Elf64_Phdr *)(obj->base + ph->p_vaddr +
						    eh->e_phoff - ph->p_offset);
	}
	Elf64_Phdr *copy = heap_alloc(bytes);
	if (copy)
		memcpy(copy, file_ph, bytes);
	return copy;
}

/* Takes what the other program headers say, checked against the pages. */
static bool record_layout(struct elf_object *obj, const struct layout *l)
{
	const Elf64_Phdr *dyn = l->dynamic, *tls = l->tls;
	if (!elf_object_contains(obj, obj->base + dyn->p_vaddr, dyn->p_memsz) ||
	    dyn->p_memsz < sizeof(Elf64_Dyn))
		return elf_fail(ELF_ERR_FORMAT, "%s: bad PT_DYNAMIC",
				obj->path);
	obj->dynamic = (const Elf64_Dyn *)(obj->base + dyn->p_vaddr);
	if (tls && (tls->p_filesz > tls->p_memsz ||
		    !elf_object_contains(obj, obj->base + tls->p_vaddr,
					 tls->p_filesz)))
		return elf_fail(ELF_ERR_FORMAT, "%s: bad PT_TLS", obj->path);
	if (tls) {
		obj->tls_image = (const void *)(obj->base + tls->p_vaddr);
		obj->tls_filesz = tls->p_filesz;
		obj->tls_memsz = tls->p_memsz;
		obj->tls_align = tls->p_align ? tls->p_align : 1;
	}
	obj->is_executable = l->interp | l->fixed;
	return true;
}

/* Checks a table the dynamic section points to lies in the object. */
static bool in_object(const struct elf_object *obj, const void *p, size_t len,
		      const char *what)
{
	if (!p || elf_object_contains(obj, (uint64_t)p, len))
		return true;
	return elf_fail(ELF_ERR_FORMAT, "%s: %s lies outside the object",
			obj->path, what);
}

/*
 * The dynamic entries the loader reads, by tag: the standard tags index
 * themselves, the GNU ones get the slots after them.  DT_NEEDED, which
 * repeats, is read where it is used (loader.c); its slot holds the last
 * one, not 0 when there is one.
 */
enum {
	DYN_GNU_HASH = DT_RELRENT + 1,
	DYN_VERSYM,
	DYN_FLAGS_1,
	DYN_SLOTS,
};

static int dyn_slot(int64_t tag)
{
	if (tag >= DT_NEEDED && tag <= DT_RELRENT)
		return (int)tag;
	if (tag == DT_GNU_HASH)
		return DYN_GNU_HASH;
	if (tag == DT_VERSYM)
		return DYN_VERSYM;
	if (tag == DT_FLAGS_1)
		return DYN_FLAGS_1;
	return -1;
}

/* The address an entry holds, biased, or 0 when it is absent. */
static uint64_t dyn_ptr(const struct elf_object *obj, const uint64_t *dyn,
			int slot)
{
	/* no branch: under TCG each of the 17 would be blocks of its own */
	return dyn[slot] + (obj->base & -(uint64_t)(dyn[slot] != 0));
}

static void take_tables(struct elf_object *obj, const uint64_t *dyn)
{
	obj->symtab = (const Elf64_Sym *)dyn_ptr(obj, dyn, DT_SYMTAB);
	obj->strtab = (const char *)dyn_ptr(obj, dyn, DT_STRTAB);
	obj->strsz = dyn[DT_STRSZ];
	obj->sysv_hash = (const uint32_t *)dyn_ptr(obj, dyn, DT_HASH);
	obj->gnu_hash = (const uint32_t *)dyn_ptr(obj, dyn, DYN_GNU_HASH);
	obj->versym = (const Elf64_Versym *)dyn_ptr(obj, dyn, DYN_VERSYM);
	obj->flags = dyn[DT_FLAGS];
	obj->flags_1 = dyn[DYN_FLAGS_1];
}

static void take_relocations(struct elf_object *obj, const uint64_t *dyn)
{
	obj->rela = (const Elf64_Rela *)dyn_ptr(obj, dyn, DT_RELA);
	obj->relasz = dyn[DT_RELASZ];
	obj->jmprel = (const Elf64_Rela *)dyn_ptr(obj, dyn, DT_JMPREL);
	obj->jmprelsz = dyn[DT_PLTRELSZ];
	obj->relr = (const Elf64_Relr *)dyn_ptr(obj, dyn, DT_RELR);
	obj->relrsz = dyn[DT_RELRSZ];
}

static void take_init_fini(struct elf_object *obj, const uint64_t *dyn)
{
	obj->init = dyn_ptr(obj, dyn, DT_INIT);
	obj->fini = dyn_ptr(obj, dyn, DT_FINI);
	obj->init_array = (const uint64_t *)dyn_ptr(obj, dyn, DT_INIT_ARRAY);
	obj->init_count = dyn[DT_INIT_ARRAYSZ] / 8;
	obj->fini_array = (const uint64_t *)dyn_ptr(obj, dyn, DT_FINI_ARRAY);
	obj->fini_count = dyn[DT_FINI_ARRAYSZ] / 8;
	obj->preinit_array =
	    (const uint64_t *)dyn_ptr(obj, dyn, DT_PREINIT_ARRAY);
	obj->preinit_count = dyn[DT_PREINIT_ARRAYSZ] / 8;
}

/* What the loader cannot handle among the entries. */
static bool check_dyn(const struct elf_object *obj, const uint64_t *dyn)
{
	if (dyn[DT_REL] || dyn[DT_RELSZ])
		return elf_fail(ELF_ERR_FORMAT,
				"%s: has DT_REL relocations, which x86-64 "
				"does not use",
				obj->path);
	if (dyn[DT_RELAENT] && dyn[DT_RELAENT] != sizeof(Elf64_Rela))
		return elf_fail(ELF_ERR_FORMAT,
				"%s: DT_RELAENT is %lu, not %zu", obj->path,
				dyn[DT_RELAENT], sizeof(Elf64_Rela));
	if (dyn[DT_JMPREL] && dyn[DT_PLTREL] != DT_RELA)
		return elf_fail(ELF_ERR_FORMAT, "%s: DT_PLTREL is not DT_RELA",
				obj->path);
	return true;
}

static const char *dyn_string(const struct elf_object *obj, uint64_t off)
{
	return off && off < obj->strsz ? obj->strtab + off : NULL;
}

/* The fixed part of the hash tables is in the object, sizes sensible. */
static bool good_gnu_hash(const struct elf_object *obj)
{
	const uint32_t *h = obj->gnu_hash;
	if (!elf_object_contains(obj, (uint64_t)h, 16))
		return false;
	uint64_t bloom_words = h[2];
	return h[0] != 0 && bloom_words != 0 &&
	       (bloom_words & (bloom_words - 1)) == 0 &&
	       elf_object_contains(obj, (uint64_t)h,
				   16 + bloom_words * 8 + (uint64_t)h[0] * 4);
}

static bool good_sysv_hash(const struct elf_object *obj)
{
	const uint32_t *h = obj->sysv_hash;
	return elf_object_contains(obj, (uint64_t)h, 8) && h[0] != 0 &&
	       elf_object_contains(obj, (uint64_t)h,
				   8 + ((uint64_t)h[0] + h[1]) * 4);
}

static bool check_tables(struct elf_object *obj)
{
	if (!obj->symtab || !obj->strtab || !obj->strsz)
		return elf_fail(ELF_ERR_FORMAT, "%s: no dynamic symbol table",
				obj->path);
	if (!obj->gnu_hash && !obj->sysv_hash)
		return elf_fail(ELF_ERR_FORMAT,
				"%s: no symbol hash table (DT_HASH or "
				"DT_GNU_HASH)",
				obj->path);
	if (obj->gnu_hash && !good_gnu_hash(obj))
		return elf_fail(ELF_ERR_FORMAT, "%s: bad DT_GNU_HASH",
				obj->path);
	if (obj->sysv_hash && !good_sysv_hash(obj))
		return elf_fail(ELF_ERR_FORMAT, "%s: bad DT_HASH", obj->path);
	obj->nsyms = elf_count_symbols(obj);
	/* A table walked by one loop: its body is translated once. */
	const struct {
		const void *p;
		size_t len;
		const char *what;
	} tables[] = {
	    {obj->strtab, obj->strsz, "DT_STRTAB"},
	    {obj->symtab, obj->nsyms * sizeof(Elf64_Sym), "DT_SYMTAB"},
	    {obj->versym, obj->nsyms * 2, "DT_VERSYM"},
	    {obj->rela, obj->relasz, "DT_RELA"},
	    {obj->jmprel, obj->jmprelsz, "DT_JMPREL"},
	    {obj->relr, obj->relrsz, "DT_RELR"},
	    {obj->init_array, obj->init_count * 8, "DT_INIT_ARRAY"},
	    {obj->fini_array, obj->fini_count * 8, "DT_FINI_ARRAY"},
	    {obj->preinit_array, obj->preinit_count * 8, "DT_PREINIT_ARRAY"},
	};
	for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++)
		if (!in_object(obj, tables[i].p, tables[i].len, tables[i].what))
			return false;
	return true;
}

/* Reads the dynamic section, at most max entries. */
static bool read_dynamic(struct elf_object *obj, size_t max)
{
	uint64_t dyn[DYN_SLOTS] = {0};
	bool symbolic = false; /* DT_SYMBOLIC's value means nothing */
	const Elf64_Dyn *d = obj->dynamic;
	size_t i;
	for (i = 0; i < max && d[i].d_tag != DT_NULL; i++) {
		int slot = dyn_slot(d[i].d_tag);
		if (slot >= 0)
			dyn[slot] = d[i].d_un.d_val;
		symbolic |= d[i].d_tag == DT_SYMBOLIC;
	}
	obj->dynamic_count = i;
	if (!check_dyn(obj, dyn))
		return false;
	take_tables(obj, dyn);
	if (symbolic)
		obj->flags |= DF_SYMBOLIC;
	take_relocations(obj, dyn);
	take_init_fini(obj, dyn);
	if (!check_tables(obj) || !elf_read_versions(obj))
		return false;
	obj->runpath = dyn_string(obj, dyn[DT_RUNPATH]);
	obj->rpath = dyn_string(obj, dyn[DT_RPATH]);
	obj->soname = dyn_string(obj, dyn[DT_SONAME]);
	if (obj->flags_1 & DF_1_PIE) {
		/* no PT_INTERP and no library: gcc -static-pie's output */
		if (!obj->is_executable && !dyn[DT_NEEDED])
			return elf_fail(ELF_ERR_FORMAT,
					"%s: a static-pie program: its own "
					"libc makes system calls, which osv "
					"does not serve (link it dynamically)",
					obj->path);
		obj->is_executable = true;
	}
	if (obj->flags_1 & DF_1_NODELETE)
		obj->nodelete = true;
	return true;
}

/*
 * The frames of an ET_EXEC's pages, which are its addresses; a page of
 * no segment between them is made inaccessible (map_pages()).
 */
static bool claim_fixed(struct elf_object *obj, const struct layout *l)
{
	uint64_t lo = l->vmin, hi = page_up(l->vmax);
	if (!page_alloc_claim(lo, hi))
		return elf_fail(ELF_ERR_NO_MEMORY,
				"%s: linked at a fixed address (ET_EXEC), "
				"needs 0x%lx-0x%lx, %s",
				obj->path, lo, hi, memory_user(lo, hi));
	fixed_program_loaded = true;
	obj->fixed = true;
	memset((void *)lo, 0, hi - lo);
	obj->phys = obj->map_start = lo;
	obj->map_end = hi;
	obj->base = 0;
	return true;
}

/* Fresh pages at a fresh address for a position-independent object. */
static bool claim_fresh(struct elf_object *obj, const struct layout *l)
{
	size_t npages = (page_up(l->vmax) - l->vmin) / PAGE_SIZE;
	uint64_t va = reserve_va(npages * PAGE_SIZE, l->align);
	obj->phys = va ? alloc_pages(npages) : 0;
	if (!obj->phys)
		return elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory for %zu KiB",
				obj->path, npages * PAGE_SIZE / 1024);
	obj->map_start = va;
	obj->map_end = va + npages * PAGE_SIZE;
	obj->base = va - l->vmin;
	return true;
}

/* Maps the segments of a checked file. */
static bool place(struct elf_object *obj, const Elf64_Ehdr *eh,
		  const struct layout *l)
{
	size_t npages = (page_up(l->vmax) - l->vmin) / PAGE_SIZE;
	if (!(l->fixed ? claim_fixed(obj, l) : claim_fresh(obj, l)))
		return false;
	const Elf64_Phdr *file_ph =
	    (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	obj->phnum = eh->e_phnum;
	obj->phdr = file_ph; /* until the copy in memory is mapped */
	copy_segments(obj, (const char *)eh);
	unsigned char small[SMALL_OBJECT_PAGES];
	unsigned char *rights = page_map(obj, l, small);
	bool ok = rights && map_pages(obj, rights, npages);
	if (rights != small)
		heap_free(rights);
	if (!ok)
		return rights ? false
			      : elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory",
					 obj->path);
	obj->phdr = loaded_phdrs(obj, eh, file_ph);
	if (eh->e_entry)
		obj->entry = obj->base + eh->e_entry;
	return obj->phdr ||
	       elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory", obj->path);
}

struct elf_object *elf_map_object(const char *name, const void *data,
				  size_t size, bool main_program)
{
	const Elf64_Ehdr *eh = data;
	struct layout l;
	if (!check_header(name, eh, size, main_program) ||
	    !scan_segments(
		name, (const Elf64_Phdr *)((const char *)data + eh->e_phoff),
		eh->e_phnum, size, &l, eh->e_type == ET_EXEC))
		return NULL;
	struct elf_object *obj = heap_calloc(1, sizeof(*obj));
	if (!obj || !(obj->path = elf_strdup(name))) {
		heap_free(obj);
		elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory", name);
		return NULL;
	}
	if (!place(obj, eh, &l))
		return NULL; /* what it took stays taken: rare and harmless */
	if (record_layout(obj, &l) &&
	    read_dynamic(obj, l.dynamic->p_memsz / sizeof(Elf64_Dyn)))
		return obj;
	elf_unmap_object(obj);
	return NULL;
}

struct elf_object *elf_kernel_object(void)
{
	static struct elf_object kernel;
	if (kernel.is_kernel)
		return &kernel;
	kernel.path = KERNEL_OBJECT_NAME;
	kernel.is_kernel = true;
	kernel.nodelete = true;
	kernel.map_start = (uint64_t)__image_start;
	kernel.map_end = (uint64_t)__image_end;
	kernel.dynamic = _DYNAMIC;
	if (!read_dynamic(&kernel, SIZE_MAX))
		kernel.nsyms = 0; /* no exports; lookups will fail */
	return &kernel;
}

bool elf_object_contains(const struct elf_object *obj, uint64_t addr,
			 size_t len)
{
	if (addr + len < addr)
		return false;
	if (obj->is_kernel)
		return addr >= obj->map_start && addr + len <= obj->map_end;
	for (unsigned i = 0; i < obj->phnum; i++) {
		const Elf64_Phdr *ph = &obj->phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uint64_t start = page_down(obj->base + ph->p_vaddr);
		uint64_t end = page_up(obj->base + ph->p_vaddr + ph->p_memsz);
		if (addr >= start && addr + len <= end)
			return true;
	}
	return false;
}

static bool writable_page(uint64_t addr)
{
	int rights = paging_rights(addr);
	return rights >= 0 && (rights & PAGING_WRITE);
}

bool elf_object_writable(const struct elf_object *obj, uint64_t addr,
			 size_t len)
{
	return !obj->fixed ||
	       (writable_page(addr) && writable_page(addr + len - 1));
}

void *elf_object_ram(const struct elf_object *obj, uint64_t addr)
{
	return (void *)(obj->phys + (addr - obj->map_start));
}

void elf_seal_fixed(const struct elf_object *obj)
{
	for (unsigned i = 0; obj->fixed && i < obj->phnum; i++) {
		const Elf64_Phdr *r = &obj->phdr[i];
		uint64_t start = page_down(r->p_vaddr),
			 end = page_down(r->p_vaddr + r->p_memsz);
		if (r->p_type == PT_GNU_RELRO && start < end &&
		    elf_object_contains(obj, start, end - start))
			paging_protect_identity(start, end - start,
						PAGING_READ);
	}
}

void elf_unmap_object(struct elf_object *obj)
{
	/* the headers may be in the pages about to go */
	size_t bytes = obj->phnum * sizeof(Elf64_Phdr);
	bool own_copy = (uint64_t)obj->phdr < obj->map_start ||
			(uint64_t)obj->phdr >= obj->map_end;
	Elf64_Phdr *ph = heap_alloc(bytes);
	if (!ph)
		return; /* keep it all rather than free pages in use */
	memcpy(ph, obj->phdr, bytes);
	if (own_copy)
		heap_free((void *)obj->phdr);
	obj->phdr = ph;
	/* a fixed program's frames stay claimed: its load failed, rare */
	for (uint64_t va = obj->map_start; !obj->fixed && va < obj->map_end;
	     va += PAGE_SIZE)
		if (elf_object_contains(obj, va, PAGE_SIZE)) {
			paging_unmap(va, PAGE_SIZE);
			page_free_run(elf_object_ram(obj, va), 1);
		}
	heap_free(ph);
	heap_free(obj->version_names);
	heap_free(obj->needed.items);
	heap_free(obj->scope.items);
	heap_free(obj->path);
	heap_free(obj);
}
