/*
 * The dlfcn interface: dlopen() of an object of the boot filesystem,
 * dlsym(), dlerror(), dladdr(), dlclose() running its destructors,
 * dl_iterate_phdr(), RTLD_DEFAULT and RTLD_NEXT, weak undefined symbols.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

extern int weak_function(void) __attribute__((weak));
extern int weak_data __attribute__((weak));
extern ElfW(Dyn) _DYNAMIC[];
int main(void);

int next_id(void)
{
	return 1;
}

static void check_dladdr(int (*twice)(int))
{
	Dl_info info;
	check("dladdr-plugin",
	      dladdr((void *)twice, &info) &&
		  strcmp(info.dli_fname, "/lib/libplugin.so") == 0 &&
		  strcmp(info.dli_sname, "plugin_twice") == 0 &&
		  info.dli_saddr == (void *)twice);
	check("dladdr-program", dladdr((char *)(void *)main + 1, &info) &&
				    strcmp(info.dli_fname, "/dl.so") == 0 &&
				    strcmp(info.dli_sname, "main") == 0 &&
				    info.dli_saddr == (void *)main);
	check("dladdr-kernel", dladdr((void *)puts, &info) && info.dli_sname &&
				   strcmp(info.dli_sname, "puts") == 0);
	check("dladdr-nothing", dladdr((void *)16, &info) == 0);
}

struct seen {
	int count, program, plugin;
	unsigned long long subs;
	void *eh_frame; /* the program's PT_GNU_EH_FRAME */
};

static int note_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct seen *s = data;
	Dl_info self;
	s->count++;
	s->subs = info->dlpi_subs;
	if (size < sizeof(*info))
		return -1;
	if (strcmp(info->dlpi_name, "/lib/libplugin.so") == 0)
		s->plugin = 1;
	if (strcmp(info->dlpi_name, "/dl.so") != 0)
		return 0;
	dladdr((void *)main, &self);
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_GNU_EH_FRAME)
			s->eh_frame = (void *)(info->dlpi_addr +
					       info->dlpi_phdr[i].p_vaddr);
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_DYNAMIC &&
		    info->dlpi_addr + info->dlpi_phdr[i].p_vaddr ==
			(ElfW(Addr))_DYNAMIC &&
		    info->dlpi_addr == (ElfW(Addr))self.dli_fbase)
			s->program = 1;
	return 0;
}

static void check_lookups(void)
{
	void *self = dlopen(NULL, RTLD_NOW);
	check("dlopen-null", self && dlsym(self, "main") == (void *)main);
	check("rtld-default", dlsym(RTLD_DEFAULT, "puts") == (void *)puts);
	int (*next)(void) = (int (*)(void))dlsym(RTLD_NEXT, "next_id");
	check("rtld-next", next_id() == 1 && next && next() == 2);
	check("weak-undefined", weak_function == NULL && &weak_data == NULL);
	check("dlopen-missing", dlopen("libnope.so", RTLD_NOW) == NULL &&
				    has_text(dlerror(), "libnope.so"));
}

/* Failed loads leave nothing behind: a second try fails the same way. */
static void check_failures_to_load(void)
{
	check("dlopen-not-elf", dlopen("/notelf.txt", RTLD_NOW) == NULL &&
				    has_text(dlerror(), "not an ELF file"));
	check("dlopen-exec", dlopen("/exec", RTLD_NOW) == NULL &&
				 has_text(dlerror(), "/exec: linked at a fixed "
						     "address (ET_EXEC): only "
						     "the main program"));
	check("dlopen-missing-library",
	      dlopen("/needs_gone.so", RTLD_NOW) == NULL &&
		  has_text(dlerror(), "libgone.so"));
	for (int i = 0; i < 2; i++)
		check("dlopen-undefined",
		      dlopen("/missing.so", RTLD_NOW) == NULL &&
			  has_text(dlerror(), "/missing.so: undefined symbol: "
					      "osv_test_missing_function"));
}

int main(void)
{
	check_lookups();
	check_failures_to_load();
	void *h = dlopen("libplugin.so", RTLD_NOW);
	check("dlopen", h != NULL);
	int (*twice)(int) = (int (*)(int))dlsym(h, "plugin_twice");
	int *value = dlsym(h, "plugin_value");
	check("dlsym", twice && twice(21) == 42 && value && *value == 77);
	check("dlsym-missing", dlsym(h, "no_such_symbol") == NULL &&
				   has_text(dlerror(), "no_such_symbol") &&
				   dlerror() == NULL);
	void *again = dlopen("/lib/libplugin.so", RTLD_NOW);
	check("dlopen-again", again == h && dlclose(again) == 0);
	check_dladdr(twice);
	struct seen before = {0}, after = {0};
	dl_iterate_phdr(note_object, &before);
	check("iterate-phdr", before.program && before.plugin);
	struct dl_find_object found;
	check("dl-find-object",
	      _dl_find_object((void *)main, &found) == 0 &&
		  found.dlfo_eh_frame &&
		  found.dlfo_eh_frame == before.eh_frame &&
		  (char *)found.dlfo_map_start <= (char *)(void *)main &&
		  (char *)(void *)main < (char *)found.dlfo_map_end &&
		  _dl_find_object((void *)16, &found) == -1);
	puts("dl: dlclose");
	check("dlclose", dlclose(h) == 0);
	puts("dl: dlclose done");
	dl_iterate_phdr(note_object, &after);
	check("iterate-after-dlclose", !after.plugin &&
					   after.count == before.count - 1 &&
					   after.subs == before.subs + 1);
	return check_failures;
}
