/*
 * What the files of the ELF loader share: the loaded-object structure
 * and each file's internal functions, under its own heading.  Nothing
 * outside kernel/elf/ includes this; the interface is elf_loader.h.
 */
#ifndef KERNEL_ELF_IMPL_H
#define KERNEL_ELF_IMPL_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf_loader.h"

/* A growable array of objects. */
struct elf_list {
	struct elf_object **items;
	unsigned count, cap;
};

/* One loaded object: the kernel itself, the program, or a library. */
struct elf_object {
	/*
	 * In _r_debug's chain (loader.c).  First, so that a handle is its
	 * link map, as glibc's: programs read l_addr through the handle
	 * dlopen() gave and pass link maps back as handles.
	 */
	struct link_map link_map;
	char *path;		     /* as found: "/app.so", "/lib/libx.so" */
	const char *soname;	     /* DT_SONAME, or NULL */
	uint64_t base;		     /* load bias: address = base + p_vaddr */
	uint64_t map_start, map_end; /* the pages it occupies */
	uint64_t phys;		     /* RAM behind [map_start, map_end) */
	const Elf64_Phdr *phdr;
	unsigned phnum;
	uint64_t entry;	    /* e_entry + base for an executable, else 0 */
	bool is_executable; /* PT_INTERP, DF_1_PIE, or ET_EXEC */
	bool fixed;	    /* ET_EXEC: its frames are its addresses */
	bool is_kernel;

	/* From the dynamic section; pointers are already biased. */
	const Elf64_Dyn *dynamic;
	size_t dynamic_count; /* entries before DT_NULL */
	const Elf64_Sym *symtab;
	const char *strtab;
	size_t strsz;
	size_t nsyms;
	const uint32_t *sysv_hash;
	const uint32_t *gnu_hash;
	const Elf64_Versym *versym;
	const char **version_names; /* by version index, NULL-padded */
	unsigned nversions;
	const Elf64_Rela *rela, *jmprel;
	size_t relasz, jmprelsz;
	const Elf64_Relr *relr;
	size_t relrsz;
	uint64_t init, fini;
	const uint64_t *preinit_array, *init_array, *fini_array;
	size_t preinit_count, init_count, fini_count;
	const char *runpath, *rpath;
	uint64_t flags, flags_1;

	/* The dependency graph and scopes (loader.c). */
	uint64_t file_dev, file_ino; /* its file, to share it */
	struct elf_list needed;	     /* DT_NEEDED order, without the kernel */
	struct elf_object *next;     /* all loaded objects, in load order */
	struct elf_object *group;    /* the object whose load brought it in */
	struct elf_list scope;	     /* itself + what it needs, breadth-first */
	unsigned refcount; /* dlopen() handles + objects that need it */
	bool global;	   /* in the global scope (for a group: all of it) */
	bool nodelete;	   /* never unloaded */
	bool deepbind;	   /* its scope before the global one */
	bool relocated, init_started, init_done, fini_done;

	/* TLS (tls.c); tls_modid 0 when there is no PT_TLS. */
	const void *tls_image; /* initial image, biased */
	size_t tls_filesz, tls_memsz, tls_align;
	size_t tls_modid;
	size_t tls_offset; /* static block at tp - offset; 0: dynamic */
};

