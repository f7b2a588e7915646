/*
 * Relocation (x86-64 psABI, RELA only).  Everything is bound eagerly: the
 * PLT's GOT slots get their final addresses like any other, so no lazy
 * binding trampoline exists.  Values are written through the identity
 * map of the object's RAM, so read-only pages need no write permission.
 *
 * Two passes over an object's tables: first every relocation that calls
 * no code, then R_X86_64_IRELATIVE and the relocations that bind to an
 * ifunc (STT_GNU_IFUNC), whose resolvers may read the object's GOT and
 * so run once the rest of it is in place.  Objects are relocated with
 * their dependencies first, so a resolver in another object is ready.
 *
 * Types: NONE, RELATIVE, DT_RELR's packed relative ones, 64, GLOB_DAT,
 * JUMP_SLOT, COPY, IRELATIVE, and for TLS DTPMOD64, DTPOFF64, TPOFF64
 * and TLSDESC.  An unknown type fails at once, naming it.  A strong
 * symbol that nothing defines is reported, and the work goes on so that
 * every missing symbol of the object is named; a weak one binds to 0.
 */
#include <string.h>

#include "elf_impl.h"
#include "klog.h"
#include "mm.h"

/*
 * The names after "R_X86_64_", by type number, one after another and
 * ended by an empty one: one string, not an array of pointers to them
 * (344 bytes more).
 */
static const char type_names[] = "NONE\0"
				 "64\0"
				 "PC32\0"
				 "GOT32\0"
				 "PLT32\0"
				 "COPY\0"
				 "GLOB_DAT\0"
				 "JUMP_SLOT\0"
				 "RELATIVE\0"
				 "GOTPCREL\0"
				 "32\0"
				 "32S\0"
				 "16\0"
				 "PC16\0"
				 "8\0"
				 "PC8\0"
				 "DTPMOD64\0"
				 "DTPOFF64\0"
				 "TPOFF64\0"
				 "TLSGD\0"
				 "TLSLD\0"
				 "DTPOFF32\0"
				 "GOTTPOFF\0"
				 "TPOFF32\0"
				 "PC64\0"
				 "GOTOFF64\0"
				 "GOTPC32\0"
				 "GOT64\0"
				 "GOTPCREL64\0"
				 "GOTPC64\0"
				 "GOTPLT64\0"
				 "PLTOFF64\0"
				 "SIZE32\0"
				 "SIZE64\0"
				 "GOTPC32_TLSDESC\0"
				 "TLSDESC_CALL\0"
				 "TLSDESC\0"
				 "IRELATIVE\0"
				 "RELATIVE64\0"
				 "39\0"
				 "40\0"
				 "GOTPCRELX\0"
				 "REX_GOTPCRELX\0";

/* The name of a relocation type, or "?" past the names. */
static const char *type_name(uint32_t type)
{
	const char *p = type_names;
	for (; *p && type; type--)
		p += strlen(p) + 1;
	return *p ? p : "?";
}

/* The state of relocating one object. */
struct reloc_job {
	struct elf_object *obj;
	bool print_undefined;
	bool second_pass;
	unsigned undefined; /* strong symbols not found */
	unsigned deferred;  /* relocations left for the second pass */
	bool *reported;	    /* symbol indexes already reported */
};

enum result { DONE, DEFERRED, FAILED };

/* elf_fail() has set the error. */
static enum result failed(bool ignored)
{
	(void)ignored;
	return FAILED;
}

static bool fail_type(const struct elf_object *obj, uint32_t type)
{
	return elf_fail(ELF_ERR_RELOC,
			"%s: unsupported relocation type R_X86_64_%s (%u)",
			obj->path, type_name(type), type);
}

static void store64(const struct elf_object *obj, uint64_t where, uint64_t v)
{
	memcpy(elf_object_ram(obj, where), &v, sizeof(v));
}

static const char *sym_name(const struct elf_object *obj, const Elf64_Sym *s)
{
	return s->st_name < obj->strsz ? obj->strtab + s->st_name : "?";
}

/*
 * Defined (to 1) by the link of a kernel cut to an export list, made
 * from a build tree (configure --with-export-list) or the installed SDK
 * (osv-link-kernel), else 0: so that the kernel's archives are the same
 * with a list or without, and the SDK can link a cut kernel from its
 * own.
 */
