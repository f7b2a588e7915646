/*
 * Questions about loaded objects: what a program is and where it
 * starts, which symbol or object an address belongs to (dladdr(),
 * _dl_find_object(), backtraces), and the list dl_iterate_phdr() walks.  The
 * nearest-symbol search scans the dynamic symbol table, so only exported
 * symbols have names; that is all dladdr() promises.
 */
#include <string.h>

#include "elf_impl.h"

void elf_program_info(const struct elf_object *obj,
		      struct elf_program_info *out)
{
	out->base = obj->base;
	out->entry = obj->is_executable ? obj->entry : 0;
	out->phdr = obj->phdr;
	out->phnum = obj->phnum;
	out->is_executable = obj->is_executable;
	out->path = obj->path;
}

void *elf_object_symbol(const struct elf_object *obj, const char *name)
{
	struct elf_name n;
	elf_name_init(&n, name, NULL);
	struct elf_symref ref = {obj, elf_find_symbol(obj, &n)};
	if (!ref.sym || ELF64_ST_TYPE(ref.sym->st_info) == STT_TLS)
		return NULL;
	return (void *)elf_symbol_address(&ref);
}

/* The symbol of obj that contains addr (or starts there), or NULL. */
static const Elf64_Sym *containing_symbol(const struct elf_object *obj,
					  uint64_t addr)
{
	const Elf64_Sym *best = NULL;
	uint64_t best_start = 0;
	for (size_t i = 1; i < obj->nsyms; i++) {
		const Elf64_Sym *s = &obj->symtab[i];
		unsigned type = ELF64_ST_TYPE(s->st_info);
		if (s->st_shndx == SHN_UNDEF || s->st_value == 0 ||
		    type == STT_TLS || type == STT_SECTION || type == STT_FILE)
			continue;
		uint64_t start = s->st_shndx == SHN_ABS
				     ? s->st_value
				     : obj->base + s->st_value;
		if (start > addr || (best && start <= best_start))
			continue;
		if (addr - start < s->st_size || addr == start) {
			best = s;
			best_start = start;
		}
	}
	return best;
}

int elf_dladdr(const void *addr, Dl_info *info)
{
	return elf_dladdr1(addr, info, NULL, NULL);
}

int elf_dladdr1(const void *addr, Dl_info *info, const Elf64_Sym **sym,
		struct link_map **map)
{
	struct elf_object *obj = elf_object_at((uint64_t)addr);
	if (!obj)
		return 0;
	info->dli_fname = obj->path;
	info->dli_fbase = (void *)obj->map_start;
	const Elf64_Sym *s = containing_symbol(obj, (uint64_t)addr);
	info->dli_sname = s ? obj->strtab + s->st_name : NULL;
	info->dli_saddr =
	    s ? (void *)(s->st_shndx == SHN_ABS ? s->st_value
						: obj->base + s->st_value)
	      : NULL;
	if (sym)
		*sym = s;
	if (map)
		*map = elf_link_map(obj);
	return 1;
}

/* RTLD_DI_ORIGIN: the directory of obj's path, as glibc's l_origin. */
static void origin(const struct elf_object *obj, char *out)
{
	const char *slash = strrchr(obj->path, '/');
	if (!slash) {
		strcpy(out, ".");
		return;
	}
	size_t n = slash == obj->path ? 1 : (size_t)(slash - obj->path);
	memcpy(out, obj->path, n);
	out[n] = '\0';
}

int elf_dlinfo(void *handle, int request, void *arg)
{
	struct elf_object *obj = handle;
	if (!elf_valid_handle(obj))
		return -1;
	switch (request) {
	case RTLD_DI_LMID:
		*(long *)arg = 0; /* LM_ID_BASE: there is one namespace */
		return 0;
	case RTLD_DI_LINKMAP:
		*(struct link_map **)arg = elf_link_map(obj);
		return 0;
	case RTLD_DI_ORIGIN:
		origin(obj, arg);
		return 0;
	case RTLD_DI_TLS_MODID:
		*(size_t *)arg = obj->tls_modid;
		return 0;
	case RTLD_DI_TLS_DATA:
		*(void **)arg = elf_tls_block(obj->tls_modid);
		return 0;
	case RTLD_DI_PHDR:
		*(const Elf64_Phdr **)arg = obj->phdr;
		return (int)obj->phnum;
	default:
		elf_fail(ELF_ERR_USAGE, "unsupported dlinfo request");
		return -1;
	}
}

int elf_find_object(const void *addr, struct dl_find_object *out)
{
	const struct elf_object *obj = elf_object_at((uint64_t)addr);
	if (!obj || obj->is_kernel)
		return -1;
	*out = (struct dl_find_object){
	    .dlfo_map_start = (void *)obj->map_start,
	    .dlfo_map_end = (void *)obj->map_end,
	};
	for (unsigned i = 0; i < obj->phnum; i++)
		if (obj->phdr[i].p_type == PT_GNU_EH_FRAME)
			out->dlfo_eh_frame =
			    (void *)(obj->base + obj->phdr[i].p_vaddr);
	return 0;
}

const char *elf_symbolize(uint64_t pc, uint64_t *offset, const char **object)
{
	const struct elf_object *obj = elf_object_at(pc);
	*object = NULL;
	if (!obj || obj->is_kernel)
		return NULL;
	*object = obj->path;
	const Elf64_Sym *s = containing_symbol(obj, pc);
	if (!s) {
		*offset = pc - obj->base;
		return NULL;
	}
	*offset = pc - (obj->base + s->st_value);
	return obj->strtab + s->st_name;
}

const char *elf_kernel_function_before(uint64_t pc, uint64_t *start)
{
	const struct elf_object *k = elf_kernel_object();
	const Elf64_Sym *best = NULL;
	for (size_t i = 1; i < k->nsyms; i++) {
		const Elf64_Sym *s = &k->symtab[i];
		unsigned type = ELF64_ST_TYPE(s->st_info);
		if (s->st_shndx == SHN_UNDEF || s->st_value > pc ||
		    (best && s->st_value <= best->st_value) ||
		    (type != STT_FUNC && type != STT_NOTYPE &&
		     type != STT_GNU_IFUNC))
			continue;
		best = s;
	}
	if (!best)
		return NULL;
	*start = best->st_value;
	return k->strtab + best->st_name;
}

int elf_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size,
				     void *data),
		     void *data)
{
	for (struct elf_object *o = elf_first_object(); o; o = o->next) {
		struct dl_phdr_info info = {
		    .dlpi_addr = o->base,
		    .dlpi_name = o->path,
		    .dlpi_phdr = o->phdr,
		    .dlpi_phnum = o->phnum,
		    .dlpi_adds = elf_adds,
		    .dlpi_subs = elf_subs,
		    .dlpi_tls_modid = o->tls_modid,
		    .dlpi_tls_data = elf_tls_block(o->tls_modid),
		};
		int r = callback(&info, sizeof(info), data);
		if (r)
			return r;
	}
	return 0;
}
