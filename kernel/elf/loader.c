/*
 * The loaded objects and what happens to them as a whole: finding files,
 * loading a program or a dlopen()ed object with everything it needs,
 * symbol scopes, constructors and destructors, and unloading.
 *
 * Objects form one list in load order.  A load appends the root, then
 * walks the list from the root on, appending each DT_NEEDED object not
 * yet loaded: the walk is breadth-first because new objects join at the
 * end.  An object needed again is shared (found by DT_SONAME, or by
 * being the same file: device and inode number).  Files are read
 * through the VFS, in place when the filesystem offers their bytes
 * (vfs_direct: ramfs), else into a buffer freed after mapping.  A failed
 * dlopen() takes back everything it added.
 *
 * Scopes: the global scope is the program and its dependencies
 * breadth-first, then the objects of RTLD_GLOBAL dlopen()s; an object
 * dlopen()ed without RTLD_GLOBAL also sees its own group (the
 * breadth-first closure of the object that loaded it); the kernel comes
 * last for everyone.
 *
 * Order: relocation goes backwards through the new objects (dependencies
 * before the objects that need them, the program last, so that its COPY
 * relocations copy relocated data); constructors run once everything is
 * relocated, again backwards, each object's dependencies first
 * (depth-first).  Destructors run in the reverse order of constructors.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "elf_impl.h"
#include "mm.h"
#include "vfs.h"

#define PATH_MAX_LEN 512

/*
 * Needed by programs, provided by the kernel itself.  libm.so.6 is not
 * one: it is a library of its own (libc/math), loaded from the search
 * path like any other.
 */
static const char *const kernel_names[] = {
    "libc.so.6",  "libpthread.so.0",	  "libdl.so.2",
    "librt.so.1", "ld-linux-x86-64.so.2", "libosv.so",
};

static const char default_path[] =
    "/lib:/usr/lib:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu";

static char error_text[PATH_MAX_LEN + 256];
static enum elf_error_kind error_kind;

static struct elf_object *objects, *last_object; /* load order */
static struct elf_object *program, *kernel;
static struct elf_list global_scope;
static struct elf_list init_order;
static int init_argc;
static char **init_argv, **init_envp;
unsigned long long elf_adds, elf_subs;

bool elf_fail(enum elf_error_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(error_text, sizeof(error_text), fmt, ap);
	va_end(ap);
	error_kind = kind;
	return false;
}

const char *elf_error(void)
{
	return error_text;
}

enum elf_error_kind elf_error_kind(void)
{
	return error_kind;
}