extern const char osv_export_list_linked[]
    __attribute__((weak, visibility("hidden")));

/*
 * copy: the symbol is a COPY relocation's, a variable the program keeps
 * a copy of (gcc reaches a program's extern data that way), which the
 * messages say: "undefined symbol" alone reads as a missing function.
 */
static void report_undefined(struct reloc_job *job, size_t symi, bool copy)
{
	struct elf_object *obj = job->obj;
	if (!job->reported)
		job->reported = heap_calloc(obj->nsyms, sizeof(bool));
	if (job->reported) {
		if (job->reported[symi])
			return;
		job->reported[symi] = true;
	}
	const char *name = sym_name(obj, &obj->symtab[symi]);
	const char *what =
	    copy ? " (a variable the program copies at load: a COPY relocation)"
		 : "";
	if (job->print_undefined) {
		kprintf("%s: undefined symbol: %s%s\n", obj->path, name, what);
		/* BEGIN export list (issue 9) */
		if (osv_export_list_linked && job->undefined == 0)
			kprintf(
			    "%s: hint: this kernel was built with an export "
			    "list (configure --with-export-list, "
			    "osv-link-kernel) and exports only the symbols its "
			    "application was built for; rebuild it with a list "
			    "from osv-symbols\n",
			    obj->path);
		/* END export list */
	}
	if (job->undefined++ == 0)
		elf_fail(ELF_ERR_UNDEFINED, "%s: undefined symbol: %s%s",
			 obj->path, name, what);
}

/*
 * The definition symbol index symi of obj binds to.  A local symbol is
 * its own; ref->obj stays NULL when none is found.
 */
static struct elf_symref resolve(const struct elf_object *obj, size_t symi,
				 const struct elf_object *skip)
{
	const Elf64_Sym *s = &obj->symtab[symi];
	if (ELF64_ST_BIND(s->st_info) == STB_LOCAL)
		return (struct elf_symref){obj, s};
	struct elf_name n;
	elf_name_init(&n, sym_name(obj, s), elf_symbol_version(obj, symi));
	return elf_lookup(&n, obj, skip, NULL);
}

static bool is_ifunc(const struct elf_symref *ref)
{
	return ELF64_ST_TYPE(ref->sym->st_info) == STT_GNU_IFUNC;
}

/* An ET_EXEC's relocations are written at its addresses (object.c). */
static bool read_only(const struct elf_object *obj, uint64_t where)
{
	return elf_fail(ELF_ERR_RELOC,
			"%s: relocation at 0x%lx in a read-only segment (text "
			"relocations need a PIE)",
			obj->path, where);
}

/*
 * A program's copy of a kernel variable is of the size the program was
 * built against, glibc's.  Each variable osv exports has glibc's size
 * but _IO_2_1_stdin_, _IO_2_1_stdout_ and _IO_2_1_stderr_ (osv's streams
 * are larger than glibc's FILE): a copy of one would be a slice of a
 * stream, which the program's first use of it crashes on, so a size
 * that differs is refused.  Other objects' variables are copied as
 * glibc's ld.so copies them, up to the smaller size.  A program symbol
 * of size 0 (declared in assembly, say) copies nothing, as with glibc.
 */
static bool copy_size_fits(const struct elf_object *obj, const Elf64_Sym *s,
			   const struct elf_symref *def)
{
	if (!def->obj->is_kernel || !s->st_size ||
	    s->st_size == def->sym->st_size)
		return true;
	return elf_fail(ELF_ERR_RELOC,
			"%s: copies %s (%lu bytes) but osv's is %lu bytes: "
			"not supported",
			obj->path, sym_name(obj, s), (unsigned long)s->st_size,
			(unsigned long)def->sym->st_size);
}

static enum result copy_reloc(struct reloc_job *job, uint64_t where,
			      size_t symi)
{
	struct elf_object *obj = job->obj;
	const Elf64_Sym *s = &obj->symtab[symi];
	struct elf_symref def = resolve(obj, symi, obj);
	if (!def.obj) {
		report_undefined(job, symi, true);
		return DONE;
	}
	if (!copy_size_fits(obj, s, &def))
		return FAILED;
	size_t size =
	    s->st_size < def.sym->st_size ? s->st_size : def.sym->st_size;
	if (!elf_object_contains(obj, where, size))
		return failed(elf_fail(ELF_ERR_RELOC,
				       "%s: COPY of %s out of bounds",
				       obj->path, sym_name(obj, s)));
	if (size && !elf_object_writable(obj, where, size))
		return failed(read_only(obj, where));
	memcpy(elf_object_ram(obj, where),
	       (const void *)(def.obj->base + def.sym->st_value), size);
	return DONE;
}

