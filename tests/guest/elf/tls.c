/*
 * Thread-local storage: the program's own (general-dynamic,
 * local-dynamic, initial-exec, with .tdata and .tbss), a library's
 * reached both ways, one dlopen()ed, and the thread control block.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
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

/*
 * __thread variables from several threads at once: each new thread
 * starts from the initial image and keeps its own copy, in a DT_NEEDED
 * library (general-dynamic and initial-exec) and in a dlopen()ed one.
 */
#define WORKERS 4

struct worker {
	int id;
	int lib_initial, dyn_initial;
	int *lib_addr, *dyn_addr;
	int kept;
};

static int *(*dyn_addr_fn)(void);
static pthread_barrier_t all_set;

static void *tls_worker(void *arg)
{
	struct worker *w = arg;
	w->lib_initial = lib_gd == 101 && lib_ie == 102 && lib_bss_get() == 0;
	w->dyn_initial = *dyn_addr_fn() == 301;
	w->lib_addr = lib_gd_addr();
	w->dyn_addr = dyn_addr_fn();
	lib_gd = w->id;
	lib_ie = w->id + 1;
	lib_bss = w->id + 2;
	*dyn_addr_fn() = w->id + 3;
	pthread_barrier_wait(&all_set); /* every thread has written its own */
	w->kept = lib_gd == w->id && lib_ie == w->id + 1 &&
		  lib_bss_get() == w->id + 2 && *dyn_addr_fn() == w->id + 3;
	return NULL;
}

static int distinct(struct worker *w, int *main_copy, int lib)
{
	for (int i = 0; i < WORKERS; i++) {
		int *a = lib ? w[i].lib_addr : w[i].dyn_addr;
		if (a == main_copy)
			return 0;
		for (int j = 0; j < i; j++)
			if (a == (lib ? w[j].lib_addr : w[j].dyn_addr))
				return 0;
	}
	return 1;
}

static void check_threads(void)
{
	void *h = dlopen("libtlsdyn.so", RTLD_NOW);
	dyn_addr_fn = h ? (int *(*)(void))dlsym(h, "dyn_tls_addr") : 0;
	if (!dyn_addr_fn) {
		check("threads-tls-setup", 0);
		return;
	}
	*dyn_addr_fn() = 999; /* the main thread's copy, not the image */
	struct worker w[WORKERS];
	pthread_t t[WORKERS];
	pthread_barrier_init(&all_set, NULL, WORKERS);
	int started = 0;
	for (int i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){.id = 1000 * (i + 1)};
		started += !pthread_create(&t[i], NULL, tls_worker, &w[i]);
	}
	int lib_initial = 1, dyn_initial = 1, kept = 1;
	for (int i = 0; i < started; i++) {
		pthread_join(t[i], NULL);
		lib_initial &= w[i].lib_initial;
		dyn_initial &= w[i].dyn_initial;
		kept &= w[i].kept;
	}
	check("threads-started", started == WORKERS);
	check("threads-lib-initial", lib_initial);
	check("threads-lib-distinct", distinct(w, lib_gd_addr(), 1));
	check("threads-dlopen-initial", dyn_initial);
	check("threads-dlopen-distinct", distinct(w, dyn_addr_fn(), 0));
	check("threads-kept", kept && lib_gd == 101 && *dyn_addr_fn() == 999);
	*dyn_addr_fn() = 301;
	dlclose(h);
}

/*
 * A thread dlopen()s a library, registers a thread_local destructor
 * there, dlclose()s it and ends: the destructor must still run (the
 * registration holds the library), and the library go after it.
 */
static void *pin_worker(void *arg)
{
	void *h = dlopen("libtlsdyn.so", RTLD_NOW);
	int (*reg)(int *) = h ? (int (*)(int *))dlsym(h, "dyn_register_dtor")
			      : 0;
	int *(*addr)(void) = h ? (int *(*)(void))dlsym(h, "dyn_tls_addr") : 0;
	if (!reg || !addr || reg(arg) != 0)
		return NULL;
	*addr() = 4242;
	dlclose(h);
	return NULL;
}

static void check_dtor_pins_library(void)
{
	int reported = 0;
	pthread_t t;
	pthread_create(&t, NULL, pin_worker, &reported);
	pthread_join(t, NULL);
	check("thread-dtor-after-dlclose", reported == 4242);
	check("unloaded-after-thread-dtor",
	      !dlopen("libtlsdyn.so", RTLD_NOW | RTLD_NOLOAD));
}

int main(void)
{
	check_dtor_pins_library();
	check_threads();
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