char *elf_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = heap_alloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* Out of line: each copy inlined would be translated again under TCG. */
__attribute__((noinline)) bool elf_list_push(struct elf_list *l,
					     struct elf_object *obj)
{
	if (l->count == l->cap) {
		unsigned cap = l->cap ? 2 * l->cap : 8;
		struct elf_object **items =
		    heap_realloc(l->items, cap * sizeof(*items));
		if (!items)
			return elf_fail(ELF_ERR_NO_MEMORY, "out of memory");
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = obj;
	return true;
}

bool elf_list_has(const struct elf_list *l, const struct elf_object *obj)
{
	for (unsigned i = 0; i < l->count; i++)
		if (l->items[i] == obj)
			return true;
	return false;
}

static void list_remove(struct elf_list *l, const struct elf_object *obj)
{
	unsigned j = 0;
	for (unsigned i = 0; i < l->count; i++)
		if (l->items[i] != obj)
			l->items[j++] = l->items[i];
	l->count = j;
}

struct elf_object *elf_first_object(void)
{
	return objects;
}

struct elf_object *elf_kernel(void)
{
	if (!kernel)
		kernel = elf_kernel_object();
	return kernel;
}

/*
 * The chain of link maps that debuggers (through _r_debug) and
 * dladdr1()/dlinfo() see: the loaded objects in load order, then the
 * kernel, where glibc's chain ends with ld.so.  It is threaded again
 * after each change, then r_brk's function is called.
 */
OSV_LIBC_API struct r_debug _r_debug = {.r_version = 1};

/* r_brk: where a debugger would break to see the new chain. */
static __attribute__((noinline)) void debug_state(void)
{
	__asm__ volatile("" ::: "memory");
}

static void fill_link_map(struct elf_object *o, struct link_map *prev)
{
	o->link_map = (struct link_map){
	    .l_addr = o->base,
	    .l_name = o->is_executable ? (char *)"" : o->path,
	    .l_ld = (Elf64_Dyn *)o->dynamic,
	    .l_prev = prev,
	};
	if (prev)
		prev->l_next = &o->link_map;
}

static void thread_link_maps(void)
{
	struct link_map *prev = NULL;
	for (struct elf_object *o = objects; o; o = o->next) {
		fill_link_map(o, prev);
		prev = &o->link_map;
	}
	struct elf_object *k = elf_kernel();
	fill_link_map(k, prev);
	_r_debug.r_map = objects ? &objects->link_map : &k->link_map;
	_r_debug.r_brk = (Elf64_Addr)debug_state;
	_r_debug.r_ldbase = k->base;
	_r_debug.r_state = RT_CONSISTENT;
	debug_state();
}

struct link_map *elf_link_map(struct elf_object *obj)
{
	if (!obj->link_map.l_name)
		thread_link_maps(); /* the kernel before any load */
	return &obj->link_map;
}

static void link_object(struct elf_object *obj)
{
	if (last_object)
		last_object->next = obj;
	else
		objects = obj;
	last_object = obj;
	thread_link_maps();
}

/* Unlinks obj and everything loaded after it. */
static void unlink_from(struct elf_object *obj)
{
	struct elf_object **p = &objects;
	last_object = NULL;
	while (*p && *p != obj) {
		last_object = *p;
		p = &(*p)->next;
	}
	*p = NULL;
	thread_link_maps();
}

static void unlink_object(struct elf_object *obj)
{
	struct elf_object **p = &objects;
	last_object = NULL;
	for (; *p; p = &(*p)->next) {
		if (*p == obj)
			*p = obj->next;
		if (!*p)
			break;
		last_object = *p;
	}
	thread_link_maps();
}

static bool is_loaded(const struct elf_object *obj)
{
	for (const struct elf_object *o = objects; o; o = o->next)
		if (o == obj)
			return true;
	return false;
}

struct elf_object *elf_object_at(uint64_t addr)
{
	for (struct elf_object *o = objects; o; o = o->next)
		if (addr >= o->map_start && addr < o->map_end)
			return o;
	struct elf_object *k = elf_kernel();
	return addr >= k->map_start && addr < k->map_end ? k : NULL;
}

static bool is_kernel_name(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	for (size_t i = 0; i < sizeof(kernel_names) / sizeof(*kernel_names);
	     i++)
		if (strcmp(base, kernel_names[i]) == 0)
			return true;
	return false;
}

/*
 * Files.  A name with a slash is a path; a bare name is looked for in the
 * directories of the needing object's DT_RPATH (only when it has no
 * DT_RUNPATH), its DT_RUNPATH, then the default directories.  $ORIGIN at
 * the start of a directory is the directory of the needing object.
 */

/* The regular file at path, referenced; NULL for anything else. */
static struct vnode *regular_file(const char *path)
{
	struct vnode *vn;
	if (vfs_lookup(path, VFS_LOOKUP_FOLLOW, &vn))
		return NULL;
	if (vn->type == VFS_IFREG)
		return vn;
	vnode_release(vn);
	return NULL;
}

/* Writes dir (len bytes, $ORIGIN expanded) + "/" + name into path. */
static bool join(char *path, const char *dir, size_t len, const char *name,
		 const struct elf_object *origin)
{
	size_t n = 0;
	if (origin && (strncmp(dir, "$ORIGIN", 7) == 0 ||
		       strncmp(dir, "${ORIGIN}", 9) == 0)) {
		size_t skip = dir[1] == '{' ? 9 : 7;
		const char *slash = strrchr(origin->path, '/');
		n = slash ? (size_t)(slash - origin->path) : 0;
		if (n >= PATH_MAX_LEN)
			return false;
		memcpy(path, origin->path, n);
		dir += skip;
		len -= skip;
	}
	if (n + len + strlen(name) + 2 > PATH_MAX_LEN)
		return false;
	memcpy(path + n, dir, len);
	n += len;
	path[n++] = '/';
	strcpy(path + n, name);
	return true;
}

static struct vnode *search(const char *dirs, const char *name,
			    const struct elf_object *origin, char *path)
{
	while (dirs && *dirs) {
		const char *end = strchr(dirs, ':');
		size_t len = end ? (size_t)(end - dirs) : strlen(dirs);
		struct vnode *f = NULL;
		if (len && join(path, dirs, len, name, origin))
			f = regular_file(path);
		if (f)
			return f;
		dirs = end ? end + 1 : NULL;
	}
	return NULL;
}

/* The file for name; the program's name is always a path. */
static struct vnode *find_file(const char *name,
			       const struct elf_object *needer, bool program,
			       char *path)
{
	if (program || strchr(name, '/')) {
		if (strlen(name) >= PATH_MAX_LEN)
			return NULL;
		strcpy(path, name);
		return regular_file(name);
	}
	struct vnode *f = NULL;
	if (needer && !needer->runpath && needer->rpath)
		f = search(needer->rpath, name, needer, path);
	if (!f && needer && needer->runpath)
		f = search(needer->runpath, name, needer, path);
	return f ? f : search(default_path, name, NULL, path);
}

static bool not_found(const char *name, const struct elf_object *needer,
		      bool for_dlopen)
{
	if (for_dlopen)
		return elf_fail(ELF_ERR_NO_FILE,
				"%s: cannot open shared object file: No such "
				"file or directory",
				name);
	if (!needer)
		return elf_fail(ELF_ERR_NO_FILE,
				"%s: No such file or directory", name);
	const char *rp = needer->runpath ? needer->runpath : needer->rpath;
	/* A program linked with -lm needs the file, not the kernel. */
	bool libm = strcmp(name, "libm.so.6") == 0;
	return elf_fail(ELF_ERR_NO_FILE,
			"%s: needs %s, which is not found "
			"(searched %s%s%s)%s",
			needer->path, name, rp ? rp : "", rp ? ":" : "",
			default_path,
			libm ? "; osv's libm is a library of its own, "
			       "installed beside the kernel: put it in "
			       "/lib (osv-run does)"
			     : "");
}

/* Maps the file's contents, read in place when the filesystem can. */
static struct elf_object *map_file(struct vnode *f, const char *path,
				   uint64_t size, bool main_program)
{
	const void *data;
	if (vfs_direct(f, 0, size, &data) == 0)
		return elf_map_object(path, data, size, main_program);
	char *buf = heap_alloc(size ? size : 1);
	if (!buf) {
		elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory to read it", path);
		return NULL;
	}
	uint64_t done = 0;
	while (done < size) {
		long n = vfs_read(f, buf + done, size - done, done);
		if (n <= 0) {
			heap_free(buf);
			elf_fail(ELF_ERR_NO_FILE, "%s: read error (%ld)", path,
				 n);
			return NULL;
		}
		done += (uint64_t)n;
	}
	struct elf_object *obj = elf_map_object(path, buf, size, main_program);
	heap_free(buf);
	return obj;
}

/* BEGIN libraries beside a disk root */
/*
 * A library the search path does not find in a root on a disk may be in
 * the same directories of the boot filesystem (osv-run --image packs
 * libm.so.6 there).  Its bytes are read in place; what identifies the
 * file is their address (device BOOT_FILE_DEV).
 */
#define BOOT_FILE_DEV UINT64_MAX

static struct elf_object *link_fresh(struct elf_object *obj, uint64_t dev,
				     uint64_t ino, bool *fresh)
{
	if (!obj)
		return NULL;
	obj->file_dev = dev;
	obj->file_ino = ino;
	link_object(obj);
	*fresh = true;
	return obj;
}

static struct elf_object *load_boot_library(const char *name,
					    const struct elf_object *needer,
					    bool for_dlopen, bool *fresh)
{
	char path[PATH_MAX_LEN];
	const void *data = NULL;
	size_t size = 0;
	const char *dirs = default_path;
	while (dirs) {
		const char *end = strchr(dirs, ':');
		size_t len = end ? (size_t)(end - dirs) : strlen(dirs);
		if (join(path, dirs, len, name, NULL) &&
		    vfs_boot_file(path, &data, &size) == 0)
			break;
		dirs = end ? end + 1 : NULL;
	}
	if (!dirs) {
		not_found(name, needer, for_dlopen);
		return NULL;
	}
	for (struct elf_object *o = objects; o; o = o->next)
		if (o->file_dev == BOOT_FILE_DEV &&
		    o->file_ino == (uintptr_t)data)
			return o;
	return link_fresh(elf_map_object(path, data, size, false),
			  BOOT_FILE_DEV, (uintptr_t)data, fresh);
}
/* END libraries beside a disk root */

/*
 * The object for name: one already loaded (same soname or file), or the
 * file mapped and appended to the list (*fresh set).
 */
static struct elf_object *load_file(const char *name,
				    const struct elf_object *needer,
				    bool for_dlopen, bool *fresh)
{
	*fresh = false;
	for (struct elf_object *o = objects; o; o = o->next)
		if (o->soname && strcmp(o->soname, name) == 0)
			return o;
	char path[PATH_MAX_LEN];
	struct vnode *f = find_file(name, needer, !needer && !for_dlopen, path);
	/* BEGIN libraries beside a disk root */
	if (!f && (needer || for_dlopen) && !strchr(name, '/'))
		return load_boot_library(name, needer, for_dlopen, fresh);
	/* END libraries beside a disk root */
	if (!f) {
		not_found(name, needer, for_dlopen);
		return NULL;
	}
	struct vfs_attr attr;
	if (vfs_getattr_untimed(f, &attr)) { /* no wall clock */
		vnode_release(f);
		elf_fail(ELF_ERR_NO_FILE, "%s: cannot read its attributes",
			 path);
		return NULL;
	}
	for (struct elf_object *o = objects; o; o = o->next)
		if (o->file_dev == attr.dev && o->file_ino == attr.ino) {
			vnode_release(f);
			return o;
		}
	struct elf_object *obj =
	    map_file(f, path, attr.size, !needer && !for_dlopen);
	vnode_release(f);
	return link_fresh(obj, attr.dev, attr.ino, fresh);
}

/* Loads what the objects from first on need; new ones join root's group. */
static bool load_dependencies(struct elf_object *root, struct elf_object *first)
{
	for (struct elf_object *o = first; o; o = o->next) {
		o->group = root;
		for (size_t i = 0; i < o->dynamic_count; i++) {
			if (o->dynamic[i].d_tag != DT_NEEDED)
				continue;
			uint64_t off = o->dynamic[i].d_un.d_val;
			if (off >= o->strsz)
				return elf_fail(ELF_ERR_FORMAT,
						"%s: bad DT_NEEDED", o->path);
			const char *name = o->strtab + off;
			if (is_kernel_name(name))
				continue;
			bool fresh;
			struct elf_object *dep =
			    load_file(name, o, false, &fresh);
			if (!dep)
				return false;
			if (elf_list_has(&o->needed, dep))
				continue;
			if (!elf_list_push(&o->needed, dep))
				return false;
			dep->refcount++;
		}
	}
	return true;
}

/* obj's scope: itself and, breadth-first, everything it needs. */
static bool build_scope(struct elf_object *obj)
{
	obj->scope.count = 0;
	if (!elf_list_push(&obj->scope, obj))
		return false;
	for (unsigned i = 0; i < obj->scope.count; i++) {
		const struct elf_list *needed = &obj->scope.items[i]->needed;
		for (unsigned j = 0; j < needed->count; j++)
			if (!elf_list_has(&obj->scope, needed->items[j]) &&
			    !elf_list_push(&obj->scope, needed->items[j]))
				return false;
	}
	return true;
}

static bool make_global(struct elf_object *obj)
{
	if (!obj->scope.count && !build_scope(obj))
		return false;
	for (unsigned i = 0; i < obj->scope.count; i++) {
		struct elf_object *o = obj->scope.items[i];
		if (!elf_list_has(&global_scope, o) &&
		    !elf_list_push(&global_scope, o))
			return false;
		o->global = true;
	}
	obj->global = true;
	return true;
}

/* A symbol search in scope order; see elf_lookup(). */
struct search {
	const struct elf_name *name;
	const struct elf_object *skip, *after;
	bool started; /* past "after" */
	struct elf_symref found;
};

static bool search_in(struct search *s, const struct elf_object *obj)
{
	if (!s->started) {
		s->started = obj == s->after;
		return false;
	}
	if (obj == s->skip)
		return false;
	const Elf64_Sym *sym = elf_find_symbol(obj, s->name);
	if (sym)
		s->found = (struct elf_symref){obj, sym};
	return sym != NULL;
}

static bool search_list(struct search *s, const struct elf_list *l)
{
	for (unsigned i = 0; i < l->count; i++)
		if (search_in(s, l->items[i]))
			return true;
	return false;
}

struct elf_symref elf_lookup(const struct elf_name *n,
			     const struct elf_object *from,
			     const struct elf_object *skip,
			     const struct elf_object *after)
{
	struct search s = {n, skip, after, after == NULL, {NULL, NULL}};
	const struct elf_object *group = from ? from->group : NULL;
	bool local = group && !group->global;
	if (from && (from->flags & DF_SYMBOLIC) && search_in(&s, from))
		return s.found;
	if (local && group->deepbind && search_list(&s, &group->scope))
		return s.found;
	if (search_list(&s, &global_scope))
		return s.found;
	if (local && !group->deepbind && search_list(&s, &group->scope))
		return s.found;
	if (search_in(&s, elf_kernel()))
		return s.found;
	return (struct elf_symref){NULL, NULL};
}

static char first_error[sizeof(error_text)];

/*
 * Relocates o and the objects after it, the last first (recursion, not
 * a list on the heap: the objects of one load are few).  Keeps the
 * first error in *kind and first_error; false when one other than an
 * undefined symbol stops the walk.
 */
static bool relocate_back(struct elf_object *o, bool print_undefined,
			  enum elf_error_kind *kind)
{
	if (o->next && !relocate_back(o->next, print_undefined, kind))
		return false;
	if (elf_relocate(o, print_undefined))
		return true;
	if (*kind == ELF_ERR_NONE) {
		*kind = error_kind;
		strcpy(first_error, error_text);
	}
	return error_kind == ELF_ERR_UNDEFINED;
}

/*
 * Relocates the objects from first on, last first, then fills their
 * static TLS (their RELRO was mapped read-only: object.c, but for an
 * ET_EXEC's, sealed here).  Goes on
 * past undefined symbols to report them all; the first error is kept.
 */
static bool relocate_from(struct elf_object *first, bool print_undefined)
{
	enum elf_error_kind kind = ELF_ERR_NONE;
	relocate_back(first, print_undefined, &kind);
	if (kind != ELF_ERR_NONE) {
		strcpy(error_text, first_error);
		error_kind = kind;
		return false;
	}
	for (struct elf_object *o = first; o; o = o->next) {
		elf_tls_init_static(o);
		elf_seal_fixed(o);
	}
	return true;
}

static bool assign_tls(struct elf_object *first, bool initial)
{
	for (struct elf_object *o = first; o; o = o->next)
		if (!elf_tls_assign_static(o, initial))
			return false;
	return true;
}

/*
 * Gives the program's DT_DEBUG entry _r_debug's address, as glibc's
 * ld.so does for debuggers (through the identity map: a PIE's dynamic
 * section may be read-only RELRO; before relocate_from() seals an
 * ET_EXEC's, whose identity map is its mapping).  A program that names
 * _r_debug has a copy of it, made once the program's link map heads the
 * chain (it stays the head, and the chain behind it is live); glibc's
 * copy is such a snapshot too.
 */
static void set_dt_debug(struct elf_object *prog)
{
	for (size_t i = 0; i < prog->dynamic_count; i++) {
		const Elf64_Dyn *d = &prog->dynamic[i];
		if (d->d_tag == DT_DEBUG)
			((Elf64_Dyn *)elf_object_ram(prog, (uint64_t)d))
			    ->d_un.d_ptr = (Elf64_Addr)&_r_debug;
	}
}

struct elf_object *elf_load_program(const char *path, int argc, char **argv,
				    char **envp)
{
	init_argc = argc;
	init_argv = argv;
	init_envp = envp;
	elf_kernel();
	bool fresh;
	program = load_file(path, NULL, false, &fresh);
	if (!program || !load_dependencies(program, program) ||
	    !make_global(program) || !assign_tls(program, true))
		return NULL;
	void *tcb = elf_tls_create();
	if (!tcb) {
		elf_fail(ELF_ERR_NO_MEMORY, "%s: no memory for TLS", path);
		return NULL;
	}
	elf_tls_install(tcb);
	for (struct elf_object *o = program; o; o = o->next) {
		o->nodelete = true;
		elf_adds++;
	}
	set_dt_debug(program);
	return relocate_from(program, true) ? program : NULL;
}

typedef void (*init_fn)(int argc, char **argv, char **envp);

static void call_array(const uint64_t *array, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (array[i] && array[i] != (uint64_t)-1)
			((init_fn)array[i])(init_argc, init_argv, init_envp);
}

static void init_object(struct elf_object *obj)
{
	if (obj->init_started || !obj->relocated)
		return;
	obj->init_started = true;
	for (unsigned i = 0; i < obj->needed.count; i++)
		init_object(obj->needed.items[i]);
	if (obj->init)
		((init_fn)obj->init)(init_argc, init_argv, init_envp);
	call_array(obj->init_array, obj->init_count);
	obj->init_done = true;
	elf_list_push(&init_order, obj);
}

/*
 * Initializes o and the objects after it not yet initialized, last
 * loaded first.  The walk reaches the end before any constructor runs,
 * so the objects a constructor's dlopen() adds are left to that call.
 */
static void init_back(struct elf_object *o)
{
	if (o->next)
		init_back(o->next);
	init_object(o);
}

static void init_pending(void)
{
	if (objects)
		init_back(objects);
}

void elf_run_init(void)
{
	if (program && !program->init_started)
		call_array(program->preinit_array, program->preinit_count);
	init_pending();
}

static void fini_object(struct elf_object *obj)
{
	if (!obj->init_done || obj->fini_done)
		return;
	obj->fini_done = true;
	for (size_t i = obj->fini_count; i-- > 0;)
		if (obj->fini_array[i] && obj->fini_array[i] != (uint64_t)-1)
			((void (*)(void))obj->fini_array[i])();
	if (obj->fini)
		((void (*)(void))obj->fini)();
}

void elf_run_fini(void)
{
	/* a destructor may dlclose() or exit(): recheck the count */
	for (unsigned i = init_order.count; i-- > 0;)
		if (i < init_order.count)
			fini_object(init_order.items[i]);
}

/* Takes back a failed dlopen(): everything from first on. */
static void unload_failed(struct elf_object *first)
{
	struct elf_object *o = first;
	unlink_from(first);
	while (o) {
		struct elf_object *next = o->next;
		for (unsigned i = 0; i < o->needed.count; i++)
			o->needed.items[i]->refcount--;
		elf_tls_forget(o);
		elf_unmap_object(o);
		o = next;
	}
}

static struct elf_object *open_new(const char *file,
				   const struct elf_object *from, int mode)
{
	bool fresh;
	struct elf_object *obj = load_file(file, from, true, &fresh);
	if (!obj || !fresh)
		return obj;
	obj->deepbind = mode & RTLD_DEEPBIND;
	if (!load_dependencies(obj, obj) || !build_scope(obj) ||
	    !assign_tls(obj, false) || !relocate_from(obj, false)) {
		unload_failed(obj);
		return NULL;
	}
	for (struct elf_object *o = obj; o; o = o->next)
		elf_adds++;
	return obj;
}

void *elf_dlopen(const char *file, int mode, const void *caller)
{
	error_kind = ELF_ERR_NONE;
	if (!file)
		return program ? program : elf_kernel();
	if (!(mode & RTLD_BINDING_MASK)) {
		elf_fail(ELF_ERR_USAGE, "invalid mode for dlopen()");
		return NULL;
	}
	if (is_kernel_name(file))
		return elf_kernel();
	struct elf_object *from = elf_object_at((uint64_t)caller);
	struct elf_object *obj = NULL;
	if (mode & RTLD_NOLOAD) {
		for (struct elf_object *o = objects; o && !obj; o = o->next)
			if ((o->soname && strcmp(o->soname, file) == 0) ||
			    strcmp(o->path, file) == 0)
				obj = o;
		if (!obj)
			return NULL; /* not an error, as in glibc */
	} else {
		obj = open_new(file, from, mode);
		if (!obj)
			return NULL;
	}
	obj->refcount++;
	if (mode & RTLD_NODELETE)
		obj->nodelete = true;
	if ((mode & RTLD_GLOBAL) && !obj->global && !make_global(obj))
		return NULL;
	init_pending();
	return obj;
}

static bool valid_handle(const struct elf_object *obj)
{
	if (obj == elf_kernel() || is_loaded(obj))
		return true;
	return elf_fail(ELF_ERR_USAGE, "invalid handle %p", (void *)obj);
}

bool elf_valid_handle(const struct elf_object *obj)
{
	error_kind = ELF_ERR_NONE;
	return valid_handle(obj);
}

/* Drops one reference; unloads obj and what only it needed at zero. */
static void release(struct elf_object *obj)
{
	if (obj->refcount)
		obj->refcount--;
	if (obj->refcount || obj->nodelete)
		return;
	fini_object(obj);
	unlink_object(obj);
	list_remove(&global_scope, obj);
	elf_subs++;
	for (unsigned i = 0; i < obj->needed.count; i++)
		release(obj->needed.items[i]);
}

int elf_dlclose(void *handle)
{
	struct elf_object *obj = handle;
	if (!valid_handle(obj))
		return -1;
	if (!obj->is_kernel)
		release(obj);
	return 0;
}

/* Where a dlsym() with this handle looks, NULL for a bad handle. */
static struct elf_symref dlsym_lookup(void *handle, const struct elf_name *n,
				      const void *caller)
{
	struct elf_object *from = elf_object_at((uint64_t)caller);
	struct elf_symref none = {NULL, NULL};
	if (handle == RTLD_DEFAULT)
		return elf_lookup(n, from && !from->is_kernel ? from : program,
				  NULL, NULL);
	if (handle == RTLD_NEXT) {
		if (!from) {
			elf_fail(ELF_ERR_USAGE,
				 "RTLD_NEXT used in code not dynamically "
				 "loaded");
			return none;
		}
		return elf_lookup(n, from, NULL, from);
	}
	struct elf_object *obj = handle;
	if (!valid_handle(obj))
		return none;
	if (obj == program)
		return elf_lookup(n, program, NULL, NULL);
	if (!obj->scope.count && !obj->is_kernel && !build_scope(obj))
		return none;
	struct search s = {n, NULL, NULL, true, {NULL, NULL}};
	if (search_list(&s, &obj->scope) || search_in(&s, elf_kernel()))
		return s.found;
	return none;
}

void *elf_dlsym(void *handle, const char *name, const char *version,
		const void *caller)
{
	struct elf_name n;
	elf_name_init(&n, name, version);
	error_kind = ELF_ERR_NONE;
	struct elf_symref ref = dlsym_lookup(handle, &n, caller);
	if (!ref.obj) {
		if (error_kind == ELF_ERR_NONE) {
			const struct elf_object *obj = handle;
			bool pseudo =
			    handle == RTLD_DEFAULT || handle == RTLD_NEXT;
			elf_fail(ELF_ERR_UNDEFINED,
				 "%s: undefined symbol: %s%s%s",
				 pseudo ? "RTLD_DEFAULT" : obj->path, name,
				 version ? ", version " : "",
				 version ? version : "");
		}
		return NULL;
	}
	if (ELF64_ST_TYPE(ref.sym->st_info) == STT_TLS)
		return elf_tls_address(ref.obj->tls_modid, ref.sym->st_value);
	return (void *)elf_symbol_address(&ref);
}
