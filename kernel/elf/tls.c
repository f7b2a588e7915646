/*
 * Thread-local storage, as the x86-64 psABI and Drepper's "ELF Handling
 * For Thread-Local Storage" lay it out (variant II).  The thread pointer
 * (%fs base) points at the thread control block; the static TLS blocks
 * sit just below it, the program's first, so that the offsets its linker
 * computed for local-exec accesses hold:
 *
 *        area                                              tp = %fs:0
 *        |  surplus  | block n | ... | block 2 | block 1 (program) | TCB |
 *                                                  <- tls_offset ->
 *
 * Every object loaded with the program gets a static block (module ids
 * from 1, in load order).  An object dlopen()ed later gets one from the
 * surplus only when something needs its TLS at a fixed offset from tp:
 * it says so (DF_STATIC_TLS), or an initial-exec or TLS descriptor
 * relocation is found against it before it runs.  Otherwise its block is
 * allocated per thread on first use by __tls_get_addr(), through the
 * thread's dynamic thread vector (DTV), which is filled lazily for static
 * blocks too.
 *
 * The TCB keeps glibc's offsets for the fields compiled code reads: the
 * self pointer at %fs:0x00 and the stack-protector canary at %fs:0x28.
 */
#include <string.h>

#include "arch.h"
#include "debug.h"
#include "elf_impl.h"
#include "mm.h"

/* Static TLS kept free for dlopen()ed objects with DF_STATIC_TLS. */
#define TLS_SURPLUS 2048

struct dtv {
	size_t count;  /* slots, indexed by module id */
	void *block[]; /* NULL: not allocated yet for this thread */
};

struct tcb {
	struct tcb *self; /* %fs:0x00, what the ABI requires */
	struct dtv *dtv;  /* %fs:0x08 */
	struct tcb *self2;
	int multiple_threads;
	int gscope_flag;
	uint64_t sysinfo;
	uint64_t stack_guard;	/* %fs:0x28, read by -fstack-protector */
	uint64_t pointer_guard; /* %fs:0x30 */
	uint64_t reserved[9];	/* glibc's header goes on to 0x80 */
	void *area;		/* the allocation that holds it all */
};

_Static_assert(__builtin_offsetof(struct tcb, stack_guard) == 0x28,
	       "the canary is at %fs:0x28");

/* Every TLS module, by id; NULL for an id never given. */
static struct elf_object **modules;
static size_t module_count = 1; /* id 0 is never used */
static size_t module_cap;

static size_t static_size;	 /* bytes below tp used by static blocks */
static size_t static_align = 64; /* of tp, and so of the whole area */
static size_t static_limit;	 /* fixed once the first area exists */
static uint64_t canary, pointer_guard;

/*
 * volatile: the thread pointer changes (elf_tls_install), and before the
 * first one is installed %fs:0 is not mapped; a plain asm is a pure value
 * to GCC, which --enable-lto hoisted out of elf_tls_init_static's guard
 * into relocate_from and read with no TCB (a fault loading a module).
 */
static struct tcb *current(void)
{
	struct tcb *t;
	__asm__ volatile("mov %%fs:0, %0" : "=r"(t));
	return t;
}

static bool add_module(struct elf_object *obj)
{
	if (module_count >= module_cap) {
		size_t cap = module_cap ? 2 * module_cap : 16;
		struct elf_object **m =
		    heap_realloc(modules, cap * sizeof(*modules));
		if (!m)
			return false;
		modules = m;
		module_cap = cap;
	}
	obj->tls_modid = module_count;
	modules[module_count++] = obj;
	return true;
}

/*
 * The offset below tp of a block placed after used bytes: far enough for
 * its size, and aligned so that the block's address keeps the alignment
 * and the residue its PT_TLS has (tp itself is aligned to static_align).
 */
static size_t place_block(size_t used, const struct elf_object *obj)
{
	size_t a = obj->tls_align;
	size_t off = used + obj->tls_memsz;
	size_t residue = ((uint64_t)obj->tls_image - obj->base) & (a - 1);
	return off + ((a - ((off + residue) & (a - 1))) & (a - 1));
}

/*
 * A static block for obj after the ones placed so far, if it fits.  Only
 * the program's objects may come before the first area exists: the
 * program's own block must be the first below tp.
 */
static bool place_static(struct elf_object *obj, bool initial)
{
	if (!initial && !static_limit)
		return elf_fail(ELF_ERR_NO_MEMORY,
				"%s: static TLS before the program is loaded",
				obj->path);
	size_t off = place_block(static_size, obj);
	if (static_limit &&
	    (off > static_limit || obj->tls_align > static_align))
		return elf_fail(ELF_ERR_NO_MEMORY,
				"%s: cannot allocate memory in static TLS "
				"block",
				obj->path);
	if (obj->tls_align > static_align)
		static_align = obj->tls_align;
	obj->tls_offset = off;
	static_size = off;
	return true;
}

bool elf_tls_assign_static(struct elf_object *obj, bool initial)
{
	if (!obj->tls_memsz && !obj->tls_image)
		return true;
	if (obj->tls_align & (obj->tls_align - 1))
		return elf_fail(ELF_ERR_FORMAT, "%s: bad PT_TLS alignment",
				obj->path);
	if (!add_module(obj))
		return elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory", obj->path);
	if (!initial && !(obj->flags & DF_STATIC_TLS))
		return true; /* dynamic: allocated on first use */
	return place_static(obj, initial);
}

bool elf_tls_make_static(size_t modid)
{
	struct elf_object *obj = modid < module_count ? modules[modid] : NULL;
	return obj && (obj->tls_offset || place_static(obj, false));
}