/*
 * A TLS descriptor (R_X86_64_TLSDESC: two words, a function and its
 * argument) is called with %rax pointing to it and returns in %rax the
 * variable's offset from the thread pointer, every other register kept.
 * Only static TLS is described, so the function just returns the offset.
 */
void elf_tlsdesc_static(void);
__asm__(".pushsection .text\n"
	".globl elf_tlsdesc_static\n"
	".type elf_tlsdesc_static, @function\n"
	"elf_tlsdesc_static:\n"
	"\tmov 8(%rax), %rax\n"
	"\tret\n"
	".size elf_tlsdesc_static, . - elf_tlsdesc_static\n"
	".popsection");

/* Whether def's TLS is at a fixed offset from tp, made so if need be. */
static bool static_tls(const struct elf_object *def,
		       const struct elf_object *obj)
{
	if (def->tls_offset ||
	    (!def->init_started && elf_tls_make_static(def->tls_modid)))
		return true;
	if (elf_error_kind() == ELF_ERR_NO_MEMORY)
		return false;
	return elf_fail(ELF_ERR_RELOC,
			"%s: initial-exec TLS of %s, which was dlopen()ed "
			"with dynamic TLS",
			obj->path, def->path);
}

static enum result store_tlsdesc(const struct elf_object *obj, uint64_t where,
				 uint64_t offset)
{
	if (!elf_object_contains(obj, where, 16))
		return failed(elf_fail(ELF_ERR_RELOC,
				       "%s: TLS descriptor out of bounds",
				       obj->path));
	store64(obj, where, (uint64_t)elf_tlsdesc_static);
	store64(obj, where + 8, offset);
	return DONE;
}

/*
 * The TLS relocations: module id, offset in the module, offset from tp,
 * descriptor.  Symbol index 0 is the object's own module.
 */
static enum result tls_reloc(struct reloc_job *job, uint32_t type,
			     uint64_t where, size_t symi, int64_t addend)
{
	struct elf_object *obj = job->obj;
	struct elf_symref def = {obj, NULL};
	if (symi)
		def = resolve(obj, symi, NULL);
	if (!def.obj) {
		if (ELF64_ST_BIND(obj->symtab[symi].st_info) != STB_WEAK)
			report_undefined(job, symi, false);
		return DONE;
	}
	if (!def.obj->tls_modid)
		return failed(elf_fail(ELF_ERR_RELOC,
				       "%s: TLS relocation against %s, "
				       "which has no TLS",
				       obj->path, def.obj->path));
	uint64_t offset = (def.sym ? def.sym->st_value : 0) + addend;
	if (type == R_X86_64_DTPMOD64) {
		store64(obj, where, def.obj->tls_modid);
		return DONE;
	}
	if (type == R_X86_64_DTPOFF64) {
		store64(obj, where, offset);
		return DONE;
	}
	if (!static_tls(def.obj, obj))
		return FAILED;
	offset -= def.obj->tls_offset;
	if (type == R_X86_64_TLSDESC)
		return store_tlsdesc(obj, where, offset);
	store64(obj, where, offset);
	return DONE;
}

/* R_X86_64_64, GLOB_DAT and JUMP_SLOT: S + A. */
static enum result symbol_reloc(struct reloc_job *job, uint64_t where,
				size_t symi, int64_t addend)
{
	struct elf_object *obj = job->obj;
	struct elf_symref def = resolve(obj, symi, NULL);
	if (!def.obj) {
		if (ELF64_ST_BIND(obj->symtab[symi].st_info) != STB_WEAK)
			report_undefined(job, symi, false);
		else if (!job->second_pass)
			store64(obj, where, addend);
		return DONE;
	}
	if (is_ifunc(&def) != job->second_pass)
		return DEFERRED;
	store64(obj, where, elf_symbol_address(&def) + addend);
	return DONE;
}

/* The types the second pass applies: ifunc resolvers may be called. */
static bool may_call_code(uint32_t type)
{
	return type == R_X86_64_IRELATIVE || type == R_X86_64_64 ||
	       type == R_X86_64_GLOB_DAT || type == R_X86_64_JUMP_SLOT;
}

