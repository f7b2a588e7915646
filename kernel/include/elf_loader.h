/*
 * The ELF dynamic linker: loads an application shared object (or PIE)
 * and the libraries it needs from the boot filesystem, relocates them
 * against each other and the kernel's own exports, sets up thread-local
 * storage, and runs their constructors and destructors.  It also backs
 * the libc's dlopen() family (libc/dlfcn/).  This header is the
 * subsystem's whole interface; the files under kernel/elf/ implement it.
 *
 * Objects go at addresses the kernel chooses in a region of virtual
 * memory far above RAM, one after another, with W^X page rights (text
 * r-x, rodata r--, data rw-, RELRO r-- once relocated).  Symbols are
 * looked up in the global scope (the program, then its dependencies
 * breadth-first, then RTLD_GLOBAL objects), then in the local scope of a
 * dlopen()ed object, and last in the kernel's exports, read from its own
 * dynamic symbol table.  The names libc.so.6, libpthread.so.0,
 * libdl.so.2, librt.so.1, ld-linux-x86-64.so.2 and libosv.so are the
 * kernel itself; libm.so.6 is a file, loaded from the search path.
 *
 * One thread exists for now: TLS blocks and the dlerror() state are per
 * thread in structure (elf_tls_create() gives a thread its own), not yet
 * in number.  Nothing here takes a lock.
 */
#ifndef KERNEL_ELF_LOADER_H
#define KERNEL_ELF_LOADER_H

#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>

#include "osv/api.h"

struct elf_object;

/* The status of a program that could not be loaded, as a shell's 127. */
#define ELF_EXIT_NOT_LOADED 127

/* What made the last failing call fail; elf_error() has the words. */
enum elf_error_kind {
	ELF_ERR_NONE,
	ELF_ERR_NO_FILE,   /* a file is not in the boot filesystem */
	ELF_ERR_FORMAT,	   /* not a loadable x86-64 ELF shared object */
	ELF_ERR_UNDEFINED, /* "NAME: undefined symbol: SYM" */
	ELF_ERR_RELOC,	   /* a relocation the loader cannot apply */
	ELF_ERR_NO_MEMORY, /* no memory or no room in static TLS */
	ELF_ERR_USAGE,	   /* a bad handle or argument to the dl* calls */
};

/*
 * The message of the last failure, "OBJECT: what went wrong" (a static
 * buffer, overwritten by the next failure), and its kind.
 */
const char *elf_error(void);
enum elf_error_kind elf_error_kind(void);

/*
 * Loads the program at path (absolute, in the boot filesystem) and,
 * breadth-first, every DT_NEEDED library, found along the needing
 * object's DT_RPATH (when it has no DT_RUNPATH), its DT_RUNPATH, then
 * /lib, /usr/lib, /lib/x86_64-linux-gnu and /usr/lib/x86_64-linux-gnu.
 * Gives the initial thread its TLS (static blocks for all of them, the
 * stack-protector canary) and relocates everything.  Every undefined
 * strong symbol is printed on a line of its own, "NAME: undefined
 * symbol: SYM", before the load fails.  argc, argv and envp are kept for
 * the init and fini functions, which run later.  Returns the program, or
 * NULL with elf_error() set.  Called once, before any dlopen() of an
 * object with TLS: the program's block must be the first below %fs.
 */
struct elf_object *elf_load_program(const char *path, int argc, char **argv,
				    char **envp);

/*
 * Runs the DT_PREINIT_ARRAY of the program, then DT_INIT and
 * DT_INIT_ARRAY of each loaded object not yet initialized, dependencies
 * before the objects that need them.
 */
void elf_run_init(void);

/*
 * At exit: runs DT_FINI_ARRAY (last entry first) and DT_FINI of every
 * initialized object that is still loaded, in the reverse order of their
 * initialization.  Each object is finalized once.
 */
void elf_run_fini(void);