void elf_tls_forget(const struct elf_object *obj)
{
	if (obj->tls_modid && obj->tls_modid < module_count)
		modules[obj->tls_modid] = NULL;
}

static uint64_t random64(void)
{
	uint64_t r;
	if (rdrand64(&r))
		return r;
	/* splitmix64 over the TSC: not secret, but never the same twice */
	static uint64_t state;
	state += rdtsc() + 0x9e3779b97f4a7c15ULL;
	r = state;
	r = (r ^ (r >> 30)) * 0xbf58476d1ce4e5b9ULL;
	r = (r ^ (r >> 27)) * 0x94d049bb133111ebULL;
	return r ^ (r >> 31);
}

static struct dtv *new_dtv(size_t count)
{
	struct dtv *d = heap_calloc(1, sizeof(*d) + count * sizeof(void *));
	if (d)
		d->count = count;
	return d;
}

void *elf_tls_create(void)
{
	if (!static_limit) {
		/* the first area fixes the layout; the rest is surplus */
		static_limit = static_size + TLS_SURPLUS;
		/* the low byte is 0 so that string overflows stop at it */
		canary = random64() & ~0xffULL;
		pointer_guard = random64();
	}
	size_t below = (static_limit + static_align - 1) & ~(static_align - 1);
	char *area = heap_memalign(static_align, below + sizeof(struct tcb));
	struct dtv *dtv = new_dtv(module_count);
	if (!area || !dtv) {
		heap_free(area);
		heap_free(dtv);
		return NULL;
	}
	memset(area, 0, below + sizeof(struct tcb));
	struct tcb *t = (struct tcb *)(area + below);
	t->self = t->self2 = t;
	t->dtv = dtv;
	t->area = area;
	t->stack_guard = canary;
	t->pointer_guard = pointer_guard;
	for (size_t id = 1; id < module_count; id++)
		if (modules[id] && modules[id]->tls_offset)
			memcpy((char *)t - modules[id]->tls_offset,
			       modules[id]->tls_image, modules[id]->tls_filesz);
	return t;
}

void elf_tls_destroy(void *tcb)
{
	struct tcb *t = tcb;
	/* the MSR, not %fs:0: the caller may have no TLS at all */
	if ((uint64_t)(uintptr_t)t == rdmsr(MSR_FS_BASE))
		panic("elf_tls_destroy: the current thread's TLS");
	/* static blocks lie in the area below the TCB; the rest are own */
	char *lo = t->area, *hi = (char *)t;
	for (size_t id = 0; id < t->dtv->count; id++) {
		char *b = t->dtv->block[id];
		if (b && (b < lo || b >= hi))
			heap_free(b);
	}
	heap_free(t->dtv);
	heap_free(t->area);
}

void elf_tls_install(void *tcb)
{
	arch_set_thread_pointer((uint64_t)tcb);
}

void elf_tls_init_static(const struct elf_object *obj)
{
	if (!obj->tls_offset || !static_limit)
		return;
	char *block = (char *)current() - obj->tls_offset;
	memcpy(block, obj->tls_image, obj->tls_filesz);
	memset(block + obj->tls_filesz, 0, obj->tls_memsz - obj->tls_filesz);
}

/* Makes room in the thread's DTV for module id. */
static struct dtv *grow_dtv(struct tcb *t, size_t id)
{
	if (id < t->dtv->count)
		return t->dtv;
	struct dtv *d = new_dtv(module_count > id ? module_count : id + 1);
	if (!d)
		return NULL;
	memcpy(d->block, t->dtv->block, t->dtv->count * sizeof(void *));
	heap_free(t->dtv);
	t->dtv = d;
	return d;
}

/* A fresh block of a dynamic module for this thread, from its image. */
static void *new_block(const struct elf_object *obj)
{
	size_t align = obj->tls_align < 16 ? 16 : obj->tls_align;
	char *b = heap_memalign(align, obj->tls_memsz ? obj->tls_memsz : 1);
	if (!b)
		return NULL;
	memcpy(b, obj->tls_image, obj->tls_filesz);
	memset(b + obj->tls_filesz, 0, obj->tls_memsz - obj->tls_filesz);
	return b;
}

/* The current thread's block of module id, allocated if need be. */
static void *block_of(size_t id)
{
	struct tcb *t = current();
	if (id < t->dtv->count && t->dtv->block[id])
		return t->dtv->block[id];
	if (id == 0 || id >= module_count || !modules[id])
		panic("__tls_get_addr: no TLS module %zu", id);
	struct dtv *d = grow_dtv(t, id);
	const struct elf_object *obj = modules[id];
	void *b = obj->tls_offset ? (char *)t - obj->tls_offset : NULL;
	if (!b && d)
		b = new_block(obj);
	if (!b)
		panic("__tls_get_addr: no memory for the TLS of %s", obj->path);
	d->block[id] = b;
	return b;
}

void *__tls_get_addr(tls_index *ti)
{
	struct dtv *d = current()->dtv;
	size_t id = ti->ti_module;
	if (id < d->count && d->block[id])
		return (char *)d->block[id] + ti->ti_offset;
	return (char *)block_of(id) + ti->ti_offset;
}

void *elf_tls_block(size_t modid)
{
	if (!modid || !static_limit)
		return NULL;
	struct tcb *t = current();
	if (modid < t->dtv->count && t->dtv->block[modid])
		return t->dtv->block[modid];
	const struct elf_object *obj =
	    modid < module_count ? modules[modid] : NULL;
	return obj && obj->tls_offset ? (char *)t - obj->tls_offset : NULL;
}

/* dlsym() of a TLS symbol: its address in this thread, allocating. */
void *elf_tls_address(size_t modid, uint64_t offset)
{
	return (char *)block_of(modid) + offset;
}
