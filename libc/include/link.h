/* link.h: loaded objects as dl_iterate_phdr() shows them (glibc's ABI). */
#ifndef _LINK_H
#define _LINK_H

#include <elf.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define __ELF_NATIVE_CLASS 64
#define ElfW(type) _ElfW(Elf, __ELF_NATIVE_CLASS, type)
#define _ElfW(e, w, t) _ElfW_1(e, w, _##t)
#define _ElfW_1(e, w, t) e##w##t

struct dl_phdr_info {
	ElfW(Addr) dlpi_addr;  /* load bias: memory = dlpi_addr + p_vaddr */
	const char *dlpi_name; /* path of the object */
	const ElfW(Phdr) * dlpi_phdr; /* its program headers, in memory */
	ElfW(Half) dlpi_phnum;
	unsigned long long int dlpi_adds; /* objects ever loaded */
	unsigned long long int dlpi_subs; /* objects ever unloaded */
	size_t dlpi_tls_modid;		  /* TLS module id, 0 for none */
	void *dlpi_tls_data; /* this thread's block, NULL if not allocated */
};

/* A loaded object in the chain debuggers walk: glibc's public part. */
struct link_map {
	ElfW(Addr) l_addr; /* load bias */
	char *l_name;	   /* its path; "" for an executable */
	ElfW(Dyn) * l_ld;  /* its dynamic section */
	struct link_map *l_next, *l_prev;
};

/* The dynamic linker's rendezvous with debuggers (glibc's layout). */
struct r_debug {
	int r_version;
	struct link_map *r_map; /* the first object: the program */
	ElfW(Addr) r_brk;	/* a function called after each change */
	enum { RT_CONSISTENT, RT_ADD, RT_DELETE } r_state;
	ElfW(Addr) r_ldbase;
};

extern struct r_debug _r_debug;

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size,
				    void *data),
		    void *data);

#ifdef __cplusplus
}
#endif

#endif