/* Where and what a loaded program is, for starting it. */
struct elf_program_info {
	uint64_t base;		/* load bias */
	uint64_t entry;		/* e_entry + bias, 0 for a plain .so */
	const Elf64_Phdr *phdr; /* program headers in memory */
	unsigned phnum;
	int is_executable; /* a PIE (PT_INTERP or DF_1_PIE), entered at entry */
	const char *path;  /* the file it was loaded from, the loader's copy */
};
void elf_program_info(const struct elf_object *obj,
		      struct elf_program_info *out);

/*
 * The address of the symbol name defined by obj itself (not its
 * dependencies), an ifunc resolved; NULL when obj does not define it.
 */
void *elf_object_symbol(const struct elf_object *obj, const char *name);

/*
 * Reserves len bytes (a multiple of 4 KiB) of the loader's address space
 * region with an unmapped guard page below, for a program stack or
 * similar; maps it read-write to fresh zeroed pages.  Returns the lowest
 * address, or 0 when out of memory.
 */
uint64_t elf_map_anonymous(size_t len);

/*
 * The dlfcn backends; libc/dlfcn/ wraps them with glibc's names and keeps
 * the dlerror() state.  caller is the return address of the libc entry
 * point (whose object's RUNPATH dlopen searches, and after whose object
 * RTLD_NEXT looks).  Failures return NULL or -1 with elf_error() set.
 */
void *elf_dlopen(const char *file, int mode, const void *caller);
int elf_dlclose(void *handle);
/* version may be NULL; a lookup that finds nothing is an error. */
void *elf_dlsym(void *handle, const char *name, const char *version,
		const void *caller);
/* 0 when addr is in no loaded object (the kernel counts as one). */
int elf_dladdr(const void *addr, Dl_info *info);
/* elf_dladdr() that also gives the symbol and the object's link map. */
int elf_dladdr1(const void *addr, Dl_info *info, const Elf64_Sym **sym,
		struct link_map **map);
/* dlinfo()'s requests, glibc's answers; -1 for a bad handle or request. */
int elf_dlinfo(void *handle, int request, void *arg);
/*
 * Fills *out for the loaded object holding addr (for an unwinder: its
 * PT_GNU_EH_FRAME).  -1 when there is none; the kernel is none.
 */
int elf_find_object(const void *addr, struct dl_find_object *out);
/* The program and its libraries, in load order; not the kernel. */
int elf_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size,
				     void *data),
		     void *data);

/*
 * For backtraces: the exported symbol containing pc in a loaded object
 * (not the kernel).  Returns its name and sets *offset and *object (the
 * object's path); returns NULL with *object NULL when pc is in no
 * object, and NULL with *object set (and *offset from the object's base)
 * when no exported symbol contains it.
 */
const char *elf_symbolize(uint64_t pc, uint64_t *offset, const char **object);

/*
 * For the kernel's own symbol table (kernel/debug.c): the exported
 * function of the kernel that starts last at or before pc (the first of
 * .dynsym among those at one address), with its start in *start, or NULL.
 */
const char *elf_kernel_function_before(uint64_t pc, uint64_t *start);

/*
 * Thread-local storage.  A thread's TLS area holds its thread control
 * block, at the thread pointer (%fs) as the x86-64 ABI wants (variant II:
 * %fs:0 points to itself, the stack-protector canary at %fs:0x28), the
 * static TLS blocks of the program and its load-time libraries below it,
 * and a dynamic thread vector for the blocks of dlopen()ed modules,
 * allocated on first use by __tls_get_addr().
 *
 * elf_tls_create() makes a new area, with copies of every static
 * module's initial image; NULL when out of memory.  elf_tls_install()
 * makes it the current thread's.
 */
void *elf_tls_create(void);
void elf_tls_install(void *tcb);

/*
 * Frees an area elf_tls_create() made, with the blocks of dlopen()ed
 * modules it grew.  Never the current thread's.
 */
void elf_tls_destroy(void *tcb);

/* The general-dynamic TLS access of the psABI (exported, as glibc's). */
typedef struct {
	unsigned long ti_module;
	unsigned long ti_offset;
} tls_index;
OSV_LIBC_API void *__tls_get_addr(tls_index *ti);

#endif