/* loader.c: the error state and helpers shared by every file. */
bool elf_fail(enum elf_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *elf_strdup(const char *s);
bool elf_list_push(struct elf_list *l, struct elf_object *obj);
bool elf_list_has(const struct elf_list *l, const struct elf_object *obj);
/* obj's entry in _r_debug's chain. */
struct link_map *elf_link_map(struct elf_object *obj);
/* Whether obj is a dlopen() handle; elf_fail()s when not. */
bool elf_valid_handle(const struct elf_object *obj);

/* object.c: reading and mapping files. */
/*
 * Maps the ELF shared object data[0, size) (a file of the boot
 * filesystem) at a fresh address and reads its dynamic section.  The
 * name is kept for messages.  NULL with the error set on failure.  The
 * main program may be an ET_EXEC instead, mapped at its link addresses.
 */
struct elf_object *elf_map_object(const char *name, const void *data,
				  size_t size, bool main_program);
/*
 * Whether a relocation may write [addr, addr + len): always, but in an
 * ET_EXEC, whose relocations are written at their addresses (text and
 * read-only data are mapped read-only from the start).
 */
bool elf_object_writable(const struct elf_object *obj, uint64_t addr,
			 size_t len);
/* Makes an ET_EXEC's RELRO read-only, once it is relocated. */
void elf_seal_fixed(const struct elf_object *obj);
/* The kernel itself as an object, its exports read from _DYNAMIC. */
struct elf_object *elf_kernel_object(void);
/* Whether [off, off + len) of the object's addresses is mapped RAM. */
bool elf_object_contains(const struct elf_object *obj, uint64_t addr,
			 size_t len);
/*
 * Where to write len bytes at address addr of a loaded object: its RAM
 * through the identity map, so read-only pages can be relocated.
 */
void *elf_object_ram(const struct elf_object *obj, uint64_t addr);
/* Unmaps a loaded object that failed and frees its memory. */
void elf_unmap_object(struct elf_object *obj);

/* symbol.c: hash tables, versions and scope searches. */
struct elf_symref {
	const struct elf_object *obj; /* NULL: not found */
	const Elf64_Sym *sym;
};
/* A name to look up, with its hashes computed once. */
struct elf_name {
	const char *name;
	const char *version; /* NULL: any default version */
	uint32_t gnu_hash;
};
void elf_name_init(struct elf_name *n, const char *name, const char *version);
/* The definition of n in obj alone. */
const Elf64_Sym *elf_find_symbol(const struct elf_object *obj,
				 const struct elf_name *n);
/*
 * The version a symbol reference of obj (index i of its symtab) asks
 * for, or NULL.
 */
const char *elf_symbol_version(const struct elf_object *obj, size_t i);
/* The address a definition stands for (ifuncs are called); not TLS. */
uint64_t elf_symbol_address(const struct elf_symref *ref);
/* Reads the version tables; false when they are malformed. */
bool elf_read_versions(struct elf_object *obj);
/* Counts the dynamic symbols from the hash tables. */
size_t elf_count_symbols(const struct elf_object *obj);

/* loader.c: the loaded objects and their scopes. */
/*
 * Looks n up as object from sees it: itself first when it is
 * DT_SYMBOLIC, the global scope, its group's scope, the kernel.  skip is
 * never searched (COPY relocations); with after set, only what comes
 * after that object is searched (RTLD_NEXT).
 */
struct elf_symref elf_lookup(const struct elf_name *n,
			     const struct elf_object *from,
			     const struct elf_object *skip,
			     const struct elf_object *after);
struct elf_object *elf_first_object(void);
struct elf_object *elf_kernel(void);
/* The loaded object (or the kernel) containing addr, or NULL. */
struct elf_object *elf_object_at(uint64_t addr);
/* Counters of objects ever loaded and unloaded (dl_iterate_phdr). */
extern unsigned long long elf_adds, elf_subs;

/* reloc.c */
/*
 * Applies every relocation of obj.  Undefined strong symbols are all
 * reported (printed when print_undefined) before failing.
 */
bool elf_relocate(struct elf_object *obj, bool print_undefined);

/* tls.c */
/*
 * Gives obj, if it has PT_TLS, a module id and, when initial (loaded with
 * the program, before the first thread's TLS exists) or when it asks for
 * it (DF_STATIC_TLS), a static block.  false when the static TLS surplus
 * is exhausted.
 */
bool elf_tls_assign_static(struct elf_object *obj, bool initial);
/*
 * Gives a module a static block from the surplus if it has none; only
 * for one none of whose code has run (no thread has a block of it yet).
 */
bool elf_tls_make_static(size_t modid);
/* Forgets the module of an object whose load failed. */
void elf_tls_forget(const struct elf_object *obj);
/* Copies obj's initial image into the current thread's static block. */
void elf_tls_init_static(const struct elf_object *obj);
/* The current thread's block of a module, NULL when not allocated. */
void *elf_tls_block(size_t modid);
/* The current thread's address of offset in a module, allocating. */
void *elf_tls_address(size_t modid, uint64_t offset);

#endif