static uint64_t call_resolver(uint64_t resolver)
{
	return ((uint64_t(*)(void))resolver)();
}

static enum result apply(struct reloc_job *job, const Elf64_Rela *r)
{
	struct elf_object *obj = job->obj;
	uint32_t type = ELF64_R_TYPE(r->r_info);
	size_t symi = ELF64_R_SYM(r->r_info);
	uint64_t where = obj->base + r->r_offset;
	if (type == R_X86_64_NONE)
		return DONE;
	if ((symi && symi >= obj->nsyms) ||
	    (type != R_X86_64_COPY && !elf_object_contains(obj, where, 8)))
		return failed(elf_fail(ELF_ERR_RELOC,
				       "%s: bad relocation at offset 0x%lx",
				       obj->path, r->r_offset));
	/* a COPY's size is known later: copy_reloc() checks it */
	if (type != R_X86_64_COPY &&
	    !elf_object_writable(obj, where, type == R_X86_64_TLSDESC ? 16 : 8))
		return failed(read_only(obj, where));
	if (job->second_pass && !may_call_code(type))
		return DONE;
	switch (type) {
	case R_X86_64_RELATIVE:
		store64(obj, where, obj->base + r->r_addend);
		return DONE;
	case R_X86_64_IRELATIVE:
		if (!job->second_pass)
			return DEFERRED;
		store64(obj, where, call_resolver(obj->base + r->r_addend));
		return DONE;
	case R_X86_64_64:
	case R_X86_64_GLOB_DAT:
	case R_X86_64_JUMP_SLOT:
		return symbol_reloc(job, where, symi, r->r_addend);
	case R_X86_64_COPY:
		return copy_reloc(job, where, symi);
	case R_X86_64_DTPMOD64:
	case R_X86_64_DTPOFF64:
	case R_X86_64_TPOFF64:
	case R_X86_64_TLSDESC:
		return tls_reloc(job, type, where, symi, r->r_addend);
	}
	return failed(fail_type(obj, type));
}

static bool apply_table(struct reloc_job *job, const Elf64_Rela *table,
			size_t bytes)
{
	size_t n = bytes / sizeof(Elf64_Rela);
	for (size_t i = 0; i < n; i++) {
		enum result res = apply(job, &table[i]);
		if (res == FAILED)
			return false;
		if (res == DEFERRED)
			job->deferred++;
	}
	return true;
}

/*
 * DT_RELR: relative relocations packed as an address (even entry: the
 * word there gets the base added, and the next words are described by
 * the bitmaps that follow) or a bitmap (odd entry: bit i+1 set means
 * word i of the next 63 gets the base added).
 */
static bool apply_relr(struct elf_object *obj)
{
	uint64_t where = 0;
	/* An ET_EXEC's: adding 0 would only write into its read-only pages */
	if (obj->fixed)
		return true;
	for (size_t i = 0; i < obj->relrsz / sizeof(Elf64_Relr); i++) {
		Elf64_Relr e = obj->relr[i];
		uint64_t bits = e & 1 ? e >> 1 : 1;
		if (!(e & 1))
			where = obj->base + e;
		for (uint64_t w = where; bits; bits >>= 1, w += 8) {
			if (!(bits & 1))
				continue;
			if (!elf_object_contains(obj, w, 8))
				return elf_fail(ELF_ERR_RELOC,
						"%s: bad DT_RELR entry",
						obj->path);
			uint64_t *p = elf_object_ram(obj, w);
			*p += obj->base;
		}
		where += e & 1 ? 63 * 8 : 8;
	}
	return true;
}

bool elf_relocate(struct elf_object *obj, bool print_undefined)
{
	struct reloc_job job = {.obj = obj, .print_undefined = print_undefined};
	bool ok = apply_relr(obj) &&
		  apply_table(&job, obj->rela, obj->relasz) &&
		  apply_table(&job, obj->jmprel, obj->jmprelsz);
	if (ok && job.deferred && !job.undefined) {
		job.second_pass = true;
		ok = apply_table(&job, obj->rela, obj->relasz) &&
		     apply_table(&job, obj->jmprel, obj->jmprelsz);
	}
	heap_free(job.reported);
	if (!ok || job.undefined)
		return false;
	obj->relocated = true;
	return true;
}
