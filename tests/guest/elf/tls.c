/*
 * Thread-local storage: the program's own (general-dynamic,
 * local-dynamic, initial-exec, with .tdata and .tbss), a library's
 * reached both ways, one dlopen()ed, and the thread control block.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

__thread int app_gd = 201;
static __thread int app_ld = 202;
__thread int app_ie __attribute__((tls_model("initial-exec"))) = 203;
__thread int app_bss;

extern __thread int lib_gd;
extern __thread int lib_ie __attribute__((tls_model("initial-exec")));
extern __thread int lib_bss;
extern __thread char lib_aligned[64];
int *lib_gd_addr(void);
int *lib_ie_addr(void);
int lib_bss_get(void);

static int find_libtls(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	if (strcmp(info->dlpi_name, "/lib/libtls.so") != 0)
		return 0;
	*(struct dl_phdr_info *)data = *info;
	return 1;
}

/* Whether p lies in the TLS block dl_iterate_phdr() reported. */
static int in_tls_block(const struct dl_phdr_info *info, const char *p)
{
	const char *block = info->dlpi_tls_data;
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_TLS)
			return block && p >= block &&
			       p < block + info->dlpi_phdr[i].p_memsz;
	return 0;
}

static void check_dlopen(void)
{
	void *h = dlopen("libtlsdyn.so", RTLD_NOW);
	int *(*addr)(void) = h ? (int *(*)(void))dlsym(h, "dyn_tls_addr") : 0;
	int (*bump)(void) = h ? (int (*)(void))dlsym(h, "dyn_bss_bump") : 0;
	check("dlopen-tls",
	      addr && *addr() == 301 && bump && bump() == 1 && bump() == 2);
	check("dlsym-tls", h && dlsym(h, "dyn_tls") == (void *)addr());
}

int main(void)
{
	char *tp = thread_pointer();
	check("tcb-self", *(void **)tp == tp);
	check("canary", stack_canary() != 0);
	check("app-gd", app_gd == 201);
	check("app-ld", app_ld == 202);
	check("app-ie", app_ie == 203);
	check("app-tbss", app_bss == 0);
	check("static-below-tp", (char *)&app_ie < tp && (char *)&app_gd < tp &&
				     (char *)&lib_ie < tp);
	check("lib-gd", lib_gd == 101 && &lib_gd == lib_gd_addr());
	check("lib-ie", lib_ie == 102 && &lib_ie == lib_ie_addr());
	lib_bss = 5;
	check("lib-tbss", lib_bss_get() == 5);
	check("tls-alignment",
	      ((uintptr_t)lib_aligned & 63) == 0 && lib_aligned[0] == 7);
	struct dl_phdr_info info = {0};
	dl_iterate_phdr(find_libtls, &info);
	check("phdr-tls", info.dlpi_tls_modid != 0 &&
			      in_tls_block(&info, (char *)&lib_gd) &&
			      in_tls_block(&info, lib_aligned));
	check_dlopen();
	return check_failures;
}
